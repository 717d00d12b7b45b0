"""request tasks: the ticket_tasks table

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_STATUS = sa.Enum(
    "OPEN", "DONE", "REMOVED", "SKIPPED", name="taskstatus", native_enum=False, length=16
)


def upgrade() -> None:
    op.create_table(
        "ticket_tasks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("status", _STATUS, nullable=False),
        sa.Column("assignee_id", sa.Integer(), nullable=True),
        sa.Column("helpdesk_id", sa.Integer(), nullable=True),
        sa.Column("is_required", sa.Boolean(), nullable=False),
        sa.Column("workflow_stage", sa.String(length=64), nullable=False),
        sa.Column("linked_ticket_id", sa.Integer(), nullable=True),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["ticket_id"],
            ["tickets.id"],
            name=op.f("fk_ticket_tasks_ticket_id_tickets"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["assignee_id"], ["users.id"], name=op.f("fk_ticket_tasks_assignee_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["helpdesk_id"], ["helpdesks.id"], name=op.f("fk_ticket_tasks_helpdesk_id_helpdesks")
        ),
        sa.ForeignKeyConstraint(
            ["linked_ticket_id"],
            ["tickets.id"],
            name=op.f("fk_ticket_tasks_linked_ticket_id_tickets"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_ticket_tasks_created_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ticket_tasks")),
    )
    with op.batch_alter_table("ticket_tasks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ticket_tasks_ticket_id"), ["ticket_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_ticket_tasks_assignee_id"), ["assignee_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_ticket_tasks_helpdesk_id"), ["helpdesk_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("ticket_tasks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ticket_tasks_helpdesk_id"))
        batch_op.drop_index(batch_op.f("ix_ticket_tasks_assignee_id"))
        batch_op.drop_index(batch_op.f("ix_ticket_tasks_ticket_id"))
    op.drop_table("ticket_tasks")
