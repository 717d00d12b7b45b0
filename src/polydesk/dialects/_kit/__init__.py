"""Wire helpers more than one dialect needs (ARCHITECTURE.md §2)."""
