"""Observers of groups, companies, help desks, levels and locations (``<entity>.observers``):
one generic set of handlers over the core's entity observers, checked for every kind:
golden shapes, the ``{user_id: bool}`` answers, the list without ids (every active entity),
deletion dropping observers, refusals that change nothing, and scopes."""

from __future__ import annotations

import pytest

from polydesk.core.actor import SYSTEM, Role
from polydesk.db.uow import unit_of_work
from polydesk.helpdesks.service import list_levels
from polydesk.models.observers import ObservedKind
from polydesk.users.observers import observed_by
from polydesk.users.service import delete_user
from tests.dialects.invgate.conftest import InvGate
from tests.dialects.invgate.golden import check_row, response_fields
from tests.dialects.invgate.org_support import AGENT, CUSTOMER, scope_refused, state
from tests.factories import make_user

KINDS = {
    "groups": "group",
    "companies": "company",
    "helpdesks": "helpdesk",
    "levels": "level",
    "locations": "location",
}
ENDPOINTS = tuple(KINDS)


def _entity(invgate: InvGate, endpoint: str) -> tuple[int, str]:
    """An entity of the kind: its id and name."""
    if endpoint in ("groups", "companies", "locations"):
        name = f"Observed {endpoint}"
        return invgate.ok("POST", endpoint, data={"name": name})["id"], name
    if endpoint == "helpdesks":
        return invgate.helpdesk_id, "Service Desk"
    with unit_of_work(invgate.runtime.factory) as session:
        level = list_levels(session, invgate.helpdesk_id)[0]
        return level.id, level.name


def _form(entity_id: int, *users: int) -> list[tuple[str, int]]:
    return [("id", entity_id), *(("observer_users[]", user) for user in users)]


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_observers_are_added_listed_and_removed(invgate: InvGate, endpoint: str) -> None:
    entity_id, name = _entity(invgate, endpoint)
    path = f"{endpoint}.observers"
    alice, carla = invgate.users["alice"], invgate.users["carla"]

    added = invgate.ok("POST", path, data=_form(entity_id, alice, carla))
    again = invgate.ok("POST", path, data=_form(entity_id, carla))
    listed = invgate.ok("GET", path, [("ids[]", entity_id)])
    everything = invgate.ok("GET", path)
    removed = invgate.ok("DELETE", path, data=_form(entity_id, carla, invgate.users["dave"]))

    assert added == {str(alice): True, str(carla): True}
    assert again == {str(carla): False}
    assert listed == [
        {"id": entity_id, "name": name, "observer_users": [alice, carla], "observer_groups": []}
    ]
    check_row(listed[0], response_fields("GET", path))
    assert listed[0] in everything
    assert removed == {str(carla): True, str(invgate.users["dave"]): False}
    after = invgate.ok("GET", path, [("ids[]", entity_id)])
    assert after[0]["observer_users"] == [alice]


def test_the_list_without_ids_has_every_active_entity(invgate: InvGate) -> None:
    watched = invgate.ok("POST", "groups", data={"name": "Watched"})["id"]
    quiet = invgate.ok("POST", "groups", data={"name": "Quiet"})["id"]
    gone = invgate.ok("POST", "groups", data={"name": "Gone"})["id"]
    invgate.ok("POST", "groups.observers", data=_form(watched, 2))
    invgate.ok("POST", "groups.observers", data=_form(gone, 2))
    invgate.ok("DELETE", "groups", data={"id": gone})

    listed = invgate.ok("GET", "groups.observers")
    unknown = invgate.ok("GET", "groups.observers", [("ids[]", 999)])

    assert [(row["id"], row["observer_users"]) for row in listed] == [(watched, [2]), (quiet, [])]
    assert unknown == []


def test_what_a_user_observes_is_one_core_read(invgate: InvGate) -> None:
    group_id, _ = _entity(invgate, "groups")
    location_id, _ = _entity(invgate, "locations")
    invgate.ok("POST", "groups.observers", data=_form(group_id, 3))
    invgate.ok("POST", "locations.observers", data=_form(location_id, 3))
    invgate.ok("POST", "helpdesks.observers", data=_form(invgate.helpdesk_id, 3))

    with unit_of_work(invgate.runtime.factory) as session:
        observed = observed_by(session, 3)

    assert observed == {
        ObservedKind.GROUP: [group_id],
        ObservedKind.COMPANY: [],
        ObservedKind.HELPDESK: [invgate.helpdesk_id],
        ObservedKind.LEVEL: [],
        ObservedKind.LOCATION: [location_id],
    }


def test_a_deleted_company_or_user_takes_its_observers_along(invgate: InvGate) -> None:
    company, _ = _entity(invgate, "companies")
    invgate.ok("POST", "companies.observers", data=_form(company, 2, 3))
    with unit_of_work(invgate.runtime.factory) as session:
        eve = make_user(session, Role.CUSTOMER, login="eve").id
    invgate.ok("POST", "helpdesks.observers", data=_form(invgate.helpdesk_id, eve, 2))

    invgate.ok("DELETE", "companies", data={"id": company})
    with unit_of_work(invgate.runtime.factory) as session:
        assert delete_user(session, SYSTEM, eve)  # removed, not only disabled

    assert state(invgate)["observers"] == [("helpdesk", invgate.helpdesk_id, 2)]


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_refusals_change_nothing(invgate: InvGate, endpoint: str) -> None:
    entity_id, _ = _entity(invgate, endpoint)
    path = f"{endpoint}.observers"
    invgate.ok("POST", path, data=_form(entity_id, 2))
    before = state(invgate)
    kind = KINDS[endpoint]

    unknown = invgate.call("POST", path, data=_form(999, 3))
    unknown_user = invgate.call("POST", path, data=_form(entity_id, 3, 999))
    agent = invgate.call("POST", path, data=_form(entity_id, 3), headers=AGENT)
    agent_remove = invgate.call("DELETE", path, data=_form(entity_id, 2), headers=AGENT)
    customer = invgate.call("GET", path, headers=CUSTOMER)
    comma = invgate.call("POST", path, data={"id": entity_id, "observer_users": "3,4"})

    assert unknown.json() == {"status": "ERROR", "error": f"{kind}.not_found",
                              "info": f"{kind} 999 not found"}  # fmt: skip
    assert unknown_user.json()["error"] == "user.not_found"
    assert [r.status_code for r in (agent, agent_remove, customer, comma)] == [403, 403, 403, 428]
    assert state(invgate) == before
    assert invgate.ok("GET", path, headers=AGENT)  # agents read observers


def test_tokens_need_the_observers_scopes(invgate: InvGate) -> None:
    scope_refused(invgate, "POST", "helpdesks.observers", _form(invgate.helpdesk_id, 2))
    scope_refused(invgate, "DELETE", "helpdesks.observers", _form(invgate.helpdesk_id, 2))
    scope_refused(invgate, "GET", "levels.observers", {})
