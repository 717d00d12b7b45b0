"""ReadyDesk back office: line item fields, invoice customer, asset creator, schedule rules

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_TIME_UNIT = sa.Enum("MINUTES", "HOURS", "DAYS", name="timeunit", native_enum=False, length=16)
_STATUS = sa.Enum(
    "ACTIVE",
    "ON_HOLD",
    "CANCELED",
    "COMPLETED",
    name="schedulestatus",
    native_enum=False,
    length=32,
)
_KIND = sa.Enum("INTERVAL", "WEEKDAYS", name="repeatkind", native_enum=False, length=16)
_UNIT = sa.Enum(
    "MINUTES", "HOURS", "DAYS", "WEEKS", "MONTHS", "YEARS",
    name="repeatunit", native_enum=False, length=16,
)  # fmt: skip


def upgrade() -> None:
    _upgrade_billing()
    _upgrade_inventory_and_kb()
    _upgrade_schedules()


def _upgrade_billing() -> None:
    # NOT NULL text columns get a server default for the existing rows, dropped again in a
    # second batch (as in 0003): the models fill them from Python.
    with op.batch_alter_table("invoice_lines", schema=None) as batch_op:
        batch_op.add_column(sa.Column("user_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("customer_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(
            sa.Column("category", sa.String(length=50), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("time_unit", _TIME_UNIT, nullable=True))
        batch_op.add_column(sa.Column("notes", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_invoice_lines_user_id_users"), "users", ["user_id"], ["id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_invoice_lines_customer_id_users"), "users", ["customer_id"], ["id"]
        )
        batch_op.create_index(batch_op.f("ix_invoice_lines_user_id"), ["user_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_invoice_lines_customer_id"), ["customer_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_invoice_lines_occurred_at"), ["occurred_at"], unique=False
        )
    with op.batch_alter_table("invoice_lines", schema=None) as batch_op:
        batch_op.alter_column("category", existing_type=sa.String(length=50), server_default=None)
        batch_op.alter_column("notes", existing_type=sa.Text(), server_default=None)
    with op.batch_alter_table("invoices", schema=None) as batch_op:
        batch_op.add_column(sa.Column("customer_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_invoices_customer_id_users"), "users", ["customer_id"], ["id"]
        )
        batch_op.create_index(batch_op.f("ix_invoices_customer_id"), ["customer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_invoices_issued_on"), ["issued_on"], unique=False)


def _upgrade_inventory_and_kb() -> None:
    with op.batch_alter_table("inventory_items", schema=None) as batch_op:
        batch_op.add_column(sa.Column("created_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_inventory_items_created_by_id_users"), "users", ["created_by_id"], ["id"]
        )
        batch_op.create_index(
            batch_op.f("ix_inventory_items_created_by_id"), ["created_by_id"], unique=False
        )
    # An expression index, outside batch mode (see 0004 on SQLite and expression indexes).
    op.create_index(
        "ix_kb_categories_name_lower", "kb_categories", [sa.text("lower(name)")], unique=False
    )
    with op.batch_alter_table("kb_articles", schema=None) as batch_op:
        batch_op.create_index("ix_kb_articles_visible", ["is_public", "is_published"], unique=False)


def _upgrade_schedules() -> None:
    # Nothing wrote schedules before this revision; any row there gets the neutral status.
    op.execute(sa.text("UPDATE schedules SET status = 'ACTIVE'"))
    with op.batch_alter_table("schedules", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("category", sa.String(length=100), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("repeat_kind", _KIND, nullable=True))
        batch_op.add_column(sa.Column("repeat_every", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("repeat_unit", _UNIT, nullable=True))
        batch_op.add_column(
            sa.Column("repeat_weekdays", sa.JSON(), nullable=False, server_default="[]")
        )
        batch_op.alter_column("ends_at", existing_type=sa.DateTime(timezone=True), nullable=True)
        batch_op.alter_column("status", existing_type=sa.String(length=32), type_=_STATUS)
    with op.batch_alter_table("schedules", schema=None) as batch_op:
        batch_op.alter_column("category", existing_type=sa.String(length=100), server_default=None)
        batch_op.alter_column("repeat_weekdays", existing_type=sa.JSON(), server_default=None)
    _create_schedule_links()


def _create_schedule_links() -> None:
    for table, column, target in (
        ("schedule_members", "user_id", "users"),
        ("schedule_groups", "group_id", "groups"),
    ):
        op.create_table(
            table,
            sa.Column("schedule_id", sa.Integer(), nullable=False),
            sa.Column(column, sa.Integer(), nullable=False),
            sa.ForeignKeyConstraint(
                ["schedule_id"],
                ["schedules.id"],
                name=op.f(f"fk_{table}_schedule_id_schedules"),
                ondelete="CASCADE",
            ),
            sa.ForeignKeyConstraint(
                [column],
                [f"{target}.id"],
                name=op.f(f"fk_{table}_{column}_{target}"),
                ondelete="CASCADE",
            ),
            sa.PrimaryKeyConstraint("schedule_id", column, name=op.f(f"pk_{table}")),
        )
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(batch_op.f(f"ix_{table}_{column}"), [column], unique=False)


def downgrade() -> None:
    for table, column in (("schedule_groups", "group_id"), ("schedule_members", "user_id")):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f"ix_{table}_{column}"))
        op.drop_table(table)
    with op.batch_alter_table("schedules", schema=None) as batch_op:
        batch_op.alter_column("status", existing_type=_STATUS, type_=sa.String(length=32))
        for name in ("repeat_weekdays", "repeat_unit", "repeat_every", "repeat_kind"):
            batch_op.drop_column(name)
        batch_op.drop_column("completed_at")
        batch_op.drop_column("category")
    # ends_at stays nullable: rows written since may have no end to restore.
    with op.batch_alter_table("kb_articles", schema=None) as batch_op:
        batch_op.drop_index("ix_kb_articles_visible")
    op.drop_index("ix_kb_categories_name_lower", table_name="kb_categories")
    with op.batch_alter_table("inventory_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inventory_items_created_by_id"))
        batch_op.drop_constraint(
            batch_op.f("fk_inventory_items_created_by_id_users"), type_="foreignkey"
        )
        batch_op.drop_column("created_by_id")
    _downgrade_billing()


def _downgrade_billing() -> None:
    with op.batch_alter_table("invoices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_invoices_issued_on"))
        batch_op.drop_index(batch_op.f("ix_invoices_customer_id"))
        batch_op.drop_constraint(batch_op.f("fk_invoices_customer_id_users"), type_="foreignkey")
        batch_op.drop_column("customer_id")
    with op.batch_alter_table("invoice_lines", schema=None) as batch_op:
        for index in ("occurred_at", "customer_id", "user_id"):
            batch_op.drop_index(batch_op.f(f"ix_invoice_lines_{index}"))
        for fk in ("customer_id", "user_id"):
            batch_op.drop_constraint(batch_op.f(f"fk_invoice_lines_{fk}_users"), type_="foreignkey")
        for name in ("updated_at", "notes", "time_unit", "category", "occurred_at"):
            batch_op.drop_column(name)
        batch_op.drop_column("customer_id")
        batch_op.drop_column("user_id")
