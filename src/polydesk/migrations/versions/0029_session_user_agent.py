"""a login session keeps its client's User-Agent header (Znuny SessionGet's
``UserRemoteUserAgent``, which was always "none": accepted and dropped, issue 17)

Revision ID: 0029
Revises: 0028
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0029"
down_revision = "0028"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "auth_sessions", sa.Column("user_agent", sa.Text(), server_default="", nullable=False)
    )


def downgrade() -> None:
    # SQLite drops a column by rebuilding the table (batch mode); auth_sessions has no
    # expression index for the rebuild to lose.
    with op.batch_alter_table("auth_sessions") as batch_op:
        batch_op.drop_column("user_agent")
