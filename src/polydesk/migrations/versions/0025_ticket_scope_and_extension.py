"""ReadyDesk's tech inputs made real (issue 17): an agent's ticket scope (``viewable_tickets``
ALL / OWN, enforced by ``authz.tickets``) and a user's phone extension

Plain ADD COLUMNs (no batch mode): a batch rebuild of ``users`` on SQLite would lose the
expression index ``ix_users_login_lower`` (0004), which reflection cannot see.

Revision ID: 0025
Revises: 0024
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None

COLUMNS: list[sa.Column[object]] = [
    sa.Column(
        "ticket_scope",
        sa.Enum("HELPDESKS", "OWN", name="ticketscope", native_enum=False, length=16),
        server_default="HELPDESKS",  # SQLAlchemy stores enum members by name
        nullable=False,
    ),
    sa.Column("phone_extension", sa.String(length=255), server_default="", nullable=False),
]


def upgrade() -> None:
    for column in COLUMNS:
        op.add_column("users", column)


def downgrade() -> None:
    # Dropping columns needs a table rebuild on SQLite: batch mode, then the expression index
    # of users (0004) is made again.
    with op.batch_alter_table("users") as batch_op:
        for column in reversed(COLUMNS):
            batch_op.drop_column(column.name)
    op.execute("DROP INDEX IF EXISTS ix_users_login_lower")
    op.create_index("ix_users_login_lower", "users", [sa.text("lower(login)")], unique=False)
