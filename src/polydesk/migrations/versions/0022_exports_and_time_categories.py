"""data exports (a saved view exported as CSV, addressed by a UUID: InvGate data.export) and
time categories (a tree with a cost per hour: InvGate timetracking.attributes.category)

Revision ID: 0022
Revises: 0021
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "data_exports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=191), nullable=False),
        sa.Column("view_id", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["view_id"], ["saved_views.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("uuid"),
    )
    op.create_index("ix_data_exports_view_id", "data_exports", ["view_id"])
    op.create_table(
        "time_categories",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=150), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("cost_per_hour", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.ForeignKeyConstraint(["parent_id"], ["time_categories.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_time_categories_parent_id", "time_categories", ["parent_id"])


def downgrade() -> None:
    op.drop_index("ix_time_categories_parent_id", table_name="time_categories")
    op.drop_table("time_categories")
    op.drop_index("ix_data_exports_view_id", table_name="data_exports")
    op.drop_table("data_exports")
