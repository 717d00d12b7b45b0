"""Full-text search over tickets and comments, one function for SQLite FTS5 and PostgreSQL."""
