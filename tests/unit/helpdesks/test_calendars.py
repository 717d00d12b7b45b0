"""Business calendars as reference data: admins create and change them; IANA zones only; hours
that end after they start and do not overlap; one holiday a day, recurring ones every year."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session

from polydesk.core.actor import SYSTEM, Role
from polydesk.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from polydesk.helpdesks.calendars import (
    CalendarCreate,
    CalendarUpdate,
    Holiday,
    Span,
    calendar_holidays,
    calendar_hours,
    create_calendar,
    get_calendar_by_name,
    list_calendars,
    update_calendar,
)
from polydesk.helpdesks.slas import SlaCreate, SlaUpdate, create_sla, update_sla
from polydesk.models.calendars import BusinessCalendar
from tests.factories import actor, make_user

NINE_TO_FIVE = [Span(weekday=day, start_minute=540, end_minute=1020) for day in range(5)]
CHRISTMAS = Holiday(day=date(2026, 12, 25), name="Christmas", recurring=True)


def _madrid(session: Session) -> BusinessCalendar:
    cmd = CalendarCreate(
        name="Madrid", time_zone="Europe/Madrid", hours=NINE_TO_FIVE, holidays=[CHRISTMAS]
    )
    return create_calendar(session, SYSTEM, cmd)


def test_create_then_replace_hours_and_holidays(session: Session) -> None:
    calendar = _madrid(session)
    assert calendar.is_enabled and calendar.time_zone == "Europe/Madrid"
    assert calendar_hours(session, calendar.id) == NINE_TO_FIVE
    assert calendar_holidays(session, calendar.id) == [CHRISTMAS]

    split = [
        Span(weekday=0, start_minute=780, end_minute=1440),
        Span(weekday=0, start_minute=0, end_minute=600),
    ]
    update_calendar(session, SYSTEM, calendar.id, CalendarUpdate(hours=split, is_enabled=False))
    assert calendar_hours(session, calendar.id) == sorted(split, key=lambda s: s.start_minute)
    assert calendar_holidays(session, calendar.id) == [CHRISTMAS]  # not given: kept
    assert not calendar.is_enabled

    update_calendar(session, SYSTEM, calendar.id, CalendarUpdate(holidays=[], description="HQ"))
    assert calendar_holidays(session, calendar.id) == [] and calendar.description == "HQ"
    assert [c.name for c in list_calendars(session)] == ["Madrid"]
    assert get_calendar_by_name(session, "MADRID") is calendar


@pytest.mark.parametrize("zone", ["Mars/Olympus", "", "../etc/passwd", "CEST"])
def test_only_iana_time_zones(session: Session, zone: str) -> None:
    with pytest.raises((ValidationFailed, ValueError)) as caught:
        create_calendar(session, SYSTEM, CalendarCreate(name="Odd", time_zone=zone))
    if isinstance(caught.value, ValidationFailed):
        assert caught.value.code == "calendar.invalid_time_zone"
    assert list_calendars(session) == []


@pytest.mark.parametrize(
    ("spans", "code"),
    [
        ([Span(weekday=2, start_minute=600, end_minute=600)], "calendar.invalid_hours"),
        ([Span(weekday=2, start_minute=700, end_minute=600)], "calendar.invalid_hours"),
        (
            [
                Span(weekday=2, start_minute=540, end_minute=780),
                Span(weekday=2, start_minute=720, end_minute=900),
            ],
            "calendar.overlapping_hours",
        ),
    ],
)
def test_bad_hours_are_refused_and_change_nothing(
    session: Session, spans: list[Span], code: str
) -> None:
    calendar = _madrid(session)
    with pytest.raises(ValidationFailed) as caught:
        update_calendar(session, SYSTEM, calendar.id, CalendarUpdate(hours=spans))
    assert caught.value.code == code
    assert calendar_hours(session, calendar.id) == NINE_TO_FIVE


def test_touching_spans_and_other_days_are_fine(session: Session) -> None:
    spans = [
        Span(weekday=0, start_minute=540, end_minute=780),
        Span(weekday=0, start_minute=780, end_minute=1020),
        Span(weekday=1, start_minute=600, end_minute=700),
    ]
    calendar = create_calendar(
        session, SYSTEM, CalendarCreate(name="Shifts", time_zone="UTC", hours=spans)
    )
    assert len(calendar_hours(session, calendar.id)) == 3


@pytest.mark.parametrize(
    "other",
    [
        Holiday(day=date(2027, 12, 25), name="Christmas again", recurring=True),
        Holiday(day=date(2030, 12, 25), name="Dated Christmas"),
        Holiday(day=date(2026, 12, 25), name="Same day"),
    ],
)
def test_one_holiday_a_day(session: Session, other: Holiday) -> None:
    with pytest.raises(ValidationFailed) as caught:
        create_calendar(
            session, SYSTEM, CalendarCreate(name="X", time_zone="UTC", holidays=[other, CHRISTMAS])
        )
    assert caught.value.code == "calendar.duplicate_holiday"


def test_a_dated_holiday_each_year_is_fine(session: Session) -> None:
    days = [Holiday(day=date(year, 4, 18), name="Good Friday") for year in (2025, 2026)]
    calendar = create_calendar(
        session, SYSTEM, CalendarCreate(name="E", time_zone="UTC", holidays=days)
    )
    assert len(calendar_holidays(session, calendar.id)) == 2


def test_names_unique_ignoring_case(session: Session) -> None:
    _madrid(session)
    with pytest.raises(Conflict) as caught:
        create_calendar(session, SYSTEM, CalendarCreate(name="madrid", time_zone="UTC"))
    assert caught.value.code == "calendar.name_taken"


def test_admins_only(session: Session) -> None:
    calendar = _madrid(session)
    agent = actor(session, make_user(session, Role.AGENT))
    with pytest.raises(PermissionDenied):
        create_calendar(session, agent, CalendarCreate(name="Mine", time_zone="UTC"))
    with pytest.raises(PermissionDenied):
        update_calendar(session, agent, calendar.id, CalendarUpdate(hours=[]))
    assert calendar_hours(session, calendar.id) == NINE_TO_FIVE


def test_an_sla_names_its_calendar(session: Session) -> None:
    calendar = _madrid(session)
    sla = create_sla(session, SYSTEM, SlaCreate(name="Gold", calendar_id=calendar.id))
    assert sla.calendar_id == calendar.id
    update_sla(session, SYSTEM, sla.id, SlaUpdate(description="x"))
    assert sla.calendar_id == calendar.id
    update_sla(session, SYSTEM, sla.id, SlaUpdate.model_validate({"calendar_id": None}))
    assert sla.calendar_id is None
    with pytest.raises(NotFound) as caught:
        update_sla(session, SYSTEM, sla.id, SlaUpdate(calendar_id=calendar.id + 99))
    assert caught.value.code == "calendar.not_found" and sla.calendar_id is None
