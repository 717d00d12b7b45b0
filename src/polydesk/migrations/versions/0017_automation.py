"""automation: trigger time scans, the execution log, webhooks and their delivery outbox,
workflow versions, categories and instances

Revision ID: 0017
Revises: 0016
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "webhooks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=191), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("secret", sa.String(length=200), nullable=False),
        sa.Column("is_enabled", sa.Boolean(), nullable=False),
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
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhooks")),
        sa.UniqueConstraint("name", name=op.f("uq_webhooks_name")),
    )
    with op.batch_alter_table("webhooks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_webhooks_created_at"), ["created_at"], unique=False)

    op.create_table(
        "trigger_executions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("trigger_id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("event", sa.String(length=64), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("period", sa.String(length=40), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "outcome",
            sa.Enum("OK", "FAILED", name="executionoutcome", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("actions_done", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["trigger_id"],
            ["triggers.id"],
            name=op.f("fk_trigger_executions_trigger_id_triggers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trigger_executions")),
        sa.UniqueConstraint(
            "trigger_id",
            "ticket_id",
            "period",
            name=op.f("uq_trigger_executions_trigger_id_ticket_id_period"),
        ),
    )
    with op.batch_alter_table("trigger_executions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_trigger_executions_started_at"), ["started_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_trigger_executions_ticket_id"), ["ticket_id"], unique=False
        )
        batch_op.create_index(
            "ix_trigger_executions_trigger_started", ["trigger_id", "started_at"], unique=False
        )

    op.create_table(
        "webhook_deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("webhook_id", sa.Integer(), nullable=False),
        sa.Column("execution_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "PENDING",
                "SENDING",
                "SENT",
                "FAILED",
                name="deliverystatus",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.Column("response_status", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["execution_id"],
            ["trigger_executions.id"],
            name=op.f("fk_webhook_deliveries_execution_id_trigger_executions"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["webhook_id"],
            ["webhooks.id"],
            name=op.f("fk_webhook_deliveries_webhook_id_webhooks"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_deliveries")),
        sa.UniqueConstraint("uuid", name=op.f("uq_webhook_deliveries_uuid")),
    )
    with op.batch_alter_table("webhook_deliveries", schema=None) as batch_op:
        batch_op.create_index(
            "ix_webhook_deliveries_due", ["status", "next_attempt_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_webhook_deliveries_execution_id"), ["execution_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_webhook_deliveries_webhook_id"), ["webhook_id"], unique=False
        )

    op.create_table(
        "workflow_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workflow_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("definition", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deployed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["workflow_id"],
            ["workflows.id"],
            name=op.f("fk_workflow_versions_workflow_id_workflows"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workflow_versions")),
        sa.UniqueConstraint(
            "workflow_id", "version", name=op.f("uq_workflow_versions_workflow_id_version")
        ),
    )
    op.create_table(
        "workflow_instances",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("workflow_id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["ticket_id"],
            ["tickets.id"],
            name=op.f("fk_workflow_instances_ticket_id_tickets"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["workflow_versions.id"],
            name=op.f("fk_workflow_instances_version_id_workflow_versions"),
        ),
        sa.ForeignKeyConstraint(
            ["workflow_id"],
            ["workflows.id"],
            name=op.f("fk_workflow_instances_workflow_id_workflows"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workflow_instances")),
        sa.UniqueConstraint("ticket_id", name=op.f("uq_workflow_instances_ticket_id")),
    )
    with op.batch_alter_table("workflow_instances", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_workflow_instances_version_id"), ["version_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_workflow_instances_workflow_id"), ["workflow_id"], unique=False
        )

    with op.batch_alter_table("triggers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("scanned_until", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(
            sa.Column("scanned_until_id", sa.Integer(), server_default="0", nullable=False)
        )

    with op.batch_alter_table("workflows", schema=None) as batch_op:
        batch_op.add_column(sa.Column("category_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("latest_version", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.add_column(sa.Column("deployed_version", sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_workflows_category_id"), ["category_id"])
        batch_op.create_foreign_key(
            batch_op.f("fk_workflows_category_id_categories"), "categories", ["category_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("workflows", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_workflows_category_id_categories"), type_="foreignkey"
        )
        batch_op.drop_constraint(batch_op.f("uq_workflows_category_id"), type_="unique")
        batch_op.drop_column("deployed_version")
        batch_op.drop_column("latest_version")
        batch_op.drop_column("category_id")

    with op.batch_alter_table("triggers", schema=None) as batch_op:
        batch_op.drop_column("scanned_until_id")
        batch_op.drop_column("scanned_until")

    with op.batch_alter_table("workflow_instances", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_workflow_instances_workflow_id"))
        batch_op.drop_index(batch_op.f("ix_workflow_instances_version_id"))

    op.drop_table("workflow_instances")
    op.drop_table("workflow_versions")
    with op.batch_alter_table("webhook_deliveries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_webhook_deliveries_webhook_id"))
        batch_op.drop_index(batch_op.f("ix_webhook_deliveries_execution_id"))
        batch_op.drop_index("ix_webhook_deliveries_due")

    op.drop_table("webhook_deliveries")
    with op.batch_alter_table("trigger_executions", schema=None) as batch_op:
        batch_op.drop_index("ix_trigger_executions_trigger_started")
        batch_op.drop_index(batch_op.f("ix_trigger_executions_ticket_id"))
        batch_op.drop_index(batch_op.f("ix_trigger_executions_started_at"))

    op.drop_table("trigger_executions")
    with op.batch_alter_table("webhooks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_webhooks_created_at"))

    op.drop_table("webhooks")
