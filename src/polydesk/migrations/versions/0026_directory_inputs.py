"""inputs the dialects accepted and dropped (issue 17): a ticket's customer group; a person's
chat, portal, contracts, chat queues, power-user right and access profile; a company's state,
portal and role; a help desk's sources; an invoice's task; a lead's category and campaign

Revision ID: 0026
Revises: 0022
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0026"
down_revision = "0022"
branch_labels = None
depends_on = None

EMPTY_LIST = sa.text("'[]'")


def upgrade() -> None:
    with op.batch_alter_table("tickets") as batch_op:
        batch_op.add_column(sa.Column("customer_group_id", sa.Integer(), nullable=True))
        batch_op.create_index("ix_tickets_customer_group_id", ["customer_group_id"])
        batch_op.create_foreign_key(
            batch_op.f("fk_tickets_customer_group_id_groups"), "groups", ["customer_group_id"],
            ["id"],
        )  # fmt: skip
    with op.batch_alter_table("users") as batch_op:
        batch_op.add_column(
            sa.Column("chat_enabled", sa.Boolean(), server_default=sa.true(), nullable=False)
        )
        batch_op.add_column(sa.Column("portal_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("contract_ids", sa.JSON(), server_default=EMPTY_LIST, nullable=False)
        )
        batch_op.add_column(
            sa.Column("chat_queue_ids", sa.JSON(), server_default=EMPTY_LIST, nullable=False)
        )
        batch_op.add_column(
            sa.Column("is_power_user", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(sa.Column("profile_id", sa.Integer(), nullable=True))
    with op.batch_alter_table("companies") as batch_op:
        batch_op.add_column(
            sa.Column("state", sa.String(length=100), server_default="", nullable=False)
        )
        batch_op.add_column(sa.Column("portal_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("role_id", sa.Integer(), nullable=True))
    with op.batch_alter_table("helpdesks") as batch_op:
        batch_op.add_column(
            sa.Column("source_ids", sa.JSON(), server_default=EMPTY_LIST, nullable=False)
        )
    with op.batch_alter_table("invoices") as batch_op:
        batch_op.add_column(sa.Column("task_id", sa.Integer(), nullable=True))
    with op.batch_alter_table("leads") as batch_op:
        batch_op.add_column(sa.Column("category_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("campaign_id", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("leads") as batch_op:
        batch_op.drop_column("campaign_id")
        batch_op.drop_column("category_id")
    with op.batch_alter_table("invoices") as batch_op:
        batch_op.drop_column("task_id")
    with op.batch_alter_table("helpdesks") as batch_op:
        batch_op.drop_column("source_ids")
    with op.batch_alter_table("companies") as batch_op:
        batch_op.drop_column("role_id")
        batch_op.drop_column("portal_id")
        batch_op.drop_column("state")
    with op.batch_alter_table("users") as batch_op:
        for column in ("profile_id", "is_power_user", "chat_queue_ids", "contract_ids"):
            batch_op.drop_column(column)
        for column in ("portal_id",):
            batch_op.drop_column(column)
        batch_op.drop_column("chat_enabled")
    with op.batch_alter_table("tickets") as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_tickets_customer_group_id_groups"), type_="foreignkey"
        )
        batch_op.drop_index("ix_tickets_customer_group_id")
        batch_op.drop_column("customer_group_id")
