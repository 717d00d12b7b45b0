"""request life cycle: external entities, approval templates and decisions, waiting index

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_EXPIRY = sa.Enum("APPROVE", "REJECT", name="expiryaction", native_enum=False, length=16)


def upgrade() -> None:
    _create_external_entities()
    _create_approval_templates()
    with op.batch_alter_table("approvals", schema=None) as batch_op:
        batch_op.add_column(sa.Column("template_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("expiry_action", _EXPIRY, nullable=True))
        batch_op.add_column(sa.Column("decided_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("decision_note", sa.String(length=2000), nullable=False, server_default="")
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_approvals_template_id_approval_templates"),
            "approval_templates",
            ["template_id"],
            ["id"],
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_approvals_decided_by_id_users"), "users", ["decided_by_id"], ["id"]
        )
        batch_op.create_index(batch_op.f("ix_approvals_template_id"), ["template_id"], unique=False)
    with op.batch_alter_table("approvals", schema=None) as batch_op:
        batch_op.alter_column(
            "decision_note", existing_type=sa.String(length=2000), server_default=None
        )
    # Closing a ticket finds the tickets waiting for it by this column.
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_tickets_waiting_for_ticket_id"), ["waiting_for_ticket_id"], unique=False
        )


def _create_external_entities() -> None:
    op.create_table(
        "external_entities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("is_enabled", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_external_entities")),
        sa.UniqueConstraint("name", name=op.f("uq_external_entities_name")),
    )
    op.create_table(
        "ticket_external_entities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=200), nullable=False),
        sa.Column("is_enabled", sa.Boolean(), nullable=False),
        sa.Column("is_waited_on", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_ticket_external_entities_created_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["entity_id"],
            ["external_entities.id"],
            name=op.f("fk_ticket_external_entities_entity_id_external_entities"),
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"],
            ["tickets.id"],
            name=op.f("fk_ticket_external_entities_ticket_id_tickets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ticket_external_entities")),
        sa.UniqueConstraint(
            "ticket_id",
            "entity_id",
            "reference",
            name=op.f("uq_ticket_external_entities_ticket_id_entity_id_reference"),
        ),
    )
    with op.batch_alter_table("ticket_external_entities", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_ticket_external_entities_entity_id"), ["entity_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_ticket_external_entities_ticket_id"), ["ticket_id"], unique=False
        )


def _create_approval_templates() -> None:
    op.create_table(
        "approval_templates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("description_prompt", sa.String(length=500), nullable=False),
        sa.Column("description_required", sa.Boolean(), nullable=False),
        sa.Column("pauses_sla", sa.Boolean(), nullable=False),
        sa.Column("expires_in_seconds", sa.Integer(), nullable=True),
        sa.Column("expiry_action", _EXPIRY, nullable=True),
        sa.Column("voter_ids", sa.JSON(), nullable=False),
        sa.Column("required_votes", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=True),
        sa.Column("workflow_id", sa.Integer(), nullable=True),
        sa.Column("workflow_step", sa.Integer(), nullable=True),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["categories.id"],
            name=op.f("fk_approval_templates_category_id_categories"),
        ),
        sa.ForeignKeyConstraint(
            ["workflow_id"],
            ["workflows.id"],
            name=op.f("fk_approval_templates_workflow_id_workflows"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_approval_templates")),
    )
    with op.batch_alter_table("approval_templates", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_approval_templates_category_id"), ["category_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tickets_waiting_for_ticket_id"))
    with op.batch_alter_table("approvals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_approvals_template_id"))
        batch_op.drop_constraint(batch_op.f("fk_approvals_decided_by_id_users"), type_="foreignkey")
        batch_op.drop_constraint(
            batch_op.f("fk_approvals_template_id_approval_templates"), type_="foreignkey"
        )
        batch_op.drop_column("decision_note")
        batch_op.drop_column("decided_by_id")
        batch_op.drop_column("expiry_action")
        batch_op.drop_column("template_id")
    op.drop_table("approval_templates")
    with op.batch_alter_table("ticket_external_entities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ticket_external_entities_ticket_id"))
        batch_op.drop_index(batch_op.f("ix_ticket_external_entities_entity_id"))
    op.drop_table("ticket_external_entities")
    op.drop_table("external_entities")
