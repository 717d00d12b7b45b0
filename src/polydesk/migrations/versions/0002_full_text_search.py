"""Full-text index over search_documents: FTS5 on SQLite, tsvector + GIN on PostgreSQL.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SQLITE_UP = [
    # External-content FTS5 table: the text lives once, in search_documents.
    "CREATE VIRTUAL TABLE search_fts USING fts5(content, content='search_documents', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER search_documents_ai AFTER INSERT ON search_documents BEGIN "
    "INSERT INTO search_fts(rowid, content) VALUES (new.id, new.content); END",
    "CREATE TRIGGER search_documents_ad AFTER DELETE ON search_documents BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, content) "
    "VALUES ('delete', old.id, old.content); END",
    "CREATE TRIGGER search_documents_au AFTER UPDATE ON search_documents BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, content) VALUES ('delete', old.id, old.content); "
    "INSERT INTO search_fts(rowid, content) VALUES (new.id, new.content); END",
]
SQLITE_DOWN = [
    "DROP TRIGGER search_documents_au",
    "DROP TRIGGER search_documents_ad",
    "DROP TRIGGER search_documents_ai",
    "DROP TABLE search_fts",
]
POSTGRES_UP = [
    # 'simple': no stemming, so every product's language is matched the same way.
    "ALTER TABLE search_documents ADD COLUMN tsv tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', content)) STORED",
    "CREATE INDEX ix_search_documents_tsv ON search_documents USING gin (tsv)",
]
POSTGRES_DOWN = [
    "DROP INDEX ix_search_documents_tsv",
    "ALTER TABLE search_documents DROP COLUMN tsv",
]


def _statements(up: bool) -> list[str]:
    if op.get_bind().dialect.name == "sqlite":
        return SQLITE_UP if up else SQLITE_DOWN
    return POSTGRES_UP if up else POSTGRES_DOWN


def upgrade() -> None:
    for statement in _statements(up=True):
        op.execute(statement)


def downgrade() -> None:
    for statement in _statements(up=False):
        op.execute(statement)
