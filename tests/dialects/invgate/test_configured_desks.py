"""InvGate operations that read reference data, on data written only by site files through the
admin API (``POST /polydesk/v1/config/apply`` as the API user, issue 14): ``categories`` and a
request's ``category_id``, ``incident.reassign`` to a configured help desk and an agent the file
made its member, and ``incident.waitingfor.external_entity`` on a link to a configured entity.
The install is set up only through its public surface (``public.py``). Ids an InvGate client
copies from the product's screens are read from the native API (an external entity's, which
no public call lists, from InvGate's own links: ``public.entity_ids``)."""

from __future__ import annotations

from typing import Any

from tests.dialects.edges import V1
from tests.dialects.invgate import lifecycle_support as state
from tests.dialects.invgate.public import PublicInvGate, entity_ids, native_id

SITE = """\
categories:
  - path: Facilities
  - path: Facilities/Doors
helpdesks:
  - name: Field service
users:
  - {login: fiona, email: fiona@example.com, role: agent, helpdesks: [Field service]}
  - {login: gus, email: gus@example.com, role: agent}
external_entities:
  - name: Locksmith Ltd
"""


def _apply(invgate: PublicInvGate, document: str) -> list[tuple[str, str]]:
    response = invgate.client.post(
        f"{V1}/config/apply", headers=invgate.auth, json={"document": document}
    )
    assert response.status_code == 200, response.text
    return [(step["name"], step["action"]) for step in response.json()["steps"]]


def _native_id(invgate: PublicInvGate, path: str, key: str, value: str) -> int:
    return native_id(invgate.public, path, key, value)


def _categories(invgate: PublicInvGate) -> dict[str, dict[str, Any]]:
    return {row["name"]: row for row in invgate.ok("GET", "categories")}


def test_configured_categories_are_listed_and_taken(public_invgate: PublicInvGate) -> None:
    invgate = public_invgate
    assert "Doors" not in _categories(invgate)
    _apply(invgate, SITE)

    listed = _categories(invgate)
    facilities, doors = listed["Facilities"], listed["Doors"]
    assert doors["parent_category_id"] == int(facilities["id"])
    ident = invgate.create(category_id=doors["id"])
    assert str(invgate.ok("GET", "incident", {"id": ident})["category_id"]) == doors["id"]

    moved = invgate.ok("PUT", "incident", data={"id": ident, "category_id": facilities["id"]})
    assert str(moved["category_id"]) == facilities["id"]


def test_reassign_to_a_configured_desk_and_member(public_invgate: PublicInvGate) -> None:
    invgate = public_invgate
    _apply(invgate, SITE)
    desk = _native_id(invgate, "helpdesks", "name", "Field service")
    fiona = _native_id(invgate, "users", "login", "fiona")
    gus = _native_id(invgate, "users", "login", "gus")
    ident = invgate.create()
    form = {"request_id": ident, "author_id": invgate.users["api"], "group_id": desk}

    outsider = invgate.call("POST", "incident.reassign", data={**form, "agent_id": gus}).json()
    assert outsider["status"] == "ERROR", outsider  # gus is no member of Field service
    invgate.ok("POST", "incident.reassign", data={**form, "agent_id": fiona})

    shown = invgate.ok("GET", "incident", {"id": ident})
    assert (shown["assigned_group_id"], shown["assigned_id"]) == (desk, fiona)
    listed = invgate.ok("GET", "incidents.by.helpdesk", {"helpdesk_id": desk})
    assert listed["requestIds"] == [ident]

    _apply(invgate, "users:\n  - {login: gus, helpdesks: [Field service]}\n")
    invgate.ok("POST", "incident.reassign", data={**form, "agent_id": gus})
    assert invgate.ok("GET", "incident", {"id": ident})["assigned_id"] == gus


def _entity_id(invgate: PublicInvGate, name: str) -> int:
    return entity_ids(invgate, name)[name]


def test_waiting_for_a_configured_external_entity(public_invgate: PublicInvGate) -> None:
    invgate = public_invgate
    _apply(invgate, SITE)
    ident = invgate.create()
    link = {"request_id": ident, "external_entity_id": _entity_id(invgate, "Locksmith Ltd")}
    link_id = invgate.ok("POST", "incident.external_entity", data=link)["link_id"]

    waiting = {"request_id": ident, "entity_link_id": link_id}
    invgate.ok("POST", "incident.waitingfor.external_entity", data=waiting)

    assert invgate.ok("GET", "incident", {"id": ident})["status_id"] == state.ON_HOLD
    [row] = invgate.ok("GET", "incident.external_entity", {"request_id": ident})
    assert (row["name"], row["link_id"]) == ("Locksmith Ltd", int(link_id))
