"""inputs kept and acted on (issue 17): a user's forced password change (InvGate
``force_password_change``), a comment's propagation mark (InvGate ``is_propagation``), and the
indexes the native leads list filters on (company, owner, progress, category, campaign, name
and e-mail ignoring case)

Plain ADD COLUMNs (no batch mode): a batch rebuild of ``users`` on SQLite would lose the
expression index ``ix_users_login_lower`` (0004), which reflection cannot see.

Revision ID: 0027
Revises: 0026
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None

COLUMNS: dict[str, sa.Column[bool]] = {
    "users": sa.Column(
        "must_change_password", sa.Boolean(), server_default=sa.false(), nullable=False
    ),
    "comments": sa.Column(
        "is_propagation", sa.Boolean(), server_default=sa.false(), nullable=False
    ),
}
LEAD_INDEXES = {
    "ix_leads_company_id": ["company_id"],
    "ix_leads_owner_id": ["owner_id"],
    "ix_leads_progress": ["progress"],
    "ix_leads_category_id": ["category_id"],
    "ix_leads_campaign_id": ["campaign_id"],
}
LEAD_EXPRESSIONS = {
    "ix_leads_full_name_lower": "lower(full_name)",
    "ix_leads_email_lower": "lower(email)",
}


def upgrade() -> None:
    for table, column in COLUMNS.items():
        op.add_column(table, column)
    for name, columns in LEAD_INDEXES.items():
        op.create_index(name, "leads", columns, unique=False)
    for name, expression in LEAD_EXPRESSIONS.items():
        op.create_index(name, "leads", [sa.text(expression)], unique=False)


def downgrade() -> None:
    for name in [*LEAD_EXPRESSIONS, *LEAD_INDEXES]:
        op.drop_index(name, table_name="leads")
    # Dropping a column needs a table rebuild on SQLite: batch mode, then the expression index
    # of users (0004) is made again.
    for table, column in COLUMNS.items():
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column(column.name)
    op.execute("DROP INDEX IF EXISTS ix_users_login_lower")
    op.create_index("ix_users_login_lower", "users", [sa.text("lower(login)")], unique=False)
