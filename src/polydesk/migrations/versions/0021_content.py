"""content: InvGate's KB article fields (description, responsible, solved requests) and a
full-text index over the articles (FTS5 on SQLite, tsvector + GIN on PostgreSQL); breaking
news targets (help desks, user groups), resolution time and updates; internal notes

Revision ID: 0021
Revises: 0020
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None

# The KB's full-text index, as 0002 indexes search_documents: an external-content FTS5 table
# kept in step by triggers on SQLite, a generated tsvector column with a GIN index on PostgreSQL.
SQLITE_UP = [
    "CREATE VIRTUAL TABLE search_fts_kb USING fts5(title, content, keywords, "
    "content='kb_articles', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER kb_articles_fts_ai AFTER INSERT ON kb_articles BEGIN "
    "INSERT INTO search_fts_kb(rowid, title, content, keywords) "
    "VALUES (new.id, new.title, new.content, new.keywords); END",
    "CREATE TRIGGER kb_articles_fts_ad AFTER DELETE ON kb_articles BEGIN "
    "INSERT INTO search_fts_kb(search_fts_kb, rowid, title, content, keywords) "
    "VALUES ('delete', old.id, old.title, old.content, old.keywords); END",
    "CREATE TRIGGER kb_articles_fts_au AFTER UPDATE OF title, content, keywords ON kb_articles "
    "BEGIN INSERT INTO search_fts_kb(search_fts_kb, rowid, title, content, keywords) "
    "VALUES ('delete', old.id, old.title, old.content, old.keywords); "
    "INSERT INTO search_fts_kb(rowid, title, content, keywords) "
    "VALUES (new.id, new.title, new.content, new.keywords); END",
    "INSERT INTO search_fts_kb(search_fts_kb) VALUES ('rebuild')",  # the existing articles
]
SQLITE_DOWN = [
    "DROP TRIGGER kb_articles_fts_au",
    "DROP TRIGGER kb_articles_fts_ad",
    "DROP TRIGGER kb_articles_fts_ai",
    "DROP TABLE search_fts_kb",
]
POSTGRES_UP = [
    "ALTER TABLE kb_articles ADD COLUMN tsv tsvector GENERATED ALWAYS AS (to_tsvector("
    "'simple', title || ' ' || content || ' ' || keywords)) STORED",
    "CREATE INDEX ix_kb_articles_tsv ON kb_articles USING gin (tsv)",
]
POSTGRES_DOWN = ["DROP INDEX ix_kb_articles_tsv", "ALTER TABLE kb_articles DROP COLUMN tsv"]


def _index_statements(up: bool) -> list[str]:
    if op.get_bind().dialect.name == "sqlite":
        return SQLITE_UP if up else SQLITE_DOWN
    return POSTGRES_UP if up else POSTGRES_DOWN


def upgrade() -> None:
    op.create_table(
        "internal_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("object_type", sa.String(length=32), nullable=False),
        sa.Column("object_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=255), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("last_author_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_internal_notes_author_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["last_author_id"], ["users.id"], name=op.f("fk_internal_notes_last_author_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_internal_notes")),
    )
    with op.batch_alter_table("internal_notes", schema=None) as batch_op:
        batch_op.create_index(
            "ix_internal_notes_object", ["object_type", "object_id"], unique=False
        )

    op.create_table(
        "breaking_news_groups",
        sa.Column("news_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["groups.id"],
            name=op.f("fk_breaking_news_groups_group_id_groups"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["news_id"],
            ["breaking_news.id"],
            name=op.f("fk_breaking_news_groups_news_id_breaking_news"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("news_id", "group_id", name=op.f("pk_breaking_news_groups")),
    )
    with op.batch_alter_table("breaking_news_groups", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_breaking_news_groups_group_id"), ["group_id"], unique=False
        )

    op.create_table(
        "breaking_news_helpdesks",
        sa.Column("news_id", sa.Integer(), nullable=False),
        sa.Column("helpdesk_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["helpdesk_id"],
            ["helpdesks.id"],
            name=op.f("fk_breaking_news_helpdesks_helpdesk_id_helpdesks"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["news_id"],
            ["breaking_news.id"],
            name=op.f("fk_breaking_news_helpdesks_news_id_breaking_news"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("news_id", "helpdesk_id", name=op.f("pk_breaking_news_helpdesks")),
    )
    with op.batch_alter_table("breaking_news_helpdesks", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_breaking_news_helpdesks_helpdesk_id"), ["helpdesk_id"], unique=False
        )

    op.create_table(
        "breaking_news_updates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("news_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("is_solution", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_breaking_news_updates_author_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["news_id"],
            ["breaking_news.id"],
            name=op.f("fk_breaking_news_updates_news_id_breaking_news"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_breaking_news_updates")),
    )
    with op.batch_alter_table("breaking_news_updates", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_breaking_news_updates_news_id"), ["news_id"], unique=False
        )

    with op.batch_alter_table("breaking_news", schema=None) as batch_op:
        batch_op.add_column(sa.Column("resolution_time", sa.DateTime(timezone=True), nullable=True))

    with op.batch_alter_table("kb_articles", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("description", sa.String(length=2000), server_default="", nullable=False)
        )
        batch_op.add_column(sa.Column("responsible_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("solved_requests", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_kb_articles_responsible_id_users"), "users", ["responsible_id"], ["id"]
        )

    for statement in _index_statements(up=True):  # after the batch: it rebuilds the table
        op.execute(statement)


def downgrade() -> None:
    for statement in _index_statements(up=False):
        op.execute(statement)
    with op.batch_alter_table("kb_articles", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_kb_articles_responsible_id_users"), type_="foreignkey"
        )
        batch_op.drop_column("solved_requests")
        batch_op.drop_column("responsible_id")
        batch_op.drop_column("description")

    with op.batch_alter_table("breaking_news", schema=None) as batch_op:
        batch_op.drop_column("resolution_time")

    with op.batch_alter_table("breaking_news_updates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_breaking_news_updates_news_id"))

    op.drop_table("breaking_news_updates")
    with op.batch_alter_table("breaking_news_helpdesks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_breaking_news_helpdesks_helpdesk_id"))

    op.drop_table("breaking_news_helpdesks")
    with op.batch_alter_table("breaking_news_groups", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_breaking_news_groups_group_id"))

    op.drop_table("breaking_news_groups")
    with op.batch_alter_table("internal_notes", schema=None) as batch_op:
        batch_op.drop_index("ix_internal_notes_object")

    op.drop_table("internal_notes")
