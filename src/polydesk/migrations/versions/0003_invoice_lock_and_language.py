"""invoice lock owner and document language

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Existing rows need a value for the NOT NULL column; the model sets it from Python, so the
    # server default is dropped again in a second step (a separate batch: SQLite copies the rows
    # while the default is still there).
    with op.batch_alter_table("invoices", schema=None) as batch_op:
        batch_op.add_column(sa.Column("locked_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("language", sa.String(length=16), nullable=False, server_default="")
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_invoices_locked_by_id_users"), "users", ["locked_by_id"], ["id"]
        )
    with op.batch_alter_table("invoices", schema=None) as batch_op:
        batch_op.alter_column("language", existing_type=sa.String(length=16), server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("invoices", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_invoices_locked_by_id_users"), type_="foreignkey")
        batch_op.drop_column("language")
        batch_op.drop_column("locked_by_id")
