"""routing rules, the assignment engine's turns and last assignments

Revision ID: 0015
Revises: 0014
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

_RULE_REFERENCES = (
    ("category_id", "categories", True),
    ("type_id", "ticket_types", True),
    ("source_id", "sources", True),
    ("company_id", "companies", True),
)


def upgrade() -> None:
    _create_routing_rules()
    op.create_table(
        "assignment_turns",
        sa.Column("helpdesk_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("last_user_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["helpdesk_id"],
            ["helpdesks.id"],
            name=op.f("fk_assignment_turns_helpdesk_id_helpdesks"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["last_user_id"],
            ["users.id"],
            name=op.f("fk_assignment_turns_last_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("helpdesk_id", "level", name=op.f("pk_assignment_turns")),
    )
    op.create_table(
        "agent_assignments",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("last_assigned_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_agent_assignments_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_agent_assignments")),
    )


def _timestamps() -> list[sa.Column[Any]]:
    return [
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
    ]


def _create_routing_rules() -> None:
    op.create_table(
        "routing_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=191), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        *(sa.Column(column, sa.Integer(), nullable=null) for column, _, null in _RULE_REFERENCES),
        sa.Column("helpdesk_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("is_enabled", sa.Boolean(), nullable=False),
        *_timestamps(),
        *(
            sa.ForeignKeyConstraint(
                [column], [f"{table}.id"], name=op.f(f"fk_routing_rules_{column}_{table}")
            )
            for column, table, _ in _RULE_REFERENCES
        ),
        sa.ForeignKeyConstraint(
            ["helpdesk_id"],
            ["helpdesks.id"],
            name=op.f("fk_routing_rules_helpdesk_id_helpdesks"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_routing_rules")),
        sa.UniqueConstraint("name", name=op.f("uq_routing_rules_name")),
    )
    columns = ("created_at", "position", "helpdesk_id", *(c for c, _, _ in _RULE_REFERENCES))
    for column in columns:
        op.create_index(op.f(f"ix_routing_rules_{column}"), "routing_rules", [column])


def downgrade() -> None:
    op.drop_table("agent_assignments")
    op.drop_table("assignment_turns")
    op.drop_table("routing_rules")
