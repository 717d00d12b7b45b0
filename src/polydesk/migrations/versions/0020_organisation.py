"""organisation: users observing groups, companies, help desks, levels and locations; users
groups that belong to companies; a company's external id

Revision ID: 0020
Revises: 0019
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "entity_observers",
        sa.Column("entity_kind", sa.String(length=16), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_entity_observers_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "entity_kind", "entity_id", "user_id", name=op.f("pk_entity_observers")
        ),
    )
    with op.batch_alter_table("entity_observers") as batch:
        batch.create_index(batch.f("ix_entity_observers_user_id"), ["user_id"], unique=False)
    op.create_table(
        "company_groups",
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_company_groups_company_id_companies"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["groups.id"],
            name=op.f("fk_company_groups_group_id_groups"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("company_id", "group_id", name=op.f("pk_company_groups")),
    )
    with op.batch_alter_table("company_groups") as batch:
        batch.create_index(batch.f("ix_company_groups_group_id"), ["group_id"], unique=False)
    with op.batch_alter_table("companies") as batch:
        batch.add_column(sa.Column("external_id", sa.String(length=191), nullable=True))
        batch.create_index(batch.f("ix_companies_external_id"), ["external_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("companies") as batch:
        batch.drop_index(batch.f("ix_companies_external_id"))
        batch.drop_column("external_id")
    op.drop_table("company_groups")
    op.drop_table("entity_observers")
