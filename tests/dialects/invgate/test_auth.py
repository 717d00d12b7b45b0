"""Authentication: HTTP Basic with core users, and OAuth2 client credentials at
``/oauth/v2.0/access_token`` with per-endpoint, per-method scopes (403 without the scope)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from polydesk.core.actor import SYSTEM
from polydesk.core.clock import frozen, utcnow
from polydesk.credentials.service import create_oauth_client
from polydesk.db.uow import unit_of_work
from polydesk.models.tickets import Ticket
from tests.dialects.invgate.conftest import InvGate, basic

TOKEN = "/oauth/v2.0/access_token"
SCOPES = ["api.v1.incident:post", "api.v1.incident:get", "api.v1.incidents:get"]


def _robot(invgate: InvGate, scopes: list[str] = SCOPES, user: str = "api") -> tuple[str, str]:
    with unit_of_work(invgate.runtime.factory) as session:
        created = create_oauth_client(
            session, SYSTEM, name="robot", grants=["client_credentials"], scopes=scopes,
            user_id=invgate.users[user],
        )  # fmt: skip
    return created.client_id, created.client_secret


def _token(invgate: InvGate, scope: str, client: tuple[str, str] | None = None) -> str:
    client_id, secret = client or _robot(invgate)
    response = invgate.client.post(
        TOKEN,
        data={
            "grant_type": "client_credentials",
            "client_id": client_id,
            "client_secret": secret,
            "scope": scope,
        },
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] == 7200
    assert body["scope"] == scope and response.headers["cache-control"] == "no-store"
    token: str = body["access_token"]
    return token


def _tickets(invgate: InvGate) -> int:
    with unit_of_work(invgate.runtime.factory) as session:
        return int(session.scalar(select(func.count()).select_from(Ticket)) or 0)


def _create_form(invgate: InvGate) -> dict[str, object]:
    return {
        "title": "From a robot",
        "priority_id": 2,
        "type_id": 1,
        "category_id": invgate.category_id,
        "creator_id": invgate.users["api"],
        "customer_id": invgate.users["carla"],
    }


def test_basic_auth_with_a_core_user(invgate: InvGate) -> None:
    ok = invgate.call("GET", "incident.attributes.priority", headers=basic("alice", "pw"))
    wrong = invgate.call("GET", "incident.attributes.priority", headers=basic("alice", "no"))
    nothing = invgate.call("GET", "incident.attributes.priority", headers={})

    assert ok.status_code == 200
    assert wrong.status_code == 401 and wrong.json() == {
        "error": "Invalid credentials",
        "status": 401,
    }
    assert nothing.status_code == 401 and nothing.json()["status"] == 401
    assert nothing.headers["www-authenticate"].startswith("Basic")


def test_a_token_with_the_scope_can_create(invgate: InvGate) -> None:
    token = _token(invgate, "api.v1.incident:post")

    response = invgate.call(
        "POST", "incident", data=_create_form(invgate), headers={"Authorization": f"Bearer {token}"}
    )

    assert response.status_code == 200 and response.json()["status"] == "OK"
    assert _tickets(invgate) == 1


def test_a_token_without_the_scope_cannot_create(invgate: InvGate) -> None:
    token = _token(invgate, "api.v1.incident:get api.v1.incidents:get")
    auth = {"Authorization": f"Bearer {token}"}

    response = invgate.call("POST", "incident", data=_create_form(invgate), headers=auth)
    allowed = invgate.call("GET", "incidents", [("ids[]", 1)], headers=auth)

    assert response.status_code == 403
    assert response.json() == {
        "error": "The access token does not have the scope api.v1.incident:post",
        "status": 403,
    }
    assert _tickets(invgate) == 0
    assert allowed.status_code == 200 and allowed.json() == {}


def test_scopes_are_per_method(invgate: InvGate) -> None:
    ident = invgate.create()
    token = _token(invgate, "api.v1.incident:get")
    auth = {"Authorization": f"Bearer {token}"}

    read = invgate.call("GET", "incident", {"id": ident}, headers=auth)
    change = invgate.call("PUT", "incident", {"id": ident, "title": "x"}, headers=auth)

    assert read.status_code == 200 and read.json()["id"] == ident
    assert change.status_code == 403 and "api.v1.incident:put" in change.json()["error"]


def test_a_token_requested_without_scopes_is_refused_everywhere(invgate: InvGate) -> None:
    client_id, secret = _robot(invgate)
    response = invgate.client.post(
        TOKEN, data={"grant_type": "client_credentials"}, headers=basic(client_id, secret)
    )
    token = response.json()["access_token"]

    answer = invgate.call(
        "GET", "incident.attributes.type", headers={"Authorization": f"Bearer {token}"}
    )

    assert response.json()["scope"] == ""
    assert answer.status_code == 403


def test_token_endpoint_errors(invgate: InvGate) -> None:
    client_id, secret = _robot(invgate)
    form = {"client_id": client_id, "client_secret": secret}

    bad_grant = invgate.client.post(TOKEN, data={**form, "grant_type": "password"})
    bad_secret = invgate.client.post(
        TOKEN, data={**form, "client_secret": "x", "grant_type": "client_credentials"}
    )
    bad_scope = invgate.client.post(
        TOKEN, data={**form, "grant_type": "client_credentials", "scope": "api.v1.user:delete"}
    )
    no_client = invgate.client.post(TOKEN, data={"grant_type": "client_credentials"})
    get = invgate.client.get(TOKEN)

    assert bad_grant.status_code == 400 and bad_grant.json()["error"] == "unsupported_grant_type"
    assert bad_secret.status_code == 401 and bad_secret.json()["error"] == "invalid_client"
    assert bad_scope.status_code == 400 and bad_scope.json() == {
        "error": "invalid_scope",
        "error_description": "Invalid scope: api.v1.user:delete",
        "status": 400,
    }
    assert no_client.status_code == 401
    assert get.status_code == 405


def test_expired_and_unknown_tokens_get_401(invgate: InvGate) -> None:
    now = utcnow()
    with frozen(now):
        token = _token(invgate, "api.v1.incident:get")

    with frozen(now + timedelta(hours=2)):
        expired = invgate.call(
            "GET", "incident", {"id": 1}, headers={"Authorization": f"Bearer {token}"}
        )
    unknown = invgate.call("GET", "incident", {"id": 1}, headers={"Authorization": "Bearer zz"})

    assert expired.status_code == 401 and expired.json() == {
        "error": "Access token expired",
        "status": 401,
    }
    assert unknown.status_code == 401


def test_the_token_acts_as_the_clients_user(invgate: InvGate) -> None:
    client = _robot(invgate, ["api.v1.incident:post"], user="alice")
    token = _token(invgate, "api.v1.incident:post", client)

    # The agent may not write in the admin's name (creator_id = api) ...
    denied = invgate.call(
        "POST", "incident", data=_create_form(invgate), headers={"Authorization": f"Bearer {token}"}
    )
    # ... but may in its own.
    form = {**_create_form(invgate), "creator_id": invgate.users["alice"]}
    allowed = invgate.call(
        "POST", "incident", data=form, headers={"Authorization": f"Bearer {token}"}
    )

    assert denied.status_code == 403
    assert allowed.status_code == 200 and allowed.json()["status"] == "OK"
    assert _tickets(invgate) == 1
