"""Native API: routing rules (routes/routing), a help desk's engine, default owner and member
levels (routes/admin_directory), all reachable by an admin and refused to others with the
domain's codes; a ticket created through the API with no help desk shows where it was routed
and who got it in the creating response."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient

from polydesk.core.actor import Role
from polydesk.runtime import Runtime
from tests.factories import make_user, token_for

V1 = "/polydesk/v1"


@dataclass
class World:
    admin: dict[str, str]
    agent: dict[str, str]
    agent_ids: list[int]


@pytest.fixture
def world(runtime: Runtime) -> World:
    with runtime.factory() as session, session.begin():
        admin = make_user(session, Role.ADMIN)
        agents = [make_user(session, Role.AGENT) for _ in range(2)]
        return World(
            token_for(session, admin), token_for(session, agents[0]), [a.id for a in agents]
        )


def _ok(answer: Any, status: int = 200) -> Any:
    assert answer.status_code == status, answer.text
    return answer.json() if status != 204 else None


def _error(answer: Any, status: int, code: str) -> None:
    assert answer.status_code == status, answer.text
    assert answer.json()["error"]["code"] == code, answer.text


def _desk(client: TestClient, world: World) -> int:
    body = {"name": "Field", "levels": ["Dispatch", "Technicians"]}
    desk = _ok(client.post(f"{V1}/helpdesks", headers=world.admin, json=body), 201)["id"]
    change = {"assignment_engine": "round_robin"}
    _ok(client.patch(f"{V1}/helpdesks/{desk}", headers=world.admin, json=change))
    for agent in world.agent_ids:
        path = f"{V1}/helpdesks/{desk}/members/{agent}"
        _ok(client.put(path, headers=world.admin, json={"level": 2}), 204)
    return int(desk)


def test_an_admin_routes_new_tickets_and_the_response_shows_the_owner(
    client: TestClient, world: World
) -> None:
    desk = _desk(client, world)
    rule = {"name": "All to technicians", "helpdesk_id": desk, "level": 2, "position": 5}
    created = _ok(client.post(f"{V1}/routing-rules", headers=world.admin, json=rule), 201)
    assert created | rule == created and created["category_id"] is None
    listed = _ok(client.get(f"{V1}/routing-rules", headers=world.admin))
    assert [r["id"] for r in listed] == [created["id"]]

    owners = []
    for title in ("one", "two", "three"):
        answer = client.post(f"{V1}/tickets", headers=world.admin, json={"title": title})
        ticket = _ok(answer, 201)
        assert (ticket["helpdesk_id"], ticket["level"]) == (desk, 2)
        owners.append(ticket["owner_id"])
    first, second = world.agent_ids
    assert owners == [first, second, first]

    path = f"{V1}/routing-rules/{created['id']}"
    changed = _ok(client.patch(path, headers=world.admin, json={"is_enabled": False}))
    assert changed["is_enabled"] is False
    ticket = _ok(client.post(f"{V1}/tickets", headers=world.admin, json={"title": "x"}), 201)
    assert ticket["helpdesk_id"] is None
    _ok(client.delete(path, headers=world.admin), 204)
    _error(client.get(path, headers=world.admin), 404, "routing_rule.not_found")


def test_a_default_owner_is_set_and_cleared_by_id(client: TestClient, world: World) -> None:
    desk = _desk(client, world)
    path = f"{V1}/helpdesks/{desk}"
    owner = world.agent_ids[1]
    shown = _ok(client.patch(path, headers=world.admin, json={"default_owner_id": owner}))
    assert shown["default_owner_id"] == owner
    body = {"title": "t", "helpdesk_id": desk, "level": 2}
    assert _ok(client.post(f"{V1}/tickets", headers=world.admin, json=body), 201)["owner_id"] == (
        owner
    )
    cleared = _ok(client.patch(path, headers=world.admin, json={"default_owner_id": None}))
    assert cleared["default_owner_id"] is None
    _error(
        client.patch(path, headers=world.admin, json={"default_owner_id": 999999}),
        404,
        "user.not_found",
    )


def test_bad_rules_and_non_admins_are_refused_and_change_nothing(
    client: TestClient, world: World
) -> None:
    desk = _desk(client, world)
    url = f"{V1}/routing-rules"
    _ok(client.post(url, headers=world.admin, json={"name": "Taken", "helpdesk_id": desk}), 201)
    cases: list[tuple[dict[str, Any], int, str]] = [
        ({"name": "taken", "helpdesk_id": desk}, 409, "routing_rule.name_taken"),
        ({"name": "x", "helpdesk_id": 999999}, 404, "helpdesk.not_found"),
        ({"name": "x", "helpdesk_id": desk, "level": 3}, 422, "helpdesk.level_not_found"),
        ({"name": "x", "helpdesk_id": desk, "company_id": 999999}, 404, "company.not_found"),
        ({"name": "x", "helpdesk_id": desk, "source_id": 0}, 422, "validation.invalid_request"),
        ({"name": "", "helpdesk_id": desk}, 422, "validation.invalid_request"),
    ]
    for body, status, code in cases:
        _error(client.post(url, headers=world.admin, json=body), status, code)
    _error(client.post(url, headers=world.agent, json={"name": "y", "helpdesk_id": desk}), 403,
           "permission_denied")  # fmt: skip
    _error(client.get(url, headers=world.agent), 403, "permission_denied")
    member = f"{V1}/helpdesks/{desk}/members/{world.agent_ids[0]}"
    _error(
        client.put(member, headers=world.admin, json={"level": 3}), 422, "helpdesk.level_not_found"
    )
    assert [r["name"] for r in _ok(client.get(url, headers=world.admin))] == ["Taken"]
