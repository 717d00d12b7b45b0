"""SLA engine: warnings and escalation on SLAs, the clock's state on tickets, breach marks

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

_ESCALATE_TO = (("escalate_to_user_id", "users"), ("escalate_to_group_id", "groups"))


def upgrade() -> None:
    with op.batch_alter_table("slas", schema=None) as batch_op:
        batch_op.add_column(sa.Column("warning_percent", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "escalate_to_next_level", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
        for column, table in _ESCALATE_TO:
            batch_op.add_column(sa.Column(column, sa.Integer(), nullable=True))
            batch_op.create_foreign_key(
                batch_op.f(f"fk_slas_{column}_{table}"), table, [column], ["id"]
            )
    with op.batch_alter_table("slas", schema=None) as batch_op:
        batch_op.alter_column("escalate_to_next_level", server_default=None)
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("sla_pinned", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("sla_update_from", sa.DateTime(timezone=True)))
        batch_op.add_column(sa.Column("sla_next_check_at", sa.DateTime(timezone=True)))
        batch_op.create_index(batch_op.f("ix_tickets_sla_next_check_at"), ["sla_next_check_at"])
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.alter_column("sla_pinned", server_default=None)
    _create_marks()


def _create_marks() -> None:
    op.create_table(
        "ticket_sla_marks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("target", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["ticket_id"],
            ["tickets.id"],
            name=op.f("fk_ticket_sla_marks_ticket_id_tickets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ticket_sla_marks")),
        sa.UniqueConstraint(
            "ticket_id", "target", "kind", name=op.f("uq_ticket_sla_marks_ticket_id_target_kind")
        ),
    )


def downgrade() -> None:
    op.drop_table("ticket_sla_marks")
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tickets_sla_next_check_at"))
        batch_op.drop_column("sla_next_check_at")
        batch_op.drop_column("sla_update_from")
        batch_op.drop_column("sla_pinned")
    with op.batch_alter_table("slas", schema=None) as batch_op:
        for column, table in reversed(_ESCALATE_TO):
            batch_op.drop_constraint(batch_op.f(f"fk_slas_{column}_{table}"), type_="foreignkey")
            batch_op.drop_column(column)
        batch_op.drop_column("escalate_to_next_level")
        batch_op.drop_column("warning_percent")
