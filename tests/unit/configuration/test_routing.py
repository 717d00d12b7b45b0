"""The ``routing_rules:`` and ``assignment:`` sections: rules by name (help desk, level,
category path, type, source, company), the default desk as a rule with no criterion, a help
desk's default owner and its members' levels by login; kept on a second apply, exported and
applied again the same, and a bad entry changes nothing."""

from __future__ import annotations

import pytest
import yaml
from sqlalchemy.orm import Session

from polydesk.configuration.document import InvalidConfiguration
from polydesk.configuration.service import (
    apply_configuration,
    export_data,
    get_entry,
    remove_entry,
)
from polydesk.core.actor import SYSTEM
from polydesk.helpdesks.service import get_helpdesk_by_name
from polydesk.models.helpdesks import AssignmentEngine
from polydesk.routing.rules import list_routing_rules
from polydesk.users.service import get_user_by_login
from tests.factories import make_ticket

SITE = """\
helpdesks:
  - name: Field service
    assignment_engine: round_robin
    levels: [Dispatch, Technicians]
  - name: Front desk
    assignment_engine: free
companies:
  - name: ACME
users:
  - login: tess
    role: agent
    helpdesks: [Field service]
  - login: tom
    role: agent
    helpdesks: [Field service]
  - login: lead
    role: agent
routing_rules:
  - name: ACME hardware by phone
    position: 10
    helpdesk: Field service
    level: 2
    category: Incident/Hardware
    type: Incident
    source: Phone
    company: ACME
  - name: Hardware
    position: 20
    helpdesk: Field service
    category: Incident/Hardware
  - name: Everything else
    position: 1000
    helpdesk: Front desk
assignment:
  - helpdesk: Front desk
    default_owner: lead
  - helpdesk: Field service
    member_levels: {tom: 2}
"""


def _plan(session: Session, text: str) -> list[tuple[str, str, str, tuple[str, ...]]]:
    applied = apply_configuration(session, SYSTEM, text)
    return [(s.section, s.key, s.action.value, s.fields) for s in applied.steps]


def test_rules_and_assignment_are_applied_by_name_and_route(session: Session) -> None:
    plan = _plan(session, SITE)
    created = [(section, key) for section, key, action, _ in plan if action == "create"]
    assert created[-5:] == [
        ("routing_rules", "ACME hardware by phone"),
        ("routing_rules", "Hardware"),
        ("routing_rules", "Everything else"),
        ("assignment", "Front desk"),
        ("assignment", "Field service"),
    ]
    field = get_helpdesk_by_name(session, "Field service")
    front = get_helpdesk_by_name(session, "Front desk")
    tess, lead = get_user_by_login(session, "tess"), get_user_by_login(session, "lead")
    tom = get_user_by_login(session, "tom")
    assert field and front and tess and lead and tom
    assert field.assignment_engine is AssignmentEngine.ROUND_ROBIN
    assert front.default_owner_id == lead.id
    assert get_entry(session, SYSTEM, "routing_rules", "ACME hardware by phone") == {
        "name": "ACME hardware by phone",
        "position": 10,
        "helpdesk": "Field service",
        "level": 2,
        "category": "Incident/Hardware",
        "type": "Incident",
        "source": "Phone",
        "company": "ACME",
        "enabled": True,
    }
    hardware = list_routing_rules(session)[1].category_id
    routed = make_ticket(session, category_id=hardware)
    assert (routed.helpdesk_id, routed.level, routed.owner_id) == (field.id, 1, tess.id)
    assert make_ticket(session, category_id=hardware).owner_id == tess.id  # tom is at level 2
    upstairs = make_ticket(session, helpdesk_id=field.id, level=2)
    assert upstairs.owner_id == tom.id
    other = make_ticket(session)
    assert (other.helpdesk_id, other.owner_id) == (front.id, lead.id)

    assert {action for _, _, action, _ in _plan(session, SITE)} == {"keep"}
    other_case = SITE.replace("source: Phone", "source: PHONE")
    assert {action for _, _, action, _ in _plan(session, other_case)} == {"keep"}


def test_an_update_moves_a_rule_and_clears_a_default_owner(session: Session) -> None:
    _plan(session, SITE)
    changed = SITE.replace("position: 20", "position: 5").replace("owner: lead", "owner: null")
    changed = changed.replace("member_levels: {tom: 2}", "member_levels: {tess: 2}")
    plan = _plan(session, changed)
    assert ("routing_rules", "Hardware", "update", ("position",)) in plan
    assert list_routing_rules(session)[0].name == "Hardware"
    front = get_helpdesk_by_name(session, "Front desk")
    assert front is not None and front.default_owner_id is None
    levels = get_entry(session, SYSTEM, "assignment", "Field service")["member_levels"]
    assert levels == {"tess": 2}  # tom, left out, is back at level 1


def test_removing_entries(session: Session) -> None:
    _plan(session, SITE)
    assert remove_entry(session, SYSTEM, "routing_rules", "Hardware") == "disabled"
    assert not next(r for r in list_routing_rules(session) if r.name == "Hardware").is_enabled
    assert remove_entry(session, SYSTEM, "assignment", "Front desk") == "deleted"
    front = get_helpdesk_by_name(session, "Front desk")
    assert front is not None and front.default_owner_id is None
    assert remove_entry(session, SYSTEM, "assignment", "Field service") == "deleted"
    assert export_data(session, SYSTEM).get("assignment", []) == []


def test_export_then_apply_on_a_fresh_install_gives_the_same(session: Session) -> None:
    sections = ("helpdesks", "companies", "users", "routing_rules", "assignment")
    with session.begin_nested() as first:
        _plan(session, SITE)
        exported = {name: export_data(session, SYSTEM)[name] for name in sections}
        first.rollback()
    assert exported["assignment"] == [
        {"helpdesk": "Field service", "default_owner": None, "member_levels": {"tom": 2}},
        {"helpdesk": "Front desk", "default_owner": "lead", "member_levels": {}},
    ]
    assert [rule["name"] for rule in exported["routing_rules"]] == [
        "ACME hardware by phone",
        "Hardware",
        "Everything else",
    ]
    _plan(session, yaml.safe_dump(exported))
    again = {name: export_data(session, SYSTEM)[name] for name in sections}
    assert again["routing_rules"] == exported["routing_rules"]
    assert again["assignment"] == exported["assignment"]


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("{name: x, helpdesk: Nowhere}", "Nowhere"),
        ("{name: x, helpdesk: Front desk, level: 3}", "no level 3"),
        ("{name: x, helpdesk: Front desk, source: Carrier pigeon}", "Carrier pigeon"),
        ("{name: x, helpdesk: Front desk, category: No/Such}", "No/Such"),
    ],
)
def test_bad_rules_name_their_line_and_change_nothing(
    session: Session, entry: str, message: str
) -> None:
    _plan(session, SITE)
    with session.begin_nested() as attempt:
        with pytest.raises(InvalidConfiguration) as caught:
            apply_configuration(session, SYSTEM, f"routing_rules:\n  - {entry}\n")
        attempt.rollback()
    assert message in str(caught.value)
    assert len(list_routing_rules(session)) == 3


def test_a_default_owner_must_be_an_agent(session: Session) -> None:
    _plan(session, SITE)
    text = "users:\n  - {login: cust, role: customer}\nassignment:\n"
    text += "  - {helpdesk: Front desk, default_owner: cust}\n"
    with session.begin_nested() as attempt:
        with pytest.raises(InvalidConfiguration) as caught:
            apply_configuration(session, SYSTEM, text)
        attempt.rollback()  # the edge owns the transaction: a refused file is rolled back
    assert "not an active agent" in str(caught.value)
    front = get_helpdesk_by_name(session, "Front desk")
    assert front is not None and front.default_owner_id is not None


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("{helpdesk: Field service, member_levels: {lead: 2}}", "not members"),
        ("{helpdesk: Field service, member_levels: {tom: 3}}", "no level 3"),
        ("{helpdesk: Nowhere, default_owner: lead}", "Nowhere"),
        ("{helpdesk: Front desk, default_owner: nobody}", "nobody"),
    ],
)
def test_bad_assignment_entries_change_nothing(session: Session, entry: str, message: str) -> None:
    _plan(session, SITE)
    with session.begin_nested() as attempt:
        with pytest.raises(InvalidConfiguration) as caught:
            apply_configuration(session, SYSTEM, f"assignment:\n  - {entry}\n")
        attempt.rollback()
    assert message in str(caught.value)
    assert get_entry(session, SYSTEM, "assignment", "Field service")["member_levels"] == {"tom": 2}
