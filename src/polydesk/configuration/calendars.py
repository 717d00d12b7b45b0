"""Site-file kind for business calendars (``calendars:``): working hours per weekday, holidays
and an IANA time zone, by name. Applied before ``slas``, which name their calendar.

Hours are a mapping of weekday names to "HH:MM-HH:MM" spans (24:00 ends a day at midnight);
a day left out is not worked. Holidays are a list of {date, name, recurring}. Both, given, are
the whole of the calendar's hours or holidays.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from pydantic import Field, field_validator

from polydesk.configuration.kinds import Entry, Kind, Outcome
from polydesk.core.actor import Actor
from polydesk.core.errors import not_found
from polydesk.db import Session
from polydesk.helpdesks.calendars import (
    WEEKDAYS,
    CalendarCreate,
    CalendarUpdate,
    Holiday,
    Span,
    calendar_holidays,
    calendar_hours,
    create_calendar,
    get_calendar_by_name,
    holidays_by_calendar,
    hours_by_calendar,
    list_calendars,
    update_calendar,
)
from polydesk.models.calendars import BusinessCalendar

_SPAN = re.compile(r"^(\d{2}):(\d{2})\s*-\s*(\d{2}):(\d{2})$")


class HolidayEntry(Entry):
    date: dt.date
    name: str = Field(default="", max_length=200)
    recurring: bool = Field(default=False, description="every year on this month and day")


class CalendarEntry(Entry):
    name: str = Field(min_length=1, max_length=191, examples=["Office Madrid"])
    description: str = Field(default="", max_length=1000)
    time_zone: str = Field(default="UTC", min_length=1, max_length=64, examples=["Europe/Madrid"])
    hours: dict[str, list[str]] = Field(
        default_factory=dict,
        description='weekday name -> spans "HH:MM-HH:MM", e.g. monday: ["09:00-13:00"]',
    )
    holidays: list[HolidayEntry] = Field(default_factory=list)
    enabled: bool = True

    @field_validator("hours")
    @classmethod
    def _normal_hours(cls, hours: dict[str, list[str]]) -> dict[str, list[str]]:
        unknown = sorted(set(hours) - set(WEEKDAYS))
        if unknown:
            raise ValueError(f"unknown weekday {unknown[0]!r} (one of {', '.join(WEEKDAYS)})")
        spans = [span for day, texts in hours.items() for span in _spans(day, texts)]
        return _hours_mapping(spans)

    @field_validator("holidays")
    @classmethod
    def _dated_order(cls, holidays: list[HolidayEntry]) -> list[HolidayEntry]:
        return sorted(holidays, key=lambda holiday: holiday.date)


class Calendars(Kind[CalendarEntry]):
    section = "calendars"
    entry = CalendarEntry

    def export(self, session: Session) -> list[CalendarEntry]:
        calendars = list_calendars(session)
        ids = [calendar.id for calendar in calendars]
        hours, holidays = hours_by_calendar(session, ids), holidays_by_calendar(session, ids)
        return [_entry(c, hours[c.id], holidays[c.id]) for c in calendars]  # 3 queries in all

    def current(self, session: Session, key: str) -> CalendarEntry | None:
        calendar = get_calendar_by_name(session, key)
        if calendar is None:
            return None
        hours = calendar_hours(session, calendar.id)
        return _entry(calendar, hours, calendar_holidays(session, calendar.id))

    def create(self, session: Session, actor: Actor, entry: CalendarEntry) -> Outcome:
        values = entry.model_dump(exclude={"hours", "holidays", "enabled"})
        cmd = CalendarCreate(
            **values,
            hours=_core_hours(entry.hours),
            holidays=_core_holidays(entry.holidays),
            is_enabled=entry.enabled,
        )
        create_calendar(session, actor, cmd)
        return Outcome()

    def update(self, session: Session, actor: Actor, key: str, changes: dict[str, Any]) -> Outcome:
        calendar = get_calendar_by_name(session, key)
        if calendar is None:
            raise not_found("calendar", key)
        fields = {"is_enabled" if name == "enabled" else name: v for name, v in changes.items()}
        if "hours" in fields:
            fields["hours"] = _core_hours(fields["hours"])
        if "holidays" in fields:
            fields["holidays"] = _core_holidays(fields["holidays"])
        update_calendar(session, actor, calendar.id, CalendarUpdate(**fields))
        return Outcome()


def _entry(
    calendar: BusinessCalendar, hours: list[Span], holidays: list[Holiday]
) -> CalendarEntry:
    return CalendarEntry(
        name=calendar.name,
        description=calendar.description,
        time_zone=calendar.time_zone,
        hours=_hours_mapping(hours),
        holidays=[HolidayEntry(date=h.day, name=h.name, recurring=h.recurring) for h in holidays],
        enabled=calendar.is_enabled,
    )


def _spans(day: str, texts: list[str]) -> list[Span]:
    spans = []
    for text in texts:
        match = _SPAN.match(text.strip())
        if match is None:
            raise ValueError(f'{day}: {text!r} is not a span "HH:MM-HH:MM"')
        start_h, start_m, end_h, end_m = (int(part) for part in match.groups())
        if start_m > 59 or end_m > 59 or start_h > 23 or (end_h, end_m) > (24, 0):
            raise ValueError(f"{day}: {text!r} is not a time of day (00:00 to 24:00)")
        start, end = start_h * 60 + start_m, end_h * 60 + end_m
        spans.append(Span(weekday=WEEKDAYS.index(day), start_minute=start, end_minute=end))
    return spans


def _hours_mapping(spans: list[Span]) -> dict[str, list[str]]:
    ordered = sorted(spans, key=lambda span: (span.weekday, span.start_minute))
    mapping: dict[str, list[str]] = {}
    for span in ordered:
        text = f"{_clock(span.start_minute)}-{_clock(span.end_minute)}"
        mapping.setdefault(WEEKDAYS[span.weekday], []).append(text)
    return mapping


def _core_hours(hours: dict[str, list[str]]) -> list[Span]:
    return [span for day, texts in hours.items() for span in _spans(day, texts)]


def _core_holidays(holidays: list[Any]) -> list[Holiday]:
    entries = [HolidayEntry.model_validate(h) for h in holidays]
    return [Holiday(day=h.date, name=h.name, recurring=h.recurring) for h in entries]


def _clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"
