"""mail in (issue 19): mailboxes (the addresses Polydesk receives for and the help desk new
tickets open in) and mail_imports (each received Message-ID once, so reruns are safe)

Revision ID: 0030
Revises: 0029
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0030"
down_revision = "0029"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "mailboxes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("addresses", sa.Text(), nullable=False),
        sa.Column("helpdesk_id", sa.Integer(), nullable=False),
        sa.Column("create_unknown_senders", sa.Boolean(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["helpdesk_id"], ["helpdesks.id"], name=op.f("fk_mailboxes_helpdesk_id_helpdesks")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mailboxes")),
        sa.UniqueConstraint("name", name=op.f("uq_mailboxes_name")),
    )
    op.create_table(
        "mail_imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.String(length=998), nullable=False),
        sa.Column("mailbox_id", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=True),
        sa.Column("comment_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["mailbox_id"], ["mailboxes.id"],
            name=op.f("fk_mail_imports_mailbox_id_mailboxes"), ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["tickets.id"],
            name=op.f("fk_mail_imports_ticket_id_tickets"), ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["comment_id"], ["comments.id"],
            name=op.f("fk_mail_imports_comment_id_comments"), ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_imports")),
        sa.UniqueConstraint("message_id", name=op.f("uq_mail_imports_message_id")),
    )  # fmt: skip


def downgrade() -> None:
    op.drop_table("mail_imports")
    op.drop_table("mailboxes")
