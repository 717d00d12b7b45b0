"""configuration items: ITAM identity (source, external id, group) and a lower-cased name key
on inventory_items, for InvGate's CI operations

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("inventory_items", schema=None) as batch_op:
        batch_op.add_column(sa.Column("name_key", sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column("itam_source_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("external_id", sa.BigInteger(), nullable=True))
        batch_op.add_column(
            sa.Column("ci_group", sa.String(length=64), nullable=False, server_default="")
        )
    # Existing names get their key (SQL lower(): ASCII on SQLite; new rows use Python's).
    op.execute(sa.text("UPDATE inventory_items SET name_key = lower(substr(name, 1, 255))"))
    with op.batch_alter_table("inventory_items", schema=None) as batch_op:
        batch_op.alter_column("name_key", existing_type=sa.String(length=255), nullable=False)
        batch_op.alter_column("ci_group", existing_type=sa.String(length=64), server_default=None)
        batch_op.create_index(batch_op.f("ix_inventory_items_name_key"), ["name_key"], unique=False)
        batch_op.create_unique_constraint(
            batch_op.f("uq_inventory_items_itam_source_id_external_id"),
            ["itam_source_id", "external_id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("inventory_items", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("uq_inventory_items_itam_source_id_external_id"), type_="unique"
        )
        batch_op.drop_index(batch_op.f("ix_inventory_items_name_key"))
        batch_op.drop_column("ci_group")
        batch_op.drop_column("external_id")
        batch_op.drop_column("itam_source_id")
        batch_op.drop_column("name_key")
