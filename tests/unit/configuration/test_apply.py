"""Applying a site file: a plan per entry, idempotent, all or nothing, dry runs change nothing."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from polydesk.configuration.document import InvalidConfiguration
from polydesk.configuration.service import (
    apply_configuration,
    export_configuration,
    get_entry,
    put_entry,
    remove_entry,
)
from polydesk.core.actor import SYSTEM, Actor, Role
from polydesk.core.errors import NotFound, PermissionDenied
from polydesk.users.service import authenticate
from tests.factories import make_user

SITE = """\
helpdesks:
  - name: Service desk
    levels: [Level 1, Level 2]
  - name: Network
    parent: Service desk
groups:
  - name: Network team
companies:
  - name: ACME
    code: ACME
users:
  - login: jane
    email: jane@example.com
    first_name: Jane
    role: agent
    helpdesks: [Network, Service desk]
    groups: [Network team]
  - login: carl
    role: customer
    company: ACME
"""


def _actions(applied: object) -> list[tuple[str, str, str]]:
    return [(s.section, s.key, s.action.value) for s in applied.steps]  # type: ignore[attr-defined]


def test_apply_creates_then_keeps(session: Session) -> None:
    first = apply_configuration(session, SYSTEM, SITE)
    assert _actions(first) == [
        ("helpdesks", "Service desk", "create"),
        ("helpdesks", "Network", "create"),
        ("groups", "Network team", "create"),
        ("companies", "ACME", "create"),
        ("users", "jane", "create"),
        ("users", "carl", "create"),
    ]
    passwords = {shown["login"]: shown["generated_password"] for shown in first.secrets}
    assert set(passwords) == {"jane", "carl"}
    assert authenticate(session, "jane", passwords["jane"]) is not None
    jane = get_entry(session, SYSTEM, "users", "jane")
    assert jane["helpdesks"] == ["Network", "Service desk"] and jane["groups"] == ["Network team"]
    assert get_entry(session, SYSTEM, "helpdesks", "Network")["parent"] == "Service desk"

    again = apply_configuration(session, SYSTEM, SITE)
    assert {action for _, _, action in _actions(again)} == {"keep"} and again.secrets == []


def test_an_update_changes_only_the_fields_that_differ(session: Session) -> None:
    apply_configuration(session, SYSTEM, SITE)
    changed = SITE.replace("first_name: Jane", "first_name: Janet")
    applied = apply_configuration(session, SYSTEM, changed)
    steps = [step for step in applied.steps if step.action.value != "keep"]
    assert [(s.key, s.action.value, s.fields) for s in steps] == [
        ("jane", "update", ("first_name",))
    ]
    assert get_entry(session, SYSTEM, "users", "jane")["first_name"] == "Janet"


def test_a_dry_run_plans_the_same_and_changes_nothing(session: Session) -> None:
    before = export_configuration(session, SYSTEM)
    planned = apply_configuration(session, SYSTEM, SITE, dry_run=True)
    assert export_configuration(session, SYSTEM) == before
    assert planned.secrets == []
    assert _actions(planned) == _actions(apply_configuration(session, SYSTEM, SITE))


def test_a_refused_entry_names_its_line_and_nothing_is_written(session: Session) -> None:
    before = export_configuration(session, SYSTEM)
    bad = SITE.replace("helpdesks: [Network, Service desk]", "helpdesks: [Nowhere]")
    with session.begin_nested() as attempt:
        with pytest.raises(InvalidConfiguration) as caught:
            apply_configuration(session, SYSTEM, bad)
        attempt.rollback()  # what the caller's unit of work does with the error
    assert [str(p) for p in caught.value.problems] == [
        "line 12: users 'jane': helpdesk Nowhere not found"
    ]
    assert export_configuration(session, SYSTEM) == before


def test_export_then_apply_keeps_everything(session: Session) -> None:
    apply_configuration(session, SYSTEM, SITE)
    exported = export_configuration(session, SYSTEM)
    assert {step.action.value for step in apply_configuration(session, SYSTEM, exported).steps} == {
        "keep"
    }


def test_put_entry_creates_then_changes_one_field(session: Session) -> None:
    created = put_entry(session, SYSTEM, "helpdesks", "Desk", {"description": "First"})
    assert [(s.action.value, s.line) for s in created.steps] == [("create", 0)]
    changed = put_entry(session, SYSTEM, "helpdesks", "Desk", {"email": "desk@example.com"})
    assert [s.fields for s in changed.steps] == [("email",)]
    entry = get_entry(session, SYSTEM, "helpdesks", "Desk")
    assert (entry["description"], entry["email"]) == ("First", "desk@example.com")
    with pytest.raises(InvalidConfiguration):
        put_entry(session, SYSTEM, "helpdesks", "Desk", {"name": "Other"})


@pytest.mark.parametrize("role", [Role.AGENT, Role.CUSTOMER])
def test_only_admins_configure(session: Session, role: Role) -> None:
    user = make_user(session, role)
    actor = Actor(user_id=user.id, role=role)
    with pytest.raises(PermissionDenied):
        apply_configuration(session, actor, SITE)
    with pytest.raises(PermissionDenied):
        export_configuration(session, actor)


def test_memberships_follow_the_file_both_ways(session: Session) -> None:
    apply_configuration(session, SYSTEM, SITE)
    fewer = SITE.replace("helpdesks: [Network, Service desk]", "helpdesks: [Network]").replace(
        "groups: [Network team]", "groups: []"
    )
    applied = apply_configuration(session, SYSTEM, fewer)
    assert [(s.key, s.fields) for s in applied.steps if s.action.value == "update"] == [
        ("jane", ("groups", "helpdesks"))
    ]
    jane = get_entry(session, SYSTEM, "users", "jane")
    assert (jane["helpdesks"], jane["groups"]) == (["Network"], [])
    assert {s.action.value for s in apply_configuration(session, SYSTEM, fewer).steps} == {"keep"}


@pytest.mark.parametrize(
    ("section", "name", "change"),
    [
        ("helpdesks", "Network", {"parent": None, "levels": ["L1", "L2"], "enabled": False}),
        ("groups", "Network team", {"description": "Cables", "enabled": False}),
        ("companies", "ACME", {"city": "Springfield", "code": "ACME-1"}),
    ],
)
def test_existing_entries_change_through_the_core(
    session: Session, section: str, name: str, change: dict[str, object]
) -> None:
    apply_configuration(session, SYSTEM, SITE)
    applied = put_entry(session, SYSTEM, section, name, dict(change))
    assert [s.fields for s in applied.steps] == [tuple(sorted(change))]
    entry = get_entry(session, SYSTEM, section, name)
    assert {field: entry[field] for field in change} == change


def test_removing_disables_reference_data_and_deletes_unused_users(session: Session) -> None:
    apply_configuration(session, SYSTEM, SITE)
    assert remove_entry(session, SYSTEM, "helpdesks", "Network") == "disabled"
    assert get_entry(session, SYSTEM, "helpdesks", "Network")["enabled"] is False
    assert remove_entry(session, SYSTEM, "users", "carl") == "deleted"
    with pytest.raises(NotFound):
        get_entry(session, SYSTEM, "users", "carl")
    with pytest.raises(NotFound):
        remove_entry(session, SYSTEM, "groups", "nobody")


def test_a_help_desk_names_its_sla(session: Session) -> None:
    text = (
        "slas:\n  - name: Gold\n    resolution_minutes: 240\n"
        "helpdesks:\n  - name: VIP\n    sla: gold\n"
    )
    apply_configuration(session, SYSTEM, text)
    assert get_entry(session, SYSTEM, "helpdesks", "VIP")["sla"] == "Gold"
    put_entry(session, SYSTEM, "helpdesks", "VIP", {"sla": None})
    assert get_entry(session, SYSTEM, "helpdesks", "VIP")["sla"] is None
    with pytest.raises(InvalidConfiguration) as caught:
        put_entry(session, SYSTEM, "helpdesks", "VIP", {"sla": "Platinum"})
    assert "sla Platinum not found" in str(caught.value)
