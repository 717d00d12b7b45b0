"""``POST /api/oauth/token`` and bearer checks: the seed's curl flow, Spring's token response and
claims (specs/seeds-002-003.md A.2), the refresh grant, and the error table A.5."""

from __future__ import annotations

import base64
import json
from dataclasses import replace
from datetime import timedelta
from typing import Any

import jwt
import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from polydesk.app import create_app
from polydesk.core.actor import SYSTEM
from polydesk.core.clock import frozen
from polydesk.credentials.service import create_oauth_client, delete_oauth_client
from polydesk.db.uow import unit_of_work
from polydesk.users.schemas import UserUpdate
from polydesk.users.service import update_user
from tests.dialects.motadata.conftest import (
    NOW,
    SEED_BASIC,
    SEED_EXP,
    Motadata,
    basic,
    bearer,
    row_counts,
)

#: The payload of the seed's access token (its signature is damaged, spec A.6-4; only the
#: claims are used): the claim names and order a Spring JwtAccessTokenConverter writes.
SEED_ACCESS_PAYLOAD = (
    "eyJncmFudF90eXBlIjoicGFzc3dvcmQiLCJ1c2VyX25hbWUiOiJ0aW1AYWNtZS5jb20iLCJzY29wZSI6WyJtYWlu"
    "LXdlYi1hcHAtc2NvcGUiXSwiZXhwIjoxNTM4Njg0NTkzLCJhdXRob3JpdGllcyI6WyJVU0VSIl0sImp0aSI6IjZk"
    "M2JkMWU5LTdhOTYtNDFmZS1hZmY5LTgyYmQ1ZDVmNWNiZiIsImNsaWVudF9pZCI6Im1haW4td2ViLWFwcC1jbGll"
    "bnQifQ"
)
FULL_AUTH = "Full authentication is required to access this resource"


def _payload(token: str) -> dict[str, Any]:
    part = token.split(".")[1]
    decoded: dict[str, Any] = json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
    return decoded


def _token(motadata: Motadata, headers: dict[str, str] | None = None, **kwargs: Any) -> Any:
    return motadata.client.post(
        "/api/oauth/token", headers={"Authorization": SEED_BASIC, **(headers or {})}, **kwargs
    )


def _spring(error: str, description: str) -> dict[str, str]:
    return {"error": error, "error_description": description}


def test_the_seed_curl_gets_springs_token_response(motadata: Motadata) -> None:
    form = {"username": "tim@acme.com", "password": "123", "grant_type": "password"}
    multipart = {key: (None, value) for key, value in form.items()}  # --form, as in the seed

    response = _token(motadata, files=multipart)

    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    answer = response.json()
    assert list(answer) == [
        "access_token",
        "token_type",
        "refresh_token",
        "expires_in",
        "scope",
        "jti",
    ]
    assert (answer["token_type"], answer["expires_in"], answer["scope"]) == (
        "bearer",
        7199,
        "main-web-app-scope",
    )
    seed = _payload("x." + SEED_ACCESS_PAYLOAD + ".x")
    access = _payload(answer["access_token"])
    assert list(access) == list(seed)
    assert {**access, "jti": seed["jti"]} == seed  # same claims, exp included, but a new jti
    assert access["jti"] == answer["jti"]
    refresh = _payload(answer["refresh_token"])
    assert refresh["ati"] == access["jti"] and refresh["jti"] != access["jti"]
    assert refresh["exp"] == SEED_EXP - 7200 + 30 * 24 * 3600  # the seed's refresh exp
    assert jwt.get_unverified_header(answer["access_token"])["alg"] == "HS256"


@pytest.mark.parametrize("where", ["data", "params"])
def test_urlencoded_and_query_string_forms_work_too(motadata: Motadata, where: str) -> None:
    form = {"username": "tim@acme.com", "password": "123", "grant_type": "password"}

    response = _token(motadata, **{where: form})

    assert response.status_code == 200 and response.json()["scope"] == "main-web-app-scope"


def test_an_integration_client_gets_other_api_scope(motadata: Motadata) -> None:
    form = {"username": "tim@acme.com", "password": "123", "grant_type": "password"}

    response = _token(motadata, headers=basic(*motadata.api_client), data=form)

    assert response.status_code == 200
    assert response.json()["scope"] == "other-api-scope"
    assert _payload(response.json()["access_token"])["client_id"] == "API-client"


def test_the_access_token_opens_the_api_and_expires_after_7200_seconds(
    motadata: Motadata,
) -> None:
    token = motadata.login()["access_token"]
    ticket = motadata.create({"subject": "s", "requesterEmail": "tim@acme.com"}, bearer(token))

    with frozen(NOW + timedelta(seconds=7199)):
        assert motadata.client.get(f"/api/v1/incident/{ticket}", headers=bearer(token)).is_success
    with frozen(NOW + timedelta(seconds=7200)):
        response = motadata.client.get(f"/api/v1/incident/{ticket}", headers=bearer(token))

    assert response.status_code == 401
    assert response.json() == _spring("invalid_token", f"Access token expired: {token}")
    assert response.headers["www-authenticate"].startswith('Bearer realm="oauth2-resource"')


def test_refresh_grant_issues_a_new_access_token_and_keeps_the_refresh_token(
    motadata: Motadata,
) -> None:
    first = motadata.login()
    later = NOW + timedelta(hours=3)
    with frozen(later):
        response = _token(
            motadata, data={"grant_type": "refresh_token", "refresh_token": first["refresh_token"]}
        )
        assert response.status_code == 200, response.text
        answer = response.json()
        assert answer["refresh_token"] == first["refresh_token"]
        assert answer["access_token"] != first["access_token"] and answer["expires_in"] == 7199
        assert _payload(answer["access_token"])["exp"] == int(later.timestamp()) + 7200
        assert motadata.client.get(
            "/api/ususer/form/request", headers=bearer(answer["access_token"])
        ).is_success


@pytest.mark.parametrize(
    ("form", "status", "body"),
    [
        ({"username": "tim@acme.com", "password": "wrong", "grant_type": "password"}, 400,
         _spring("invalid_grant", "Bad credentials")),
        ({"username": "nobody@acme.com", "password": "123", "grant_type": "password"}, 400,
         _spring("invalid_grant", "Bad credentials")),
        ({"username": "tim@acme.com", "grant_type": "password"}, 400,
         _spring("invalid_grant", "Bad credentials")),
        ({"username": "tim@acme.com", "password": "123"}, 400,
         _spring("invalid_request", "Missing grant type")),
        ({"grant_type": "authorization_code"}, 400,
         _spring("unsupported_grant_type", "Unsupported grant type: authorization_code")),
        ({"grant_type": "refresh_token", "refresh_token": "garbage"}, 400,
         _spring("invalid_grant", "Invalid refresh token: garbage")),
        ({"grant_type": "refresh_token"}, 400,
         _spring("invalid_request", "Missing refresh token")),
    ],
)  # fmt: skip
def test_grant_errors_are_springs_and_issue_nothing(
    motadata: Motadata, form: dict[str, str], status: int, body: dict[str, str]
) -> None:
    before = row_counts(motadata)

    response = _token(motadata, data=form)

    assert (response.status_code, response.json()) == (status, body)
    assert row_counts(motadata) == before


def test_client_authentication_errors(motadata: Motadata) -> None:
    form = {"username": "tim@acme.com", "password": "123", "grant_type": "password"}

    missing = motadata.client.post("/api/oauth/token", data=form)
    wrong = motadata.client.post(
        "/api/oauth/token", data=form, headers=basic("main-web-app-client", "nope")
    )
    unknown = motadata.client.post("/api/oauth/token", data=form, headers=basic("x", "y"))
    garbled = motadata.client.post(
        "/api/oauth/token", data=form, headers={"Authorization": "Basic %%%"}
    )

    assert (missing.status_code, missing.json()) == (401, _spring("unauthorized", FULL_AUTH))
    assert missing.headers["www-authenticate"] == 'Basic realm="oauth2/client"'
    for response in (wrong, unknown):
        assert response.status_code == 401
        assert response.json() == _spring("invalid_client", "Bad client credentials")
        assert response.headers["www-authenticate"] == 'Basic realm="oauth2/client"'
    assert garbled.status_code == 401 and garbled.json()["error"] == "unauthorized"


def test_a_client_without_the_password_grant_is_refused(motadata: Motadata) -> None:
    with unit_of_work(motadata.runtime.factory) as session:
        machine = create_oauth_client(
            session,
            SYSTEM,
            name="M",
            grants=["client_credentials"],
            scopes=[],
            client_id="M-client",
        )
    form = {"username": "tim@acme.com", "password": "123", "grant_type": "password"}

    response = motadata.client.post(
        "/api/oauth/token", data=form, headers=basic(machine.client_id, machine.client_secret)
    )

    assert response.status_code == 401
    assert response.json() == _spring("invalid_client", "Unauthorized grant type: password")


def test_get_is_not_allowed(motadata: Motadata) -> None:
    response = motadata.client.get("/api/oauth/token", headers={"Authorization": SEED_BASIC})

    assert response.status_code == 405
    assert response.json() == _spring("method_not_allowed", "Request method 'GET' not supported")


def test_refresh_errors(motadata: Motadata) -> None:
    tokens = motadata.login()
    refresh = tokens["refresh_token"]

    other_client = _token(
        motadata,
        headers=basic(*motadata.api_client),
        data={"grant_type": "refresh_token", "refresh_token": refresh},
    )
    access_as_refresh = _token(
        motadata, data={"grant_type": "refresh_token", "refresh_token": tokens["access_token"]}
    )
    with frozen(NOW + timedelta(days=30)):
        expired = _token(motadata, data={"grant_type": "refresh_token", "refresh_token": refresh})

    assert (other_client.status_code, other_client.json()) == (
        400,
        _spring("invalid_grant", f"Wrong client for this refresh token: {refresh}"),
    )
    assert access_as_refresh.status_code == 400
    assert access_as_refresh.json()["error"] == "invalid_grant"
    assert (expired.status_code, expired.json()) == (
        401,
        _spring("invalid_token", f"Invalid refresh token (expired): {refresh}"),
    )


def test_resource_errors(motadata: Motadata) -> None:
    tokens = motadata.login()
    foreign = jwt.encode(
        {**_payload(tokens["access_token"])},
        "another-key-of-at-least-32-bytes!!",
        algorithm="HS256",
    )
    path = "/api/ususer/form/request"

    none = motadata.client.get(path)
    malformed = motadata.client.get(path, headers=bearer("not-a-jwt"))
    forged = motadata.client.get(path, headers=bearer(foreign))
    refresh = motadata.client.get(path, headers=bearer(tokens["refresh_token"]))

    assert (none.status_code, none.json()) == (401, _spring("unauthorized", FULL_AUTH))
    assert none.headers["www-authenticate"].startswith('Bearer realm="oauth2-resource"')
    for response in (malformed, forged):
        assert response.status_code == 401
        assert response.json() == _spring("invalid_token", "Cannot convert access token to JSON")
    assert refresh.status_code == 401
    assert refresh.json() == _spring(
        "invalid_token", f"Invalid access token: {tokens['refresh_token']}"
    )


def test_disabling_the_user_revokes_its_tokens(motadata: Motadata) -> None:
    tokens = motadata.login("john@flotomate.com", "john")
    with unit_of_work(motadata.runtime.factory) as session:
        update_user(
            session, SYSTEM, motadata.users["john@flotomate.com"], UserUpdate(is_enabled=False)
        )

    resource = motadata.client.get(
        "/api/ususer/form/request", headers=bearer(tokens["access_token"])
    )
    login = _token(
        motadata,
        data={"username": "john@flotomate.com", "password": "john", "grant_type": "password"},
    )
    refreshed = _token(
        motadata, data={"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]}
    )

    assert resource.status_code == 401 and resource.json()["error"] == "invalid_token"
    assert (login.status_code, login.json()) == (400, _spring("invalid_grant", "User is disabled"))
    assert refreshed.status_code == 400 and refreshed.json()["error"] == "invalid_grant"


def test_deleting_the_client_revokes_its_tokens(motadata: Motadata) -> None:
    form = {"username": "tim@acme.com", "password": "123", "grant_type": "password"}
    tokens = _token(motadata, headers=basic(*motadata.api_client), data=form).json()
    with unit_of_work(motadata.runtime.factory) as session:
        delete_oauth_client(session, SYSTEM, "API-client")

    resource = motadata.client.get(
        "/api/ususer/form/request", headers=bearer(tokens["access_token"])
    )
    login = _token(motadata, headers=basic(*motadata.api_client), data=form)

    assert resource.status_code == 401
    assert resource.json() == _spring(
        "invalid_token", f"Invalid access token: {tokens['access_token']}"
    )
    assert login.status_code == 401 and login.json()["error"] == "invalid_client"


def test_a_configured_signing_key_is_used(motadata: Motadata) -> None:
    key = "configured-key-with-at-least-32-characters"
    settings = motadata.runtime.settings.model_copy(update={"jwt_secret": SecretStr(key)})
    runtime = replace(motadata.runtime, settings=settings)
    form = {"username": "tim@acme.com", "password": "123", "grant_type": "password"}
    with TestClient(create_app(runtime=runtime)) as client:
        answer = client.post("/api/oauth/token", headers={"Authorization": SEED_BASIC}, data=form)
        token = answer.json()["access_token"]
        assert client.get("/api/ususer/form/request", headers=bearer(token)).is_success

    assert jwt.decode(token, key, algorithms=["HS256"], options={"verify_exp": False})
    # The server without the configured key does not know the token.
    refused = motadata.client.get("/api/ususer/form/request", headers=bearer(token))
    assert refused.status_code == 401
