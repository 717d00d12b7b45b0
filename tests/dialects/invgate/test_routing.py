"""Requests created through InvGate name no help desk: the routing rules put them in one (so
its agents see them) and the desk's engine assigns them; ``PUT /incident`` with
``reassignment=1`` re-runs both on the request's new properties."""

from __future__ import annotations

from typing import Any

from polydesk.catalogs.service import get_catalog_item_by_name
from polydesk.core.actor import SYSTEM
from polydesk.db.uow import unit_of_work
from polydesk.helpdesks.service import HelpdeskCreate, create_helpdesk
from polydesk.models.helpdesks import AssignmentEngine
from polydesk.routing.rules import RoutingRuleCreate, create_routing_rule
from tests.dialects.invgate.conftest import InvGate, basic
from tests.factories import make_user

BOB = basic("bob", "pw")
ALICE = basic("alice", "pw")


def _route_hardware(invgate: InvGate) -> dict[str, int]:
    """Hardware requests go to a round-robin desk of bob and eve; the rest to Service Desk."""
    with unit_of_work(invgate.runtime.factory) as session:
        desk = create_helpdesk(
            session,
            SYSTEM,
            HelpdeskCreate(name="Hardware", assignment_engine=AssignmentEngine.ROUND_ROBIN),
        )
        bob = make_user(session, login="bob", password="pw", helpdesks=[desk])
        eve = make_user(session, login="eve", password="pw", helpdesks=[desk])
        software = get_catalog_item_by_name(session, "category", "Incident/Software")
        assert software is not None
        rules = (
            ("hardware", desk.id, {"category_id": invgate.category_id}),
            ("everything else", invgate.helpdesk_id, {"position": 100}),
        )
        for name, desk_id, criteria in rules:
            command = RoutingRuleCreate(name=name, helpdesk_id=desk_id, **criteria)
            create_routing_rule(session, SYSTEM, command)
        return {"desk": desk.id, "bob": bob.id, "eve": eve.id, "software": software.id}


def _read(invgate: InvGate, ident: int, headers: dict[str, str]) -> dict[str, Any]:
    body: dict[str, Any] = invgate.call("GET", "incident", {"id": ident}, headers=headers).json()
    return body


def test_a_created_request_is_routed_assigned_and_seen_by_the_desks_agents(
    invgate: InvGate,
) -> None:
    ids = _route_hardware(invgate)
    first, second = invgate.create(), invgate.create()
    row = _read(invgate, first, BOB)
    assert (row["assigned_group_id"], row["assigned_id"]) == (ids["desk"], ids["bob"])
    assert _read(invgate, second, BOB)["assigned_id"] == ids["eve"]  # round robin
    refused = _read(invgate, first, ALICE)  # alice is in Service Desk only
    assert refused["status"] == "ERROR" and "not found" in refused["info"]
    other = invgate.create(category_id=ids["software"])
    row = _read(invgate, other, ALICE)
    assert (row["assigned_group_id"], row["assigned_id"]) == (invgate.helpdesk_id, None)


def test_reassignment_reruns_routing_on_the_new_properties(invgate: InvGate) -> None:
    ids = _route_hardware(invgate)
    ident = invgate.create(category_id=ids["software"])
    moved = invgate.ok("PUT", "incident", data={"id": ident, "category_id": invgate.category_id})
    assert moved["assigned_group_id"] == invgate.helpdesk_id  # no reassignment asked: stays
    body = invgate.ok(
        "PUT",
        "incident",
        data={"id": ident, "category_id": invgate.category_id, "reassignment": 1},
    )
    assert (body["assigned_group_id"], body["assigned_id"]) == (ids["desk"], ids["bob"])
    again = invgate.ok("PUT", "incident", data={"id": ident, "reassignment": 1})
    assert (again["assigned_group_id"], again["assigned_id"]) == (ids["desk"], ids["bob"])


def test_reassignment_without_rules_changes_nothing(invgate: InvGate) -> None:
    ident = invgate.create()
    body = invgate.ok("PUT", "incident", data={"id": ident, "reassignment": 1})
    assert (body["assigned_group_id"], body["assigned_id"]) == (None, None)


def test_incident_reassign_without_an_agent_runs_the_target_desks_engine(
    invgate: InvGate,
) -> None:
    ids = _route_hardware(invgate)
    ident = invgate.create(category_id=ids["software"])  # Service Desk, manual: nobody
    form = {"request_id": ident, "group_id": ids["desk"], "author_id": invgate.users["api"]}
    invgate.ok("POST", "incident.reassign", data=form)
    row = _read(invgate, ident, BOB)
    assert (row["assigned_group_id"], row["assigned_id"]) == (ids["desk"], ids["bob"])
