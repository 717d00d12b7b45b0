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


def test_znuny_stock_admin_address_is_a_valid_user(client: TestClient, runtime: Runtime) -> None:
    """``root@localhost`` as login and e-mail (Znuny's stock admin) is created and read back."""
    admin, _ = _headers(runtime)
    created = client.post(
        f"{V1}/users",
        headers=admin,
        json={"login": "root@localhost", "email": "root@LOCALHOST", "role": "admin"},
    )
    assert created.status_code == 201, created.text
    assert (created.json()["login"], created.json()["email"]) == (
        "root@localhost",
        "root@localhost",
    )
    changed = client.patch(
        f"{V1}/users/{created.json()['id']}", headers=admin, json={"email": "root@intranet"}
    )
    assert (changed.status_code, changed.json()["email"]) == (200, "root@intranet")


def test_a_garbage_address_is_refused_and_creates_nothing(
    client: TestClient, runtime: Runtime
) -> None:
    admin, _ = _headers(runtime)
    before = client.get(f"{V1}/users", headers=admin, params={"total": "true"}).json()["total"]
    refused = client.post(
        f"{V1}/users", headers=admin, json={"login": "root@localhost", "email": "root @localhost"}
    )
    assert refused.status_code == 422
    error = refused.json()["error"]
    assert error["code"] == "validation.invalid_request"
    assert [(d["location"], d["type"]) for d in error["details"]] == [
        (["body", "email"], "value_error")
    ]
    assert "not a valid email address" in error["details"][0]["message"]
    after = client.get(f"{V1}/users", headers=admin, params={"total": "true"}).json()["total"]
    assert after == before
