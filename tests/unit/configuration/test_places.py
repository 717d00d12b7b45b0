"""The ``locations`` section of a site file: parents first whatever the file's order, updates
(address, parent, enabled), names matched case-insensitively, refusals naming their line."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.orm import Session

from polydesk.companies.locations import get_location_by_name, list_locations
from polydesk.configuration.apply import Applied
from polydesk.configuration.document import InvalidConfiguration
from polydesk.configuration.service import apply_configuration, export_data, get_entry
from polydesk.core.actor import SYSTEM

SITE = """\
locations:
  - name: Ahmedabad
    parent: Gujarat
    address: Ashram Road
  - name: Gujarat
    parent: India
  - name: India
  - name: Pune
"""


def _apply(session: Session, text: str) -> Applied:
    return apply_configuration(session, SYSTEM, text)


def _steps(applied: Applied) -> list[tuple[str, str]]:
    return [(step.key, step.action.value) for step in applied.steps]


def _refused(session: Session, text: str) -> list[dict[str, Any]]:
    before = [(row.name, row.parent_id, row.is_enabled) for row in list_locations(session)]
    with pytest.raises(InvalidConfiguration) as refused:
        _apply(session, text)
    session.rollback()
    assert [(row.name, row.parent_id, row.is_enabled) for row in list_locations(session)] == before
    problems: list[dict[str, Any]] = refused.value.details["problems"]
    return problems


def test_locations_are_created_parents_first_then_kept(session: Session) -> None:
    applied = _apply(session, SITE)
    assert _steps(applied) == [
        ("India", "create"),
        ("Pune", "create"),
        ("Gujarat", "create"),
        ("Ahmedabad", "create"),
    ]
    ahmedabad = get_location_by_name(session, "Ahmedabad")
    gujarat = get_location_by_name(session, "Gujarat")
    assert ahmedabad is not None and gujarat is not None
    assert ahmedabad.parent_id == gujarat.id and ahmedabad.address == "Ashram Road"
    assert get_entry(session, SYSTEM, "locations", "Ahmedabad") == {
        "name": "Ahmedabad",
        "parent": "Gujarat",
        "address": "Ashram Road",
        "enabled": True,
    }
    assert {action for _, action in _steps(_apply(session, SITE))} == {"keep"}


def test_the_export_puts_parents_first_and_applies_back_unchanged(session: Session) -> None:
    _apply(session, SITE)
    exported = export_data(session, SYSTEM)["locations"]
    names = [entry["name"] for entry in exported]
    assert names == ["India", "Pune", "Gujarat", "Ahmedabad"]
    text = "locations:\n" + "".join(
        f"  - name: {e['name']}\n    parent: {e['parent'] or 'null'}\n"
        f"    address: '{e['address']}'\n    enabled: {str(e['enabled']).lower()}\n"
        for e in exported
    )
    assert {action for _, action in _steps(_apply(session, text))} == {"keep"}


def test_a_location_moves_changes_and_is_disabled(session: Session) -> None:
    _apply(session, SITE)
    changed = """\
locations:
  - name: ahmedabad
    parent: null
    address: C G Road
  - name: Pune
    enabled: false
"""
    applied = _apply(session, changed)
    assert [(s.key, s.action.value, s.fields) for s in applied.steps] == [
        ("ahmedabad", "update", ("address", "name", "parent")),
        ("Pune", "update", ("enabled",)),
    ]
    moved = get_location_by_name(session, "ahmedabad")
    assert moved is not None and moved.parent_id is None and moved.address == "C G Road"
    assert get_location_by_name(session, "Pune") is None  # disabled: not offered to the edges
    assert get_entry(session, SYSTEM, "locations", "Pune")["enabled"] is False
    assert {action for _, action in _steps(_apply(session, changed))} == {"keep"}


def test_an_unknown_parent_is_refused_on_its_line(session: Session) -> None:
    problems = _refused(session, "locations:\n  - name: Surat\n  - name: Vadodara\n    parent: X\n")
    assert problems[0]["line"] == 3 and "locations 'Vadodara'" in problems[0]["message"]


def test_a_cycle_is_refused_and_changes_nothing(session: Session) -> None:
    _apply(session, SITE)
    session.commit()  # the test's transaction is still rolled back at its end
    problems = _refused(session, "locations:\n  - name: India\n    parent: Ahmedabad\n")
    assert problems[0]["line"] == 2 and "below itself" in problems[0]["message"]


def test_an_entry_with_unknown_fields_is_refused(session: Session) -> None:
    problems = _refused(session, "locations:\n  - name: Surat\n    city: Surat\n")
    assert problems[0]["line"] == 3 and "city" in problems[0]["message"]
