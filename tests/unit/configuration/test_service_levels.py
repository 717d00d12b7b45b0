"""The ``slas:`` section: SLA policies created, changed and kept through the core's services."""

from __future__ import annotations

import pytest
import yaml
from sqlalchemy.orm import Session

from polydesk.configuration.document import InvalidConfiguration
from polydesk.configuration.service import (
    apply_configuration,
    export_data,
    get_entry,
    put_entry,
    remove_entry,
)
from polydesk.core.actor import SYSTEM
from polydesk.helpdesks.service import get_sla_by_name

SITE = """\
slas:
  - name: Gold
    description: Business customers
    first_response_minutes: 30
    update_minutes: 120
    resolution_minutes: 480
    business_hours_only: true
  - name: Best effort
"""


def _plan(session: Session, text: str) -> list[tuple[str, str, tuple[str, ...]]]:
    applied = apply_configuration(session, SYSTEM, text)
    return [(s.key, s.action.value, s.fields) for s in applied.steps]


def test_apply_creates_then_keeps(session: Session) -> None:
    assert [step[:2] for step in _plan(session, SITE)] == [
        ("Gold", "create"),
        ("Best effort", "create"),
    ]
    gold = get_sla_by_name(session, "gold")
    assert gold is not None and gold.is_enabled and gold.business_hours_only
    assert (gold.first_response_minutes, gold.update_minutes, gold.resolution_minutes) == (
        30,
        120,
        480,
    )
    assert get_entry(session, SYSTEM, "slas", "Best effort") == {
        "name": "Best effort",
        "description": "",
        "first_response_minutes": None,
        "update_minutes": None,
        "resolution_minutes": None,
        "business_hours_only": False,
        "calendar": None,
        "enabled": True,
        "warning_percent": None,
        "escalate_to_next_level": False,
    }
    assert {action for _, action, _ in _plan(session, SITE)} == {"keep"}


def test_an_update_changes_and_removes_targets(session: Session) -> None:
    _plan(session, SITE)
    changed = SITE.replace("update_minutes: 120", "update_minutes: null").replace(
        "resolution_minutes: 480", "resolution_minutes: 600"
    )
    assert ("Gold", "update", ("resolution_minutes", "update_minutes")) in _plan(session, changed)
    entry = get_entry(session, SYSTEM, "slas", "Gold")
    assert (entry["update_minutes"], entry["resolution_minutes"]) == (None, 600)


def test_export_then_apply_keeps_everything(session: Session) -> None:
    _plan(session, SITE)
    exported = export_data(session, SYSTEM)["slas"]
    assert [entry["name"] for entry in exported] == ["Best effort", "Gold"]
    document = yaml.safe_dump({"slas": exported})
    assert {action for _, action, _ in _plan(session, document)} == {"keep"}


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("    resolution_minutes: 10", "line 2: slas 'Gold': the first response target"),
        ("    resolution_minutes: 0", "line 6: resolution_minutes: Input should be greater"),
        ("    colour: gold", "line 6: colour: Extra inputs are not permitted"),
    ],
)
def test_bad_entries_name_their_line_and_change_nothing(
    session: Session, line: str, problem: str
) -> None:
    bad = SITE.replace("    resolution_minutes: 480", line)
    with session.begin_nested() as attempt:
        with pytest.raises(InvalidConfiguration) as caught:
            apply_configuration(session, SYSTEM, bad)
        attempt.rollback()
    [found] = [str(p) for p in caught.value.problems]
    assert found.startswith(problem), found
    assert export_data(session, SYSTEM).get("slas", []) == []


def test_put_and_remove_one_sla(session: Session) -> None:
    put_entry(session, SYSTEM, "slas", "Silver", {"resolution_minutes": 960})
    assert get_entry(session, SYSTEM, "slas", "Silver")["resolution_minutes"] == 960
    assert remove_entry(session, SYSTEM, "slas", "Silver") == "disabled"
    assert get_entry(session, SYSTEM, "slas", "Silver")["enabled"] is False
