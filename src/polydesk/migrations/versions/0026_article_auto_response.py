"""an article's auto-response type (Znuny's ``AutoResponseType``): stored with the comment
instead of being validated and dropped (issue 17)

Revision ID: 0026
Revises: 0025
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "comments",
        sa.Column("auto_response_type", sa.String(length=32), server_default="", nullable=False),
    )


def downgrade() -> None:
    # Dropping a column needs a table rebuild on SQLite: batch mode (comments has no
    # expression index for the rebuild to lose).
    with op.batch_alter_table("comments") as batch_op:
        batch_op.drop_column("auto_response_type")
