"""Native API, dialect credentials and settings (issue 14): what the CLI creates, an admin
creates over HTTP, and each credential works on its dialect at once; nobody else may."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from fastapi.testclient import TestClient

from polydesk.core.actor import Role
from polydesk.runtime import Runtime
from tests.factories import make_user, token_for

V1 = "/polydesk/v1"


def _headers(runtime: Runtime, role: Role = Role.ADMIN, **user: Any) -> dict[str, str]:
    with runtime.factory() as session, session.begin():
        return token_for(session, make_user(session, role, **user))


def test_a_readydesk_key_created_over_http_opens_readydesk(
    client: TestClient, runtime: Runtime
) -> None:
    admin = _headers(runtime)
    created = client.post(
        f"{V1}/api-keys", headers=admin, json={"dialect": "readydesk", "allowed_ips": []}
    )
    assert created.status_code == 201, created.text
    key = created.json()["key"]
    answer = client.get(
        "/API/default.aspx", params={"key": key, "action": "get_techs", "output": "json"}
    )
    assert answer.status_code == 200 and "Invalid" not in answer.text, answer.text
    refused = client.get("/API/default.aspx", params={"key": "0" * 40, "action": "get_techs"})
    assert "Invalid" in refused.text or refused.status_code in (401, 403)


def test_an_oauth_client_created_over_http_issues_motadata_tokens(
    client: TestClient, runtime: Runtime
) -> None:
    admin = _headers(runtime)
    _headers(runtime, Role.AGENT, login="tim", password="secret-pw")
    created = client.post(
        f"{V1}/oauth-clients", headers=admin, json={"name": "flotomate", "grants": ["password"]}
    )
    assert created.status_code == 201, created.text
    body = created.json()
    basic = base64.b64encode(f"{body['client_id']}:{body['client_secret']}".encode()).decode()
    form = {"username": "tim", "password": "secret-pw", "grant_type": "password"}
    token = client.post("/api/oauth/token", headers={"Authorization": f"Basic {basic}"}, data=form)
    assert token.status_code == 200 and token.json()["access_token"], token.text

    gone = client.delete(f"{V1}/oauth-clients/{body['client_id']}", headers=admin)
    assert gone.status_code == 204
    again = client.post("/api/oauth/token", headers={"Authorization": f"Basic {basic}"}, data=form)
    assert again.status_code == 401


def test_settings_are_set_and_secrets_never_read_back(client: TestClient, runtime: Runtime) -> None:
    admin = _headers(runtime)
    put = client.put(
        f"{V1}/settings/integria.allowed_ips", headers=admin, json={"value": "10.0.0.1"}
    )
    assert put.json() == {"key": "integria.allowed_ips", "value": "10.0.0.1", "secret": False}
    read = client.get(f"{V1}/settings/integria.allowed_ips", headers=admin)
    assert read.json()["value"] == "10.0.0.1"
    secret = client.put(
        f"{V1}/settings/integria.api_password", headers=admin, json={"value": "s3cret"}
    )
    assert secret.json() == {"key": "integria.api_password", "value": None, "secret": True}
    assert "s3cret" not in client.get(f"{V1}/settings/integria.api_password", headers=admin).text
    bad = client.put(f"{V1}/settings/tickets.system_id", headers=admin, json={"value": "many"})
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "setting.invalid_value"


def test_tokens_for_others_need_an_admin(client: TestClient, runtime: Runtime) -> None:
    admin = _headers(runtime)
    agent = _headers(runtime, Role.AGENT, login="ann")
    made = client.post(f"{V1}/tokens", headers=admin, json={"login": "ann", "name": "ci"})
    assert made.status_code == 201
    me = client.get(f"{V1}/me", headers={"Authorization": f"Bearer {made.json()['token']}"})
    assert me.json()["login"] == "ann"
    own = client.post(f"{V1}/tokens", headers=agent, json={"login": "ann"})
    assert own.status_code == 201
    other = client.post(f"{V1}/tokens", headers=agent, json={"login": "nobody-here"})
    assert other.status_code == 403


ADMIN_ONLY = [
    ("POST", "/api-keys", {"dialect": "readydesk"}),
    ("POST", "/api-keys", {"dialect": "readydesk", "user": "no-such-login"}),
    ("POST", "/oauth-clients", {"name": "x", "grants": ["password"]}),
    ("DELETE", "/oauth-clients/x-client", None),
    ("GET", "/settings/integria.allowed_ips", None),
    ("PUT", "/settings/integria.allowed_ips", {"value": "10.0.0.1"}),
]


@pytest.mark.parametrize("role", [Role.AGENT, Role.CUSTOMER])
@pytest.mark.parametrize(("method", "path", "body"), ADMIN_ONLY)
def test_agents_and_customers_are_refused(
    client: TestClient,
    runtime: Runtime,
    role: Role,
    method: str,
    path: str,
    body: dict[str, Any] | None,
) -> None:
    response = client.request(method, f"{V1}{path}", headers=_headers(runtime, role), json=body)
    assert response.status_code == 403, response.text
    assert response.json()["error"]["code"]


@pytest.mark.parametrize(
    ("path", "body", "status"),
    [
        ("/api-keys", {"dialect": "sap"}, 422),
        ("/api-keys", {"dialect": "readydesk", "allowed_ips": ["not-a-net"]}, 422),
        ("/api-keys", {"dialect": "readydesk", "user": "ghost"}, 404),
        ("/oauth-clients", {"name": "x", "grants": ["implicit"]}, 422),
        ("/oauth-clients", {"name": "x", "grants": ["password"], "client_id": "a:b"}, 422),
        ("/oauth-clients", {"name": "x\u0000", "grants": ["password"]}, 422),
    ],
)
def test_bad_input_gets_the_envelope(
    client: TestClient, runtime: Runtime, path: str, body: dict[str, Any], status: int
) -> None:
    response = client.post(f"{V1}{path}", headers=_headers(runtime), json=body)
    assert response.status_code == status, response.text
    assert set(response.json()["error"]) == {"code", "message", "details"}
