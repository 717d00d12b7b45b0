"""Collaborators, observers, linked requests and external entities: golden shapes from the
seed's tables, what the core keeps, and bad input that changes nothing."""

from __future__ import annotations

from typing import Any

import pytest

from polydesk.models.tickets import TicketExternalEntity, TicketLink, TicketParticipant
from tests.dialects.invgate import lifecycle_support as state
from tests.dialects.invgate.conftest import InvGate, basic
from tests.dialects.invgate.golden import check_row, response_fields

ROLES = ["incident.collaborator", "incident.observer"]


def _ok_fields(method: str, endpoint: str) -> dict[str, str]:
    return {k: v for k, v in response_fields(method, endpoint).items() if k != "error"}


@pytest.mark.parametrize("endpoint", ROLES)
def test_participants_are_added_and_listed_as_bare_ids(invgate: InvGate, endpoint: str) -> None:
    ident = invgate.create()
    api, alice = invgate.users["api"], invgate.users["alice"]

    first = invgate.ok(
        "POST",
        endpoint,
        data=[("request_id", ident), ("author_id", api), ("user_id", alice), ("users_id[]", api)],
    )
    again = invgate.ok(
        "POST", endpoint, data={"request_id": ident, "author_id": api, "users_id[0]": alice}
    )
    listed = invgate.ok("GET", endpoint, {"request_id": ident})

    check_row(first, _ok_fields("POST", endpoint), extra=frozenset({"info"}))
    assert first["info"].startswith("2 ") and again["info"].startswith("0 ")
    assert listed == sorted([api, alice])
    assert state.kinds(invgate, ident).count("participant_added") == 2


def test_observers_may_read_the_request(invgate: InvGate) -> None:
    ident = invgate.create()  # in no help desk: Alice, an agent elsewhere, cannot see it
    alice = basic("alice", "pw")
    hidden = invgate.call("GET", "incident", {"id": ident}, headers=alice).json()

    invgate.ok(
        "POST",
        "incident.observer",
        data={
            "request_id": ident,
            "author_id": invgate.users["api"],
            "user_id": invgate.users["alice"],
        },
    )

    assert hidden["error"] == "ticket.not_found"
    assert invgate.ok("GET", "incident", {"id": ident}, headers=alice)["id"] == ident


def test_bad_participants_change_nothing(invgate: InvGate) -> None:
    ident = invgate.create()
    api = invgate.users["api"]
    before = (state.events(invgate), state.count(invgate, TicketParticipant))
    base = {"request_id": ident, "author_id": api}
    answers = [
        invgate.call("POST", "incident.collaborator", data=base),
        invgate.call(
            "POST", "incident.collaborator", data={**base, "user_id": invgate.users["carla"]}
        ),
        invgate.call(
            "POST",
            "incident.observer",
            data=[*base.items(), ("users_id[]", api), ("users_id[]", 9999)],
        ),
        invgate.call("POST", "incident.observer", data={**base, "users_id": "1,2"}),
        invgate.call(
            "POST", "incident.observer", data={**base, "request_id": 9999, "user_id": api}
        ),
        invgate.call("GET", "incident.observer", {"request_id": 9999}),
    ]

    assert [a.status_code for a in answers] == [428, 200, 200, 428, 200, 200]
    assert answers[0].json()["error"] == "The parameter user_id or users_id is required"
    assert [answers[i].json()["error"] for i in (1, 2, 4, 5)] == [
        "participant.collaborator_not_agent",
        "user.not_found",
        "ticket.not_found",
        "ticket.not_found",
    ]
    assert (state.events(invgate), state.count(invgate, TicketParticipant)) == before


def test_requests_are_linked_both_ways(invgate: InvGate) -> None:
    ident, other, third = invgate.create(), invgate.create(title="Other"), invgate.create()

    body = invgate.ok(
        "POST",
        "incident.link",
        data=[("request_id", ident), ("request_ids[]", other), ("request_ids[]", third)],
    )
    from_other = invgate.ok("GET", "incident.link", {"request_id": other})
    linked = invgate.ok("GET", "incident.link", {"request_id": ident})

    check_row(body, _ok_fields("POST", "incident.link"))
    for row in linked:
        check_row(row, response_fields("GET", "incident.link"))
    assert linked == [
        {"id": other, "title": "Other"},
        {"id": third, "title": "Printer is on fire"},
    ]
    assert from_other == [{"id": ident, "title": "Printer is on fire"}]


def test_bad_links_change_nothing(invgate: InvGate) -> None:
    ident = invgate.create()
    before = (state.events(invgate), state.count(invgate, TicketLink))
    answers = [
        invgate.call("POST", "incident.link", data={"request_id": ident, "request_ids[]": ident}),
        invgate.call("POST", "incident.link", data={"request_id": ident, "request_ids[]": 9999}),
        invgate.call("POST", "incident.link", data={"request_id": ident, "request_ids": "2,3"}),
        invgate.call("POST", "incident.link", data={"request_id": ident, "request_ids[]": "x"}),
    ]

    assert [a.status_code for a in answers] == [200, 200, 428, 428]
    assert [a.json()["error"] for a in answers[:2]] == ["link.self", "ticket.not_found"]
    assert (state.events(invgate), state.count(invgate, TicketLink)) == before


def _link(invgate: InvGate, ident: int, entity: int, ref: Any = None) -> dict[str, Any]:
    form = {"request_id": ident, "external_entity_id": entity}
    if ref is not None:
        form["external_entity_ref_id"] = ref
    body: dict[str, Any] = invgate.ok("POST", "incident.external_entity", data=form)
    return body


def test_external_entities_are_linked_and_listed(invgate: InvGate) -> None:
    ident = invgate.create()
    entity = state.external_entity(invgate)

    first = _link(invgate, ident, entity, "4711")
    same = _link(invgate, ident, entity, "4711")
    textual = _link(invgate, ident, entity, "CASE-9")
    rows = invgate.ok("GET", "incident.external_entity", {"request_id": ident})

    check_row(first, response_fields("POST", "incident.external_entity"))
    assert first["link_id"] == same["link_id"] and isinstance(first["link_id"], str)
    # ``type`` is typed STRING but arrives as the integer 100 (§5.8); a reference that is not a
    # number (written as a STRING) is kept as text rather than lost
    check_row(rows[0], {**response_fields("GET", "incident.external_entity"), "type": "INTEGER"})
    assert rows == [
        {
            "link_id": int(first["link_id"]),
            "type": 100,
            "ext_ref_id": 4711,
            "status": 1,
            "name": "Acme Carrier",
            "ref_id": entity,
        },
        {
            "link_id": int(textual["link_id"]),
            "type": 100,
            "ext_ref_id": "CASE-9",
            "status": 1,
            "name": "Acme Carrier",
            "ref_id": entity,
        },
    ]


def test_bad_external_entity_links_change_nothing(invgate: InvGate) -> None:
    ident = invgate.create()
    entity = state.external_entity(invgate)
    before = (state.events(invgate), state.count(invgate, TicketExternalEntity))
    answers = [
        invgate.call(
            "POST",
            "incident.external_entity",
            data={"request_id": ident, "external_entity_id": 9999},
        ),
        invgate.call(
            "POST",
            "incident.external_entity",
            data={"request_id": 9999, "external_entity_id": entity},
        ),
        invgate.call(
            "POST",
            "incident.external_entity",
            data={
                "request_id": ident,
                "external_entity_id": entity,
                "external_entity_ref_id": "x" * 201,
            },
        ),
        invgate.call(
            "POST",
            "incident.external_entity",
            data={"request_id": ident, "external_entity_id": entity},
            headers=basic("carla", "pw"),
        ),
    ]

    assert [a.status_code for a in answers] == [200, 200, 200, 403]
    assert [a.json()["error"] for a in answers[:3]] == [
        "external_entity.not_found",
        "ticket.not_found",
        "external_entity.invalid_reference",
    ]
    assert (state.events(invgate), state.count(invgate, TicketExternalEntity)) == before
