"""ticket unlock-time reset (Znuny's ticket.timeout, rendered as UnlockTimeout)

Revision ID: 0023
Revises: 0022
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.add_column(sa.Column("unlock_reset_at", sa.DateTime(timezone=True), nullable=True))
    # Existing tickets: the last reset we can know of is their creation.
    op.execute(sa.text("UPDATE tickets SET unlock_reset_at = created_at"))


def downgrade() -> None:
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.drop_column("unlock_reset_at")
