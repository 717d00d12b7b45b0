"""business calendars (working hours, holidays), an SLA's calendar, SLA selection rules

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

_RULE_REFERENCES = (
    ("sla_id", "slas", False),
    ("priority_id", "priorities", True),
    ("helpdesk_id", "helpdesks", True),
    ("company_id", "companies", True),
    ("category_id", "categories", True),
    ("type_id", "ticket_types", True),
)


def upgrade() -> None:
    _create_calendars()
    with op.batch_alter_table("slas", schema=None) as batch_op:
        batch_op.add_column(sa.Column("calendar_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_slas_calendar_id_business_calendars"),
            "business_calendars",
            ["calendar_id"],
            ["id"],
        )
        batch_op.create_index(batch_op.f("ix_slas_calendar_id"), ["calendar_id"], unique=False)
    _create_sla_rules()


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


def _create_calendars() -> None:
    op.create_table(
        "business_calendars",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=191), nullable=False),
        sa.Column("description", sa.String(length=1000), nullable=False),
        sa.Column("time_zone", sa.String(length=64), nullable=False),
        sa.Column("is_enabled", sa.Boolean(), nullable=False),
        *_timestamps(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_business_calendars")),
        sa.UniqueConstraint("name", name=op.f("uq_business_calendars_name")),
    )
    op.create_index(op.f("ix_business_calendars_created_at"), "business_calendars", ["created_at"])
    op.create_table(
        "business_calendar_hours",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("calendar_id", sa.Integer(), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("start_minute", sa.Integer(), nullable=False),
        sa.Column("end_minute", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "weekday >= 0 AND weekday <= 6", name=op.f("ck_business_calendar_hours_weekday")
        ),
        sa.CheckConstraint(
            "start_minute >= 0 AND end_minute > start_minute AND end_minute <= 1440",
            name=op.f("ck_business_calendar_hours_span"),
        ),
        sa.ForeignKeyConstraint(
            ["calendar_id"],
            ["business_calendars.id"],
            name=op.f("fk_business_calendar_hours_calendar_id_business_calendars"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_business_calendar_hours")),
    )
    op.create_index(
        "ix_business_calendar_hours_day",
        "business_calendar_hours",
        ["calendar_id", "weekday", "start_minute"],
    )
    op.create_table(
        "business_calendar_holidays",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("calendar_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("recurring", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["calendar_id"],
            ["business_calendars.id"],
            name=op.f("fk_business_calendar_holidays_calendar_id_business_calendars"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_business_calendar_holidays")),
        sa.UniqueConstraint(
            "calendar_id", "day", name=op.f("uq_business_calendar_holidays_calendar_id_day")
        ),
    )


def _create_sla_rules() -> None:
    op.create_table(
        "sla_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=191), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        *(sa.Column(column, sa.Integer(), nullable=null) for column, _, null in _RULE_REFERENCES),
        sa.Column("is_enabled", sa.Boolean(), nullable=False),
        *_timestamps(),
        *(
            sa.ForeignKeyConstraint(
                [column], [f"{table}.id"], name=op.f(f"fk_sla_rules_{column}_{table}")
            )
            for column, table, _ in _RULE_REFERENCES
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sla_rules")),
        sa.UniqueConstraint("name", name=op.f("uq_sla_rules_name")),
    )
    for column in ("created_at", "position", *(column for column, _, _ in _RULE_REFERENCES)):
        op.create_index(op.f(f"ix_sla_rules_{column}"), "sla_rules", [column])


def downgrade() -> None:
    op.drop_table("sla_rules")
    with op.batch_alter_table("slas", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_slas_calendar_id"))
        batch_op.drop_constraint(
            batch_op.f("fk_slas_calendar_id_business_calendars"), type_="foreignkey"
        )
        batch_op.drop_column("calendar_id")
    op.drop_table("business_calendar_holidays")
    op.drop_index("ix_business_calendar_hours_day", table_name="business_calendar_hours")
    op.drop_table("business_calendar_hours")
    op.drop_index(op.f("ix_business_calendars_created_at"), table_name="business_calendars")
    op.drop_table("business_calendars")
