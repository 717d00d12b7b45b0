"""Business calendars: the working hours and holidays an SLA's clock runs in.

Times are wall-clock minutes of the calendar's IANA time zone (not UTC offsets), so a daylight
saving change moves nothing: 09:00 stays 09:00 local on both sides of it.
"""

from __future__ import annotations

from datetime import date
from uuid import uuid4

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from polydesk.db.base import Base, Timestamps

MINUTES_PER_DAY = 24 * 60


def new_revision() -> str:
    return uuid4().hex


class BusinessCalendar(Timestamps, Base):
    __tablename__ = "business_calendars"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(191), unique=True)
    description: Mapped[str] = mapped_column(String(1000), default="")
    time_zone: Mapped[str] = mapped_column(String(64))  # IANA name, e.g. "Europe/Madrid"
    is_enabled: Mapped[bool] = mapped_column(default=True)
    #: A fresh random tag on every change to the calendar, its hours or its holidays: the SLA
    #: engine's per-process cache of built calendars is keyed by it. Random, not a counter, so
    #: that two concurrent changes or a deleted calendar's reused id never repeat one.
    revision: Mapped[str] = mapped_column(String(32), default=new_revision, server_default="")


class BusinessHours(Base):
    """One working span of a weekday (0 = Monday): [start_minute, end_minute) local time."""

    __tablename__ = "business_calendar_hours"
    __table_args__ = (
        CheckConstraint("weekday >= 0 AND weekday <= 6", name="weekday"),
        CheckConstraint(
            f"start_minute >= 0 AND end_minute > start_minute AND end_minute <= {MINUTES_PER_DAY}",
            name="span",
        ),
        Index("ix_business_calendar_hours_day", "calendar_id", "weekday", "start_minute"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    calendar_id: Mapped[int] = mapped_column(
        ForeignKey("business_calendars.id", ondelete="CASCADE")
    )
    weekday: Mapped[int]
    start_minute: Mapped[int]
    end_minute: Mapped[int]


class BusinessHoliday(Base):
    """A day off; ``recurring``: the same month and day every year."""

    __tablename__ = "business_calendar_holidays"
    __table_args__ = (UniqueConstraint("calendar_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    calendar_id: Mapped[int] = mapped_column(
        ForeignKey("business_calendars.id", ondelete="CASCADE")
    )
    day: Mapped[date]
    name: Mapped[str] = mapped_column(String(200), default="")
    recurring: Mapped[bool] = mapped_column(default=False)
