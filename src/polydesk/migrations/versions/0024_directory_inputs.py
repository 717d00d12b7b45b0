"""inputs the dialects accepted and dropped (issue 17): a ticket's customer group; a person's
chat, portal, contracts, chat queues, power-user right and access profile; a company's state,
portal and role; a help desk's sources; an invoice's task; a lead's category and campaign

Plain ADD COLUMNs where they do (no batch mode): a batch rebuild of ``users`` on SQLite would
lose the expression index ``ix_users_login_lower`` (0004), which reflection cannot see.

Revision ID: 0024
Revises: 0023
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None

EMPTY_LIST = sa.text("'[]'")
FK_CUSTOMER_GROUP = "fk_tickets_customer_group_id_groups"

COLUMNS: dict[str, list[sa.Column[object]]] = {
    "users": [
        sa.Column("chat_enabled", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("portal_id", sa.Integer(), nullable=True),
        sa.Column("contract_ids", sa.JSON(), server_default=EMPTY_LIST, nullable=False),
        sa.Column("chat_queue_ids", sa.JSON(), server_default=EMPTY_LIST, nullable=False),
        sa.Column("is_power_user", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=True),
    ],
    "companies": [
        sa.Column("state", sa.String(length=100), server_default="", nullable=False),
        sa.Column("portal_id", sa.Integer(), nullable=True),
        sa.Column("role_id", sa.Integer(), nullable=True),
    ],
    "helpdesks": [sa.Column("source_ids", sa.JSON(), server_default=EMPTY_LIST, nullable=False)],
    "invoices": [sa.Column("task_id", sa.Integer(), nullable=True)],
    "leads": [
        sa.Column("category_id", sa.Integer(), nullable=True),
        sa.Column("campaign_id", sa.Integer(), nullable=True),
    ],
}


def upgrade() -> None:
    # A new foreign key: SQLite needs the rebuild here (tickets has no expression index).
    with op.batch_alter_table("tickets") as batch_op:
        batch_op.add_column(sa.Column("customer_group_id", sa.Integer(), nullable=True))
        batch_op.create_index("ix_tickets_customer_group_id", ["customer_group_id"])
        batch_op.create_foreign_key(FK_CUSTOMER_GROUP, "groups", ["customer_group_id"], ["id"])
    for table, columns in COLUMNS.items():
        for column in columns:
            op.add_column(table, column)


def downgrade() -> None:
    # Dropping columns needs a table rebuild on SQLite: batch mode, then the expression index
    # of users (0004) is made again.
    for table, columns in COLUMNS.items():
        with op.batch_alter_table(table) as batch_op:
            for column in reversed(columns):
                batch_op.drop_column(column.name)
    with op.batch_alter_table("tickets") as batch_op:
        batch_op.drop_constraint(FK_CUSTOMER_GROUP, type_="foreignkey")
        batch_op.drop_index("ix_tickets_customer_group_id")
        batch_op.drop_column("customer_group_id")
    op.execute("DROP INDEX IF EXISTS ix_users_login_lower")
    op.create_index("ix_users_login_lower", "users", [sa.text("lower(login)")], unique=False)
