"""Locations (``locations``, ``locations.users``): golden shapes from the seed's tables,
deleting a location and its sublocations, users placed and taken away, refusals that change
nothing, and scopes."""

from __future__ import annotations

from typing import Any

from tests.dialects.invgate.conftest import InvGate
from tests.dialects.invgate.golden import check_row, response_fields
from tests.dialects.invgate.org_support import AGENT, CUSTOMER, scope_refused, state


def _location(invgate: InvGate, name: str, **extra: Any) -> int:
    ident: int = invgate.ok("POST", "locations", data={"name": name, **extra})["id"]
    return ident


def test_create_and_list_have_the_seeds_shape(invgate: InvGate) -> None:
    created = invgate.ok("POST", "locations", data={"name": "Buenos Aires"})
    office = _location(invgate, "Office 3", parent_id=created["id"])
    invgate.ok("POST", "locations.users", data=[("id", office), ("users[]", 2), ("users[]", 3)])

    listed = invgate.ok("GET", "locations")
    one = invgate.ok("GET", "locations", {"id": office})

    check_row(created, response_fields("POST", "locations"))
    for row in listed:
        check_row(row, response_fields("GET", "locations"))
    assert listed == [
        {"parent_id": None, "id": created["id"], "total": 0, "name": "Buenos Aires"},
        {"parent_id": created["id"], "id": office, "total": 2, "name": "Office 3"},
    ]
    assert one == listed[1]


def test_users_are_placed_listed_moved_and_taken_away(invgate: InvGate) -> None:
    north, south = _location(invgate, "North"), _location(invgate, "South")
    alice, carla = invgate.users["alice"], invgate.users["carla"]

    placed = invgate.ok("POST", "locations.users", data=[("id", north), ("users[]", alice),
                                                        ("users[]", carla)])  # fmt: skip
    listed = invgate.ok("GET", "locations.users", {"id": north})
    narrowed = invgate.ok("GET", "locations.users", {"id": north, "user_id": carla})
    invgate.ok("POST", "locations.users", data=[("id", south), ("users[]", carla)])
    removed = invgate.ok(
        "DELETE", "locations.users", data=[("id", north), ("users[]", alice), ("users[]", carla)]
    )

    assert placed == {str(alice): True, str(carla): True}
    for row in listed:
        check_row(row, response_fields("GET", "locations.users"))
    assert [row["username"] for row in listed] == ["alice", "carla"]
    assert [row["id"] for row in narrowed] == [carla]
    assert removed == {str(alice): True, str(carla): False}  # Carla moved to South
    assert invgate.ok("GET", "locations.users", {"id": north}) == []
    assert [row["id"] for row in invgate.ok("GET", "locations.users", {"id": south})] == [carla]


def test_delete_takes_the_sublocations_too(invgate: InvGate) -> None:
    city = _location(invgate, "City")
    office = _location(invgate, "Office", parent_id=city)
    floor = _location(invgate, "Floor 2", parent_id=office)
    other = _location(invgate, "Elsewhere")
    invgate.ok("POST", "locations.observers", data=[("id", floor), ("observer_users[]", 2)])

    answer = invgate.ok("DELETE", "locations", data={"id": office})

    check_row(answer, response_fields("DELETE", "locations"), extra=frozenset({"info"}))
    assert [row["id"] for row in invgate.ok("GET", "locations")] == [city, other]
    assert invgate.call("GET", "locations", {"id": floor}).json()["error"] == "location.not_found"
    assert state(invgate)["observers"] == []
    refused = invgate.call("POST", "locations.users", data=[("id", office), ("users[]", 2)])
    assert refused.json()["error"] == "location.not_found"


def test_refusals_change_nothing(invgate: InvGate) -> None:
    north = _location(invgate, "North")
    before = state(invgate)

    answers = [
        invgate.call("POST", "locations", data={"name": "north"}),
        invgate.call("POST", "locations", data={"name": "Annex", "parent_id": 999}),
        invgate.call("DELETE", "locations", data={"id": 999}),
        invgate.call("POST", "locations.users", data=[("id", north), ("users[]", 999)]),
        invgate.call("GET", "locations.users", {"id": 999}),
    ]
    agent = invgate.call("POST", "locations", data={"name": "Annex"}, headers=AGENT)
    agent_delete = invgate.call("DELETE", "locations", data={"id": north}, headers=AGENT)
    customer = invgate.call("GET", "locations", headers=CUSTOMER)
    blank = invgate.call("POST", "locations", data={"name": ""})

    assert [(a.status_code, a.json()["error"]) for a in answers] == [
        (200, "location.name_taken"),
        (200, "location.not_found"),
        (200, "location.not_found"),
        (200, "user.not_found"),
        (200, "location.not_found"),
    ]
    assert [r.status_code for r in (agent, agent_delete, customer, blank)] == [403, 403, 403, 428]
    assert state(invgate) == before


def test_an_agent_reads_locations(invgate: InvGate) -> None:
    north = _location(invgate, "North")
    assert [row["id"] for row in invgate.ok("GET", "locations", headers=AGENT)] == [north]


def test_tokens_need_the_locations_scopes(invgate: InvGate) -> None:
    scope_refused(invgate, "POST", "locations", {"name": "North"})
    north = invgate.ok("GET", "locations")[0]["id"]
    scope_refused(invgate, "DELETE", "locations.users", [("id", north), ("users[]", 2)])
