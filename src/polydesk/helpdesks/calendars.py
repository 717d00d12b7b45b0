"""Business calendars (reference data, admins only): working hours per weekday, holidays and
an IANA time zone. SLAs name their calendar (``helpdesks.slas``); the SLA engine counts
business time in it (``sla.policy``).

Decisions:
- Names are unique ignoring case (``calendar.name_taken``), as SLA names are.
- The time zone is an IANA name the system's zone database knows (``calendar.invalid_time_zone``);
  hours are wall-clock minutes of that zone, so they hold across daylight saving changes.
- A weekday has any number of spans [start, end) in minutes (0-1440, 1440 = midnight at its end);
  a span must end after it starts (``calendar.invalid_hours``) and spans of one day must not
  overlap (``calendar.overlapping_hours``; touching is fine).
- Holidays: one per date; a recurring one repeats every year on its month and day, so two
  recurring holidays, or a recurring and a dated one, on the same month and day are refused
  (``calendar.duplicate_holiday``).
- ``hours`` and ``holidays`` given to an update replace the whole list. Flushed, never committed.
- Every update gives the calendar a new ``revision``, which retires the SLA engine's cached
  copy in every process.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from itertools import pairwise
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from polydesk.authz.tickets import require_admin
from polydesk.core.actor import Actor
from polydesk.core.errors import Conflict, ValidationFailed, not_found
from polydesk.db.names import name_in_use
from polydesk.models.calendars import (
    MINUTES_PER_DAY,
    BusinessCalendar,
    BusinessHoliday,
    BusinessHours,
    new_revision,
)

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class Span(BaseModel):
    """Working time on a weekday (0 = Monday), minutes after local midnight."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    weekday: int = Field(ge=0, le=6)
    start_minute: int = Field(ge=0, le=MINUTES_PER_DAY)
    end_minute: int = Field(ge=0, le=MINUTES_PER_DAY)


class Holiday(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    day: date
    name: str = Field(default="", max_length=200)
    recurring: bool = False


class CalendarCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=191)
    description: str = Field(default="", max_length=1000)
    time_zone: str = Field(min_length=1, max_length=64)
    hours: list[Span] = Field(default_factory=list, max_length=7 * 48)
    holidays: list[Holiday] = Field(default_factory=list, max_length=1000)
    is_enabled: bool = True


class CalendarUpdate(BaseModel):
    """Only the fields given change; ``hours`` / ``holidays`` given replace the whole list."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str | None = Field(default=None, min_length=1, max_length=191)
    description: str | None = Field(default=None, max_length=1000)
    time_zone: str | None = Field(default=None, min_length=1, max_length=64)
    hours: list[Span] | None = Field(default=None, max_length=7 * 48)
    holidays: list[Holiday] | None = Field(default=None, max_length=1000)
    is_enabled: bool | None = None


def create_calendar(session: Session, actor: Actor, cmd: CalendarCreate) -> BusinessCalendar:
    require_admin(actor)
    _require_free_name(session, cmd.name, None)
    check_time_zone(cmd.time_zone)
    _check_hours(cmd.hours)
    _check_holidays(cmd.holidays)
    calendar = BusinessCalendar(**cmd.model_dump(exclude={"hours", "holidays"}))
    session.add(calendar)
    session.flush()
    _replace_hours(session, calendar.id, cmd.hours)
    _replace_holidays(session, calendar.id, cmd.holidays)
    return calendar


def update_calendar(
    session: Session, actor: Actor, calendar_id: int, cmd: CalendarUpdate
) -> BusinessCalendar:
    require_admin(actor)
    calendar = require_calendar(session, calendar_id)
    if cmd.name is not None:
        _require_free_name(session, cmd.name, calendar.id)
    if cmd.time_zone is not None:
        check_time_zone(cmd.time_zone)
    if cmd.hours is not None:
        _check_hours(cmd.hours)
    if cmd.holidays is not None:
        _check_holidays(cmd.holidays)
    for name in ("name", "description", "time_zone", "is_enabled"):
        value = getattr(cmd, name)
        if value is not None:
            setattr(calendar, name, value)
    if cmd.hours is not None:
        _replace_hours(session, calendar.id, cmd.hours)
    if cmd.holidays is not None:
        _replace_holidays(session, calendar.id, cmd.holidays)
    calendar.revision = new_revision()
    session.flush()
    return calendar


def require_calendar(session: Session, calendar_id: int) -> BusinessCalendar:
    calendar = session.get(BusinessCalendar, calendar_id)
    if calendar is None:
        raise not_found("calendar", calendar_id)
    return calendar


def get_calendar_by_name(session: Session, name: str) -> BusinessCalendar | None:
    query = select(BusinessCalendar).where(
        (func.lower(BusinessCalendar.name) == name.lower()) | (BusinessCalendar.name == name)
    )
    return session.scalars(query).first()


def list_calendars(session: Session) -> list[BusinessCalendar]:
    """Every calendar, enabled or not, in name order."""
    return list(session.scalars(select(BusinessCalendar).order_by(BusinessCalendar.name)))


def calendar_hours(session: Session, calendar_id: int) -> list[Span]:
    """The calendar's spans by weekday, then start."""
    rows = session.scalars(
        select(BusinessHours)
        .where(BusinessHours.calendar_id == calendar_id)
        .order_by(BusinessHours.weekday, BusinessHours.start_minute)
    )
    return [
        Span(weekday=r.weekday, start_minute=r.start_minute, end_minute=r.end_minute) for r in rows
    ]


def calendar_holidays(session: Session, calendar_id: int) -> list[Holiday]:
    """The calendar's holidays by date."""
    rows = session.scalars(
        select(BusinessHoliday)
        .where(BusinessHoliday.calendar_id == calendar_id)
        .order_by(BusinessHoliday.day)
    )
    return [Holiday(day=r.day, name=r.name, recurring=r.recurring) for r in rows]


def hours_by_calendar(session: Session, calendar_ids: list[int]) -> dict[int, list[Span]]:
    """``calendar_hours`` of each calendar (every given id a key), in one query."""
    found: dict[int, list[Span]] = {calendar_id: [] for calendar_id in calendar_ids}
    rows = session.scalars(
        select(BusinessHours)
        .where(BusinessHours.calendar_id.in_(sorted(found) or [0]))
        .order_by(BusinessHours.weekday, BusinessHours.start_minute)
    )
    for r in rows:
        found[r.calendar_id].append(
            Span(weekday=r.weekday, start_minute=r.start_minute, end_minute=r.end_minute)
        )
    return found


def holidays_by_calendar(session: Session, calendar_ids: list[int]) -> dict[int, list[Holiday]]:
    """``calendar_holidays`` of each calendar (every given id a key), in one query."""
    found: dict[int, list[Holiday]] = {calendar_id: [] for calendar_id in calendar_ids}
    rows = session.scalars(
        select(BusinessHoliday)
        .where(BusinessHoliday.calendar_id.in_(sorted(found) or [0]))
        .order_by(BusinessHoliday.day)
    )
    for r in rows:
        found[r.calendar_id].append(Holiday(day=r.day, name=r.name, recurring=r.recurring))
    return found


def check_time_zone(name: str) -> None:
    """``calendar.invalid_time_zone`` unless ``name`` is an IANA zone the system knows."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationFailed(
            "calendar.invalid_time_zone",
            f"unknown time zone {name!r} (an IANA name such as 'Europe/Madrid')",
            time_zone=name,
        ) from None


def _require_free_name(session: Session, name: str, own_id: int | None) -> None:
    if name_in_use(session, BusinessCalendar.id, BusinessCalendar.name, name, own_id=own_id):
        raise Conflict("calendar.name_taken", f"calendar {name!r} already exists")


def _check_hours(spans: Sequence[Span]) -> None:
    for span in spans:
        if span.end_minute <= span.start_minute:
            raise ValidationFailed(
                "calendar.invalid_hours",
                f"{WEEKDAYS[span.weekday]} {_clock(span.start_minute)}-{_clock(span.end_minute)}"
                " does not end after it starts",
            )
    ordered = sorted(spans, key=lambda s: (s.weekday, s.start_minute))
    for before, after in pairwise(ordered):
        if before.weekday == after.weekday and after.start_minute < before.end_minute:
            raise ValidationFailed(
                "calendar.overlapping_hours",
                f"{WEEKDAYS[before.weekday]}: {_clock(before.start_minute)}-"
                f"{_clock(before.end_minute)} overlaps {_clock(after.start_minute)}-"
                f"{_clock(after.end_minute)}",
            )


def _check_holidays(holidays: Sequence[Holiday]) -> None:
    seen: dict[tuple[int, int, int], Holiday] = {}
    for holiday in sorted(holidays, key=lambda h: (not h.recurring, h.day)):
        year = 0 if holiday.recurring else holiday.day.year
        keys = [(year, holiday.day.month, holiday.day.day), (0, holiday.day.month, holiday.day.day)]
        clash = next((seen[key] for key in keys if key in seen), None)
        if clash is not None:
            raise ValidationFailed(
                "calendar.duplicate_holiday",
                f"holiday {holiday.day.isoformat()} falls on {clash.day.isoformat()}"
                f"{' (recurring)' if clash.recurring else ''}",
            )
        seen[keys[0]] = holiday


def _replace_hours(session: Session, calendar_id: int, spans: Sequence[Span]) -> None:
    session.execute(delete(BusinessHours).where(BusinessHours.calendar_id == calendar_id))
    session.add_all(BusinessHours(calendar_id=calendar_id, **span.model_dump()) for span in spans)
    session.flush()


def _replace_holidays(session: Session, calendar_id: int, holidays: Sequence[Holiday]) -> None:
    session.execute(delete(BusinessHoliday).where(BusinessHoliday.calendar_id == calendar_id))
    session.add_all(BusinessHoliday(calendar_id=calendar_id, **h.model_dump()) for h in holidays)
    session.flush()


def _clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"
