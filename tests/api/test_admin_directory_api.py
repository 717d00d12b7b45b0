"""Native API: changing the directory by id (routes/admin_directory): groups, help desks with
levels, SLA and members, companies, deleting users, out of office."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient

from polydesk.core.actor import SYSTEM, Role
from polydesk.helpdesks.slas import SlaCreate, create_sla
from polydesk.runtime import Runtime
from tests.factories import make_ticket, make_user, token_for

V1 = "/polydesk/v1"


@dataclass
class World:
    admin: dict[str, str]
    agent: dict[str, str]
    customer: dict[str, str]
    admin_id: int
    agent_id: int
    customer_id: int


@pytest.fixture
def world(runtime: Runtime) -> World:
    with runtime.factory() as session, session.begin():
        admin = make_user(session, Role.ADMIN)
        agent = make_user(session, Role.AGENT)
        customer = make_user(session, Role.CUSTOMER)
        return World(
            token_for(session, admin),
            token_for(session, agent),
            token_for(session, customer),
            admin.id,
            agent.id,
            customer.id,
        )


def _made(client: TestClient, world: World, path: str, body: dict[str, Any]) -> int:
    answer = client.post(f"{V1}/{path}", headers=world.admin, json=body)
    assert answer.status_code == 201, answer.text
    return int(answer.json()["id"])


def _error(answer: Any, status: int, code: str) -> None:
    assert answer.status_code == status, answer.text
    assert answer.json()["error"]["code"] == code, answer.text
    assert set(answer.json()["error"]) == {"code", "message", "details"}


def test_admin_changes_a_group_and_its_members(client: TestClient, world: World) -> None:
    top = _made(client, world, "groups", {"name": "Support"})
    group = _made(client, world, "groups", {"name": "First line"})
    changed = client.patch(
        f"{V1}/groups/{group}",
        headers=world.admin,
        json={"name": "Second line", "description": "Escalations", "parent_id": top},
    )
    assert changed.status_code == 200, changed.text
    assert (changed.json()["name"], changed.json()["parent_id"]) == ("Second line", top)
    read = client.get(f"{V1}/groups/{group}", headers=world.agent).json()
    assert (read["description"], read["is_enabled"]) == ("Escalations", True)
    url = f"{V1}/groups/{group}/members"
    for user_id in (world.agent_id, world.customer_id, world.agent_id):
        assert client.put(f"{url}/{user_id}", headers=world.admin).status_code == 204
    members = client.get(url, headers=world.agent).json()
    assert sorted(m["id"] for m in members) == sorted([world.agent_id, world.customer_id])
    assert client.delete(f"{url}/{world.customer_id}", headers=world.admin).status_code == 204
    assert [m["id"] for m in client.get(url, headers=world.admin).json()] == [world.agent_id]
    _error(
        client.delete(f"{url}/{world.customer_id}", headers=world.admin),
        404,
        "group.member_not_found",
    )
    top_level = client.patch(f"{V1}/groups/{group}", headers=world.admin, json={"parent_id": None})
    assert top_level.json()["parent_id"] is None


def test_a_group_cycle_or_a_taken_name_changes_nothing(client: TestClient, world: World) -> None:
    parent = _made(client, world, "groups", {"name": "Parent"})
    child = _made(client, world, "groups", {"name": "Child", "parent_id": parent})
    cycle = client.patch(
        f"{V1}/groups/{parent}", headers=world.admin, json={"name": "Renamed", "parent_id": child}
    )
    _error(cycle, 422, "group.parent_cycle")
    _error(
        client.patch(f"{V1}/groups/{child}", headers=world.admin, json={"name": "PARENT"}),
        409,
        "group.name_taken",
    )
    read = client.get(f"{V1}/groups/{parent}", headers=world.admin).json()
    assert (read["name"], read["parent_id"]) == ("Parent", None)
    assert client.get(f"{V1}/groups/{child}", headers=world.admin).json()["name"] == "Child"


def test_admin_changes_a_help_desk_its_levels_and_sla(
    client: TestClient, world: World, runtime: Runtime
) -> None:
    with runtime.factory() as session, session.begin():
        sla = create_sla(session, SYSTEM, SlaCreate(name="Gold", resolution_minutes=240)).id
    desk = _made(client, world, "helpdesks", {"name": "Payroll", "levels": ["L1"]})
    changed = client.patch(
        f"{V1}/helpdesks/{desk}",
        headers=world.admin,
        json={"levels": ["Front desk", "Specialists"], "sla_id": sla, "email": "pay@x.example"},
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["levels"] == [
        {"level": 1, "name": "Front desk"},
        {"level": 2, "name": "Specialists"},
    ]
    read = client.get(f"{V1}/helpdesks/{desk}", headers=world.customer).json()
    assert (read["sla_id"], read["email"], len(read["levels"])) == (sla, "pay@x.example", 2)
    _error(
        client.patch(f"{V1}/helpdesks/{desk}", headers=world.admin, json={"sla_id": 999999}),
        404,
        "sla.not_found",
    )
    cleared = client.patch(f"{V1}/helpdesks/{desk}", headers=world.admin, json={"sla_id": None})
    assert cleared.json()["sla_id"] is None


def test_a_level_in_use_is_kept_and_nothing_changes(
    client: TestClient, world: World, runtime: Runtime
) -> None:
    desk = _made(client, world, "helpdesks", {"name": "Ops", "levels": ["L1", "L2"]})
    with runtime.factory() as session, session.begin():
        make_ticket(session, helpdesk_id=desk, level=2)
    refused = client.patch(
        f"{V1}/helpdesks/{desk}", headers=world.admin, json={"name": "Ops 2", "levels": ["One"]}
    )
    _error(refused, 409, "helpdesk.level_in_use")
    read = client.get(f"{V1}/helpdesks/{desk}", headers=world.admin).json()
    assert read["name"] == "Ops"
    assert [level["name"] for level in read["levels"]] == ["L1", "L2"]


def test_help_desk_members_and_their_access(client: TestClient, world: World) -> None:
    desk = _made(client, world, "helpdesks", {"name": "Benefits"})
    url = f"{V1}/helpdesks/{desk}/members"
    put = client.put(f"{url}/{world.agent_id}", headers=world.admin, json={"writable": False})
    assert put.status_code == 204, put.text
    members = client.get(url, headers=world.agent).json()
    assert [(m["id"], m["writable"], m["level"]) for m in members] == [(world.agent_id, False, 1)]
    assert client.put(f"{url}/{world.agent_id}", headers=world.admin, json={}).status_code == 204
    assert client.get(url, headers=world.admin).json()[0]["writable"] is True
    _error(
        client.put(f"{url}/{world.customer_id}", headers=world.admin, json={}),
        403,
        "user.not_an_agent",
    )
    assert client.delete(f"{url}/{world.agent_id}", headers=world.admin).status_code == 204
    assert client.get(url, headers=world.admin).json() == []
    _error(
        client.delete(f"{url}/{world.agent_id}", headers=world.admin),
        404,
        "helpdesk.member_not_found",
    )
    _error(client.get(url, headers=world.customer), 403, "permission_denied")


def test_a_disabled_help_desk_is_seen_by_admins_only(client: TestClient, world: World) -> None:
    desk = _made(client, world, "helpdesks", {"name": "Archive"})
    off = client.patch(f"{V1}/helpdesks/{desk}", headers=world.admin, json={"is_enabled": False})
    assert off.json()["is_enabled"] is False
    assert client.get(f"{V1}/helpdesks/{desk}", headers=world.admin).status_code == 200
    for who in (world.agent, world.customer):
        _error(client.get(f"{V1}/helpdesks/{desk}", headers=who), 404, "helpdesk.not_found")


def test_admin_changes_a_company(client: TestClient, world: World) -> None:
    parent = _made(client, world, "companies", {"name": "Holding", "code": "H"})
    company = _made(client, world, "companies", {"name": "Initech", "parent_id": parent})
    url = f"{V1}/companies/{company}"
    changed = client.patch(
        url, headers=world.admin, json={"city": "Austin", "manager_id": world.agent_id}
    )
    assert changed.status_code == 200, changed.text
    assert (changed.json()["city"], changed.json()["manager_id"]) == ("Austin", world.agent_id)
    _error(
        client.patch(f"{V1}/companies/{parent}", headers=world.admin, json={"parent_id": company}),
        422,
        "company.parent_cycle",
    )
    _error(
        client.patch(url, headers=world.admin, json={"code": "H", "city": "Dallas"}),
        409,
        "company.code_taken",
    )
    _error(
        client.patch(url, headers=world.admin, json={"manager_id": 999999}), 404, "user.not_found"
    )
    read = client.get(url, headers=world.admin).json()
    assert (read["code"], read["parent_id"]) == ("Initech", parent)
    cleared = client.patch(url, headers=world.admin, json={"manager_id": None, "parent_id": None})
    assert (cleared.json()["manager_id"], cleared.json()["parent_id"]) == (None, None)
    assert cleared.json()["city"] == "Austin"


def test_deleting_users(client: TestClient, world: World, runtime: Runtime) -> None:
    with runtime.factory() as session, session.begin():
        spare = make_user(session, Role.AGENT).id
        requester = make_user(session, Role.CUSTOMER)
        make_ticket(session, requester_id=requester.id)
        referred = requester.id
    deleted = client.delete(f"{V1}/users/{spare}", headers=world.admin)
    assert (deleted.status_code, deleted.json()) == (200, {"result": "deleted"})
    _error(client.get(f"{V1}/users/{spare}", headers=world.admin), 404, "user.not_found")
    disabled = client.delete(f"{V1}/users/{referred}", headers=world.admin)
    assert disabled.json() == {"result": "disabled"}
    assert client.get(f"{V1}/users/{referred}", headers=world.admin).json()["is_enabled"] is False
    _error(client.delete(f"{V1}/users/{spare}", headers=world.admin), 404, "user.not_found")
    own = client.delete(f"{V1}/users/{world.admin_id}", headers=world.admin)
    _error(own, 403, "user.delete_self")


def test_out_of_office(client: TestClient, world: World) -> None:
    url = f"{V1}/users/{world.agent_id}/out-of-office"
    window = {"enabled": True, "start": "2025-08-04", "end": "2025-08-15"}
    on = client.put(url, headers=world.admin, json=window)
    assert on.status_code == 200, on.text
    assert on.json()["start"].startswith("2025-08-04T00:00:00")
    assert on.json()["end"].startswith("2025-08-15T00:00:00")
    bad = client.put(url, headers=world.admin, json={"enabled": True, "start": "4 August"})
    _error(bad, 422, "validation.invalid_request")
    off = client.put(url, headers=world.admin, json={"enabled": False})
    assert (off.json()["start"], off.json()["end"]) == (None, None)
    _error(
        client.put(f"{V1}/users/999999/out-of-office", headers=world.admin, json=window),
        404,
        "user.not_found",
    )


def _writes(world: World, ids: dict[str, int]) -> list[tuple[str, str, dict[str, Any] | None]]:
    group, desk, company = ids["group"], ids["desk"], ids["company"]
    return [
        ("PATCH", f"groups/{group}", {"name": "Taken over"}),
        ("PUT", f"groups/{group}/members/{world.agent_id}", None),
        ("DELETE", f"groups/{group}/members/{world.admin_id}", None),
        ("PATCH", f"helpdesks/{desk}", {"name": "Taken over", "levels": ["X"]}),
        ("PUT", f"helpdesks/{desk}/members/{world.agent_id}", {"writable": True}),
        ("DELETE", f"helpdesks/{desk}/members/{world.admin_id}", None),
        ("PATCH", f"companies/{company}", {"name": "Taken over"}),
        ("DELETE", f"users/{ids['spare']}", None),
        ("PUT", f"users/{world.agent_id}/out-of-office", {"enabled": True}),
    ]


def test_agents_and_customers_may_not_write(
    client: TestClient, world: World, runtime: Runtime
) -> None:
    ids = {
        "group": _made(client, world, "groups", {"name": "Guarded"}),
        "desk": _made(client, world, "helpdesks", {"name": "Guarded"}),
        "company": _made(client, world, "companies", {"name": "Guarded"}),
    }
    with runtime.factory() as session, session.begin():
        ids["spare"] = make_user(session, Role.AGENT).id
    group, desk = f"{V1}/groups/{ids['group']}", f"{V1}/helpdesks/{ids['desk']}"
    assert client.put(f"{group}/members/{world.admin_id}", headers=world.admin).status_code == 204
    put = client.put(f"{desk}/members/{world.admin_id}", headers=world.admin, json={})
    assert put.status_code == 204
    for who in (world.agent, world.customer):
        for method, path, body in _writes(world, ids):
            answer = client.request(method, f"{V1}/{path}", headers=who, json=body)
            _error(answer, 403, "permission_denied")
    assert client.get(group, headers=world.admin).json()["name"] == "Guarded"
    members = client.get(f"{group}/members", headers=world.admin).json()
    assert [m["id"] for m in members] == [world.admin_id]
    read = client.get(desk, headers=world.admin).json()
    assert (read["name"], [lvl["name"] for lvl in read["levels"]]) == ("Guarded", ["Level 1"])
    members = client.get(f"{desk}/members", headers=world.admin).json()
    assert [m["id"] for m in members] == [world.admin_id]
    company = client.get(f"{V1}/companies/{ids['company']}", headers=world.admin).json()
    assert company["name"] == "Guarded"
    assert client.get(f"{V1}/users/{ids['spare']}", headers=world.admin).json()["is_enabled"]
    assert client.get(f"{V1}/users/{world.agent_id}", headers=world.admin).status_code == 200
    _error(client.get(group, headers=world.customer), 403, "permission_denied")


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "groups/999999", None),
        ("PATCH", "groups/999999", {"name": "x"}),
        ("GET", "groups/999999/members", None),
        ("PUT", "groups/999999/members/{agent}", None),
        ("DELETE", "groups/999999/members/{agent}", None),
        ("GET", "helpdesks/999999", None),
        ("PATCH", "helpdesks/999999", {"name": "x"}),
        ("GET", "helpdesks/999999/members", None),
        ("PUT", "helpdesks/999999/members/{agent}", {}),
        ("DELETE", "helpdesks/999999/members/{agent}", None),
        ("PATCH", "companies/999999", {"name": "x"}),
        ("DELETE", "users/999999", None),
        ("PUT", "users/999999/out-of-office", {"enabled": False}),
        ("PUT", "groups/{group}/members/999999", None),
        ("PUT", "helpdesks/{desk}/members/999999", {}),
    ],
)
def test_unknown_ids_are_not_found(
    client: TestClient, world: World, method: str, path: str, body: dict[str, Any] | None
) -> None:
    group = _made(client, world, "groups", {"name": "Known"})
    desk = _made(client, world, "helpdesks", {"name": "Known"})
    url = f"{V1}/" + path.format(agent=world.agent_id, group=group, desk=desk)
    answer = client.request(method, url, headers=world.admin, json=body)
    assert answer.status_code == 404, answer.text
    assert answer.json()["error"]["code"].endswith("not_found")


@pytest.mark.parametrize(
    ("path", "body", "code"),
    [
        ("groups/{group}", {"parent_id": "top"}, "validation.invalid_request"),
        ("groups/{group}", {"name": "Bad\u0000name"}, "validation.invalid_request"),
        ("groups/{group}", {"name": None}, "validation.invalid_request"),
        ("groups/{group}", {"colour": "red"}, "validation.invalid_request"),
        ("helpdesks/{desk}", {"levels": []}, "validation.invalid_request"),
        ("helpdesks/{desk}", {"levels": ["ok", ""]}, "validation.invalid_request"),
        ("helpdesks/{desk}", {"levels": None}, "validation.invalid_request"),
        ("helpdesks/{desk}", {"sla_id": 0}, "validation.invalid_request"),
        ("helpdesks/{desk}", {"assignment_engine": "dice"}, "validation.invalid_request"),
        ("companies/{company}", {"name": "A\u0000"}, "validation.invalid_request"),
        ("companies/{company}", {"manager_id": 2**40}, "validation.invalid_request"),
        ("companies/{company}", {"code": None}, "validation.invalid_request"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(
    client: TestClient, world: World, path: str, body: dict[str, Any], code: str
) -> None:
    ids = {
        "group": _made(client, world, "groups", {"name": "Intact"}),
        "desk": _made(client, world, "helpdesks", {"name": "Intact"}),
        "company": _made(client, world, "companies", {"name": "Intact"}),
    }
    url = f"{V1}/" + path.format(**ids)
    _error(client.patch(url, headers=world.admin, json=body), 422, code)
    read = client.get(url, headers=world.admin).json()
    assert (read["name"], read["parent_id"]) == ("Intact", None)
    if "levels" in read:
        assert (read["levels"], read["sla_id"]) == ([{"level": 1, "name": "Level 1"}], None)


ROUTES = {
    "/groups/{group_id}": ("get", "patch"),
    "/groups/{group_id}/members": ("get",),
    "/groups/{group_id}/members/{user_id}": ("put", "delete"),
    "/helpdesks/{helpdesk_id}": ("get", "patch"),
    "/helpdesks/{helpdesk_id}/members": ("get",),
    "/helpdesks/{helpdesk_id}/members/{user_id}": ("put", "delete"),
    "/companies/{company_id}": ("patch",),
    "/users/{user_id}": ("delete",),
    "/users/{user_id}/out-of-office": ("put",),
}


def test_every_route_is_documented_with_examples(client: TestClient) -> None:
    document = client.get(f"{V1}/openapi.json").json()
    schemas = document["components"]["schemas"]
    for path, methods in ROUTES.items():
        for method in methods:
            operation = document["paths"][path][method]
            assert operation["summary"] and operation["description"], (method, path)
            error = operation["responses"]["403"]["content"]["application/json"]["example"]
            assert error["error"]["code"] == "permission_denied"
            if "requestBody" in operation:
                ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
                assert schemas[ref.rsplit("/", 1)[1]]["examples"], (method, path)
