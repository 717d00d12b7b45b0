"""Lists of ids products address things by: newsletters (admins; with subscribers), shared
views and external entities (agents). Customers read none of them."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from polydesk.core.actor import Role
from polydesk.runtime import Runtime
from tests.factories import make_user, token_for

V1 = "/polydesk/v1"


def _headers(runtime: Runtime, role: Role) -> dict[str, str]:
    with runtime.factory() as session, session.begin():
        return token_for(session, make_user(session, role))


def test_admins_list_newsletters_with_ids(client: TestClient, runtime: Runtime) -> None:
    admin = _headers(runtime, Role.ADMIN)
    site = {"document": "newsletters:\n  - name: Partners\n  - name: Customers\n"}
    assert client.post(f"{V1}/config/apply", headers=admin, json=site).status_code == 200
    listed = client.get(f"{V1}/newsletters", headers=admin).json()
    assert [(n["name"], n["addresses"]) for n in listed] == [("Customers", []), ("Partners", [])]
    assert all(isinstance(n["id"], int) for n in listed)


@pytest.mark.parametrize("role", [Role.AGENT, Role.CUSTOMER])
def test_others_are_refused(client: TestClient, runtime: Runtime, role: Role) -> None:
    answer = client.get(f"{V1}/newsletters", headers=_headers(runtime, role))
    assert answer.status_code == 403 and answer.json()["error"]["code"]


def test_agents_list_views_and_external_entities(client: TestClient, runtime: Runtime) -> None:
    admin, agent = _headers(runtime, Role.ADMIN), _headers(runtime, Role.AGENT)
    site = (
        "external_entities:\n  - name: Courier\n  - name: Old supplier\n    enabled: false\n"
        "saved_views:\n  - name: Open ones\n    criteria: {}\n"
    )
    answer = client.post(f"{V1}/config/apply", headers=admin, json={"document": site})
    assert answer.status_code == 200, answer.text
    entities = client.get(f"{V1}/external-entities", headers=agent).json()
    assert [(e["name"], e["is_enabled"]) for e in entities] == [
        ("Courier", True),
        ("Old supplier", False),
    ]
    assert [v["name"] for v in client.get(f"{V1}/views", headers=agent).json()] == ["Open ones"]
    customer = _headers(runtime, Role.CUSTOMER)
    for path in ("/views", "/external-entities"):
        assert client.get(f"{V1}{path}", headers=customer).status_code == 403
