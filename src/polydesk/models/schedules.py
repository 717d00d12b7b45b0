"""Schedules: appointments for technicians, optionally about a ticket (ReadyDesk).

A schedule has a status, a time window (the end may be open), optional completion, and an
optional repetition rule: every ``repeat_every`` ``repeat_unit`` (kind ``interval``), or on
given ISO weekdays, 1 = Monday .. 7 = Sunday (kind ``weekdays``). People and groups are
attached many-to-many; whether a member is a customer or a technician is the user's role.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, Enum, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from polydesk.db.base import Base, Timestamps


class ScheduleStatus(StrEnum):
    ACTIVE = "active"
    ON_HOLD = "on_hold"
    CANCELED = "canceled"
    COMPLETED = "completed"


class RepeatKind(StrEnum):
    INTERVAL = "interval"
    WEEKDAYS = "weekdays"


class RepeatUnit(StrEnum):
    MINUTES = "minutes"
    HOURS = "hours"
    DAYS = "days"
    WEEKS = "weeks"
    MONTHS = "months"
    YEARS = "years"


class Schedule(Timestamps, Base):
    __tablename__ = "schedules"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(500))
    description: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[str] = mapped_column(String(100), default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)  # creator
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), index=True)
    starts_at: Mapped[datetime] = mapped_column(index=True)
    ends_at: Mapped[datetime | None]
    completed_at: Mapped[datetime | None]
    all_day: Mapped[bool] = mapped_column(default=False)
    status: Mapped[ScheduleStatus] = mapped_column(
        Enum(ScheduleStatus, native_enum=False, length=32), default=ScheduleStatus.ACTIVE
    )
    repeat_kind: Mapped[RepeatKind | None] = mapped_column(
        Enum(RepeatKind, native_enum=False, length=16)
    )
    repeat_every: Mapped[int | None]
    repeat_unit: Mapped[RepeatUnit | None] = mapped_column(
        Enum(RepeatUnit, native_enum=False, length=16)
    )
    repeat_weekdays: Mapped[list[int]] = mapped_column(JSON, default=list)


class ScheduleMember(Base):
    """A customer or technician the schedule is for."""

    __tablename__ = "schedule_members"

    schedule_id: Mapped[int] = mapped_column(
        ForeignKey("schedules.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class ScheduleGroup(Base):
    __tablename__ = "schedule_groups"

    schedule_id: Mapped[int] = mapped_column(
        ForeignKey("schedules.id", ondelete="CASCADE"), primary_key=True
    )
    group_id: Mapped[int] = mapped_column(
        ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True, index=True
    )
