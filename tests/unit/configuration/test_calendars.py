"""The ``calendars:`` section: business calendars (zone, hours by weekday name, holidays) created,
changed and kept through the core's services; ``slas:`` name their calendar."""

from __future__ import annotations

from datetime import date

import pytest
import yaml
from sqlalchemy.orm import Session

from polydesk.configuration.document import InvalidConfiguration
from polydesk.configuration.service import apply_configuration, export_data, get_entry
from polydesk.core.actor import SYSTEM
from polydesk.helpdesks.calendars import (
    Holiday,
    Span,
    calendar_holidays,
    calendar_hours,
    get_calendar_by_name,
)
from polydesk.helpdesks.service import get_sla_by_name

SITE = """\
calendars:
  - name: Madrid office
    time_zone: Europe/Madrid
    hours:
      friday: ["08:00-15:00"]
      monday: ["14:00-18:00", "09:00-13:00"]
      sunday: []
    holidays:
      - {date: 2026-12-25, name: Christmas, recurring: true}
      - {date: 2026-04-03, name: Good Friday}
  - name: Around the clock
slas:
  - name: Gold
    resolution_minutes: 480
    business_hours_only: true
    calendar: madrid office
"""


def _plan(session: Session, text: str) -> list[tuple[str, str, tuple[str, ...]]]:
    applied = apply_configuration(session, SYSTEM, text)
    return [(s.key, s.action.value, s.fields) for s in applied.steps]


def test_apply_creates_then_keeps(session: Session) -> None:
    assert [step[:2] for step in _plan(session, SITE)] == [
        ("Madrid office", "create"),
        ("Around the clock", "create"),
        ("Gold", "create"),
    ]
    madrid = get_calendar_by_name(session, "Madrid office")
    assert madrid is not None and madrid.time_zone == "Europe/Madrid"
    assert calendar_hours(session, madrid.id) == [
        Span(weekday=0, start_minute=540, end_minute=780),
        Span(weekday=0, start_minute=840, end_minute=1080),
        Span(weekday=4, start_minute=480, end_minute=900),
    ]
    assert calendar_holidays(session, madrid.id) == [
        Holiday(day=date(2026, 4, 3), name="Good Friday"),
        Holiday(day=date(2026, 12, 25), name="Christmas", recurring=True),
    ]
    gold = get_sla_by_name(session, "Gold")
    assert gold is not None and gold.calendar_id == madrid.id
    assert get_entry(session, SYSTEM, "calendars", "Around the clock") == {
        "name": "Around the clock",
        "description": "",
        "time_zone": "UTC",
        "hours": {},
        "holidays": [],
        "enabled": True,
    }
    assert {action for _, action, _ in _plan(session, SITE)} == {"keep"}


def test_an_update_replaces_hours_and_holidays(session: Session) -> None:
    _plan(session, SITE)
    changed = SITE.replace('friday: ["08:00-15:00"]', 'friday: ["08:00-24:00"]').replace(
        "      - {date: 2026-04-03, name: Good Friday}\n", ""
    )
    plan = _plan(session, changed)
    assert ("Madrid office", "update", ("holidays", "hours")) in plan
    entry = get_entry(session, SYSTEM, "calendars", "Madrid office")
    assert entry["hours"]["friday"] == ["08:00-24:00"]
    assert [h["name"] for h in entry["holidays"]] == ["Christmas"]
    unlinked = changed.replace("    calendar: madrid office\n", "    calendar: null\n")
    assert ("Gold", "update", ("calendar",)) in _plan(session, unlinked)
    assert get_entry(session, SYSTEM, "slas", "Gold")["calendar"] is None


def test_export_then_apply_keeps_everything(session: Session) -> None:
    _plan(session, SITE)
    exported = export_data(session, SYSTEM)
    document = yaml.safe_dump({k: exported[k] for k in ("calendars", "slas")})
    assert {action for _, action, _ in _plan(session, document)} == {"keep"}


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        (
            "Europe/Madrid",
            "Europe/Atlantis",
            "line 2: calendars 'Madrid office': unknown time zone",
        ),
        ('["08:00-15:00"]', '["15:00-08:00"]', "line 2: calendars 'Madrid office': friday 15:00"),
        ('["08:00-15:00"]', '["8-15"]', "line 5: hours: Value error, friday: '8-15' is not a span"),
        ('["08:00-15:00"]', '["08:00-24:30"]', "line 5: hours: Value error, friday: '08:00-24:30'"),
        ("friday:", "fryday:", "line 5: hours: Value error, unknown weekday 'fryday'"),
        ('"09:00-13:00"]', '"09:00-14:30"]', "line 2: calendars 'Madrid office': monday: 09:00"),
        ("2026-04-03, name: Good", "2026-12-25, name: Good", "line 2: calendars 'Madrid office':"),
        ("calendar: madrid office", "calendar: Lisbon", "line 13: slas 'Gold': calendar Lisbon"),
        ("2026-04-03", '"2026-02-30"', "line 10: holidays.1.date: Input should be a valid date"),
    ],
)
def test_bad_entries_name_their_line_and_change_nothing(
    session: Session, old: str, new: str, problem: str
) -> None:
    bad = SITE.replace(old, new)
    with session.begin_nested() as attempt:
        with pytest.raises(InvalidConfiguration) as caught:
            apply_configuration(session, SYSTEM, bad)
        attempt.rollback()
    [found] = [str(p) for p in caught.value.problems]
    assert found.startswith(problem), found
    exported = export_data(session, SYSTEM)
    assert exported.get("calendars", []) == [] and exported.get("slas", []) == []
