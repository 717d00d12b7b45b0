"""notification templates and switches; statuses' pending action and target; the pending
reminder marker on tickets

Revision ID: 0016
Revises: 0015
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

#: The stock pending statuses: action (the enum is stored by name) and target status name.
_PENDING = (
    ("Pending reminder", "REMIND", None),
    ("Pending auto close+", "AUTO_CLOSE", "Closed"),
    ("Pending auto close-", "AUTO_CLOSE", "Closed unsuccessful"),
)


def upgrade() -> None:
    with op.batch_alter_table("statuses", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "pending_action",
                sa.Enum("NONE", "REMIND", "AUTO_CLOSE", name="pendingaction", native_enum=False,
                        length=16),
                server_default="NONE",
                nullable=False,
            )
        )  # fmt: skip
        batch_op.add_column(sa.Column("pending_target_status_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_statuses_pending_target_status_id_statuses"),
            "statuses",
            ["pending_target_status_id"],
            ["id"],
        )
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("pending_reminded_for", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.create_index("ix_tickets_status_pending", ["status_id", "pending_until"])
    _create_notification_tables()
    _set_pending_defaults()


def _create_notification_tables() -> None:
    op.create_table(
        "notification_templates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event", sa.String(length=64), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("subject", sa.String(length=500), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification_templates")),
        sa.UniqueConstraint(
            "event", "language", name=op.f("uq_notification_templates_event_language")
        ),
    )
    op.create_table(
        "notification_switches",
        sa.Column("event", sa.String(length=64), nullable=False),
        sa.Column("recipient", sa.String(length=32), nullable=False),
        sa.Column("is_enabled", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("event", "recipient", name=op.f("pk_notification_switches")),
    )


def _set_pending_defaults() -> None:
    """Existing installs: the stock pending statuses act as their names say (fresh installs
    get the same from the catalog seed)."""
    statuses = sa.table(
        "statuses",
        sa.column("id", sa.Integer()),
        sa.column("name", sa.String()),
        sa.column("pending_action", sa.String()),
        sa.column("pending_target_status_id", sa.Integer()),
    )
    for name, action, target in _PENDING:
        target_id = (
            sa.select(statuses.c.id).where(statuses.c.name == target).scalar_subquery()
            if target
            else None
        )
        op.execute(
            statuses.update()
            .where(statuses.c.name == name)
            .values(pending_action=action, pending_target_status_id=target_id)
        )


def downgrade() -> None:
    op.drop_table("notification_switches")
    op.drop_table("notification_templates")
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.drop_index("ix_tickets_status_pending")
        batch_op.drop_column("pending_reminded_for")
    with op.batch_alter_table("statuses", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_statuses_pending_target_status_id_statuses"), type_="foreignkey"
        )
        batch_op.drop_column("pending_target_status_id")
        batch_op.drop_column("pending_action")
