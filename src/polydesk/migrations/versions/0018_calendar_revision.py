"""calendar revision: a random tag renewed on every calendar change, the key of the SLA
engine's per-process cache of built calendars

Revision ID: 0018
Revises: 0017
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "business_calendars",
        sa.Column("revision", sa.String(length=32), server_default="", nullable=False),
    )


def downgrade() -> None:
    with op.batch_alter_table("business_calendars") as batch:
        batch.drop_column("revision")
