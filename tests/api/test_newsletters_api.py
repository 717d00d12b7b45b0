"""``GET /polydesk/v1/newsletters``: admins read the ids and subscribers of the newsletters a
site file made; nobody else does."""

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
