"""Online backup and restore: one tar archive with a manifest, the database dump and the
attachment files. ``service`` holds the two use cases; the CLI is only a thin edge over them."""
