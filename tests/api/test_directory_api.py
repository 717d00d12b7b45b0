"""Native API: users, groups, companies, help desks, catalogs."""

from __future__ import annotations

from fastapi.testclient import TestClient

from polydesk.core.actor import Role
from polydesk.runtime import Runtime
from tests.factories import make_user, token_for

V1 = "/polydesk/v1"


def _headers(runtime: Runtime) -> tuple[dict[str, str], dict[str, str]]:
    with runtime.factory() as session, session.begin():
        admin = token_for(session, make_user(session, Role.ADMIN))
        customer = token_for(session, make_user(session, Role.CUSTOMER))
    return admin, customer


def test_admin_builds_the_directory(client: TestClient, runtime: Runtime) -> None:
    admin, customer = _headers(runtime)
    company = client.post(f"{V1}/companies", headers=admin, json={"name": "Initech"})
    desk = client.post(f"{V1}/helpdesks", headers=admin, json={"name": "Payroll"})
    group = client.post(f"{V1}/groups", headers=admin, json={"name": "Second line"})
    assert (company.status_code, desk.status_code, group.status_code) == (201, 201, 201)
    user = client.post(
        f"{V1}/users",
        headers=admin,
        json={
            "login": "milton",
            "email": "milton@initech.example",
            "role": "agent",
            "helpdesk_ids": [desk.json()["id"]],
        },
    )
    assert user.status_code == 201, user.text
    listed = client.get(f"{V1}/users", headers=admin, params={"q": "milt", "total": "true"}).json()
    assert [u["login"] for u in listed["items"]] == ["milton"] and listed["total"] == 1
    duplicate = client.post(f"{V1}/companies", headers=admin, json={"name": "initech"})
    assert (
        duplicate.status_code == 409 and duplicate.json()["error"]["code"] == "company.name_taken"
    )
    assert client.post(f"{V1}/groups", headers=customer, json={"name": "x"}).status_code == 403
    assert client.get(f"{V1}/groups", headers=customer).status_code == 403
    assert client.get(f"{V1}/companies", headers=customer).json()["items"] == []


def test_catalogs_are_seeded_and_unknown_kinds_fail(client: TestClient, runtime: Runtime) -> None:
    admin, _ = _headers(runtime)
    statuses = client.get(f"{V1}/catalogs/status", headers=admin).json()
    categories = {s["category"] for s in statuses}
    assert {"new", "open", "waiting", "resolved", "closed", "cancelled"} <= categories
    assert sum(1 for s in statuses if s["is_default"]) == 1
    unknown = client.get(f"{V1}/catalogs/colours", headers=admin)
    assert unknown.status_code == 422 and unknown.json()["error"]["code"] == "catalog.unknown_kind"
