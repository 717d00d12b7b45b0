"""The ``sla_rules:`` section: which SLA a ticket gets, by priority, help desk, company,
category path and ticket type, all by name; and one export -> apply round trip of calendars,
SLAs and rules on a fresh install."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
import yaml
from sqlalchemy.orm import Session

from polydesk.catalogs.categories import require_category_path
from polydesk.catalogs.service import get_catalog_item_by_name
from polydesk.companies.service import get_company_by_name
from polydesk.configuration.document import InvalidConfiguration
from polydesk.configuration.service import apply_configuration, export_data, get_entry
from polydesk.core.actor import SYSTEM
from polydesk.helpdesks.service import get_helpdesk_by_name, get_sla_by_name
from polydesk.helpdesks.sla_rules import TicketFacts, choose_sla, list_sla_rules

SITE = """\
calendars:
  - name: New York
    time_zone: America/New_York
    hours:
      monday: ["09:00-17:00"]
      tuesday: ["09:00-17:00"]
      saturday: ["10:00-12:00", "12:30-14:00"]
    holidays:
      - {date: 2026-07-04, name: Independence Day, recurring: true}
      - {date: 2026-11-26, name: Thanksgiving}
slas:
  - name: Gold
    first_response_minutes: 30
    resolution_minutes: 240
    business_hours_only: true
    calendar: New York
  - name: Standard
    resolution_minutes: 2880
categories:
  - path: Incident/Hardware
helpdesks:
  - name: Service desk
    sla: Standard
companies:
  - name: ACME
sla_rules:
  - name: ACME urgent hardware
    position: 10
    sla: Gold
    priority: High
    company: ACME
    category: Incident/Hardware
  - name: Service desk
    position: 20
    sla: Standard
    helpdesk: Service desk
    type: Incident
"""


def _plan(session: Session, text: str) -> list[tuple[str, str, str, tuple[str, ...]]]:
    applied = apply_configuration(session, SYSTEM, text)
    return [(s.section, s.key, s.action.value, s.fields) for s in applied.steps]


def _id(row: Any) -> int:
    assert row is not None
    return int(row.id)


def test_rules_are_stored_by_name_and_choose_the_sla(session: Session) -> None:
    plan = _plan(session, SITE)
    assert [(section, key) for section, key, action, _ in plan if action == "create"][-2:] == [
        ("sla_rules", "ACME urgent hardware"),
        ("sla_rules", "Service desk"),
    ]
    hardware = require_category_path(session, "Incident/Hardware")
    facts = TicketFacts(
        priority_id=_id(get_catalog_item_by_name(session, "priority", "high")),
        helpdesk_id=_id(get_helpdesk_by_name(session, "Service desk")),
        company_id=_id(get_company_by_name(session, "ACME")),
        category_ids=frozenset({hardware.id, _id(require_category_path(session, "Incident"))}),
        type_id=_id(get_catalog_item_by_name(session, "type", "Incident")),
    )
    rules = list_sla_rules(session)
    assert choose_sla(rules, facts) == _id(get_sla_by_name(session, "Gold"))
    other = replace(facts, company_id=None)
    assert choose_sla(rules, other) == _id(get_sla_by_name(session, "Standard"))
    assert choose_sla(rules, replace(other, type_id=None)) is None
    assert get_entry(session, SYSTEM, "sla_rules", "Service desk") == {
        "name": "Service desk",
        "position": 20,
        "sla": "Standard",
        "priority": None,
        "helpdesk": "Service desk",
        "company": None,
        "category": None,
        "type": "Incident",
        "enabled": True,
    }
    assert {action for _, _, action, _ in _plan(session, SITE)} == {"keep"}
    other_case = SITE.replace("priority: High", "priority: HIGH").replace("sla: Gold", "sla: gold")
    assert {action for _, _, action, _ in _plan(session, other_case)} == {"keep"}


def test_an_update_moves_and_widens_a_rule(session: Session) -> None:
    _plan(session, SITE)
    changed = SITE.replace("position: 10", "position: 30").replace("company: ACME", "company: null")
    plan = _plan(session, changed)
    assert ("sla_rules", "ACME urgent hardware", "update", ("company", "position")) in plan
    assert [rule.name for rule in list_sla_rules(session)] == [
        "Service desk",
        "ACME urgent hardware",
    ]
    assert get_entry(session, SYSTEM, "sla_rules", "ACME urgent hardware")["company"] is None
    assert get_company_by_name(session, "ACME") is not None  # only the rule changed


_SECTIONS = ("calendars", "slas", "categories", "helpdesks", "companies", "sla_rules")


def test_export_then_apply_on_a_fresh_install_gives_the_same(session: Session) -> None:
    with session.begin_nested() as first:
        _plan(session, SITE)
        exported = {name: export_data(session, SYSTEM)[name] for name in _SECTIONS}
        first.rollback()
    new_york = exported["calendars"][0]
    assert new_york["time_zone"] == "America/New_York"
    assert new_york["hours"]["saturday"] == ["10:00-12:00", "12:30-14:00"]
    assert [(h["name"], h["recurring"]) for h in new_york["holidays"]] == [
        ("Independence Day", True),
        ("Thanksgiving", False),
    ]
    assert export_data(session, SYSTEM).get("calendars", []) == []

    plan = _plan(session, yaml.safe_dump(exported))
    created = {(section, key) for section, key, action, _ in plan if action == "create"}
    assert {("calendars", "New York"), ("slas", "Gold"), ("sla_rules", "Service desk")} <= created
    again = export_data(session, SYSTEM)
    assert {name: again[name] for name in _SECTIONS} == exported


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        (
            "priority: High",
            "priority: Blazing",
            "line 27: sla_rules 'ACME urgent hardware': priority",
        ),
        (
            "category: Incident/Hardware",
            "category: Incident/Soft",
            "line 27: sla_rules 'ACME urgent",
        ),
        ("    type: Incident\n", "    type: Outage\n", "line 33: sla_rules 'Service desk': type"),
        ("    sla: Standard\n    helpdesk", "    helpdesk", "line 33: sla: Field required"),
        ("position: 20", "position: -1", "line 34: position: Input should be greater"),
        ("    type: Incident\n", "    kind: Incident\n", "line 37: kind: Extra inputs"),
    ],
)
def test_bad_rules_name_their_line_and_change_nothing(
    session: Session, old: str, new: str, problem: str
) -> None:
    bad = SITE.replace(old, new)
    assert bad != SITE
    with session.begin_nested() as attempt:
        with pytest.raises(InvalidConfiguration) as caught:
            apply_configuration(session, SYSTEM, bad)
        attempt.rollback()
    [found] = [str(p) for p in caught.value.problems]
    assert found.startswith(problem), found
    assert export_data(session, SYSTEM).get("sla_rules", []) == []
    assert get_sla_by_name(session, "Gold") is None
