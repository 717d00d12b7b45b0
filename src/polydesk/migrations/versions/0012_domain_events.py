"""domain events (recorded with each change, dispatched to subscribers after commit)

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "domain_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("batch", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=True),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_domain_events")),
    )
    op.create_index("ix_domain_events_ticket", "domain_events", ["ticket_id", "id"])
    op.create_index("ix_domain_events_batch", "domain_events", ["batch", "id"])


def downgrade() -> None:
    op.drop_index("ix_domain_events_batch", table_name="domain_events")
    op.drop_index("ix_domain_events_ticket", table_name="domain_events")
    op.drop_table("domain_events")
