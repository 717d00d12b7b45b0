"""web services, session remote address, mail attachments, case-insensitive login index

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "web_services",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=191), nullable=False),
        sa.Column("is_valid", sa.Boolean(), nullable=False),
        sa.Column("config", sa.JSON(), nullable=False),
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
        sa.PrimaryKeyConstraint("id", name=op.f("pk_web_services")),
        sa.UniqueConstraint("name", name=op.f("uq_web_services_name")),
    )
    with op.batch_alter_table("web_services", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_web_services_created_at"), ["created_at"], unique=False
        )

    # Existing rows get the server defaults; new rows are filled in by the models.
    with op.batch_alter_table("auth_sessions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("remote_addr", sa.String(length=64), nullable=False, server_default="")
        )
    with op.batch_alter_table("outgoing_mail", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("attachment_ids", sa.JSON(), nullable=False, server_default="[]")
        )

    # Logins are matched ignoring case; without this index that lookup scans every user.
    # SQLite cannot reflect expression indexes: a later batch_alter_table("users") there would
    # silently drop this one, so such a migration must create it again.
    op.create_index("ix_users_login_lower", "users", [sa.text("lower(login)")], unique=False)


def downgrade() -> None:
    op.drop_index("ix_users_login_lower", table_name="users")
    with op.batch_alter_table("outgoing_mail", schema=None) as batch_op:
        batch_op.drop_column("attachment_ids")
    with op.batch_alter_table("auth_sessions", schema=None) as batch_op:
        batch_op.drop_column("remote_addr")
    with op.batch_alter_table("web_services", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_web_services_created_at"))
    op.drop_table("web_services")
