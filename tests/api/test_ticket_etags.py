"""Optimistic concurrency on the native API: a ticket's ETag is its version; PATCH with a
stale If-Match is refused with 412 and changes nothing."""

from __future__ import annotations

from fastapi.testclient import TestClient

from polydesk.core.actor import Role
from polydesk.runtime import Runtime
from tests.factories import make_user, token_for

API = "/polydesk/v1/tickets"


def _setup(runtime: Runtime, client: TestClient) -> tuple[dict[str, str], int]:
    with runtime.factory() as session, session.begin():
        headers = token_for(session, make_user(session, Role.ADMIN))
    created = client.post(API, headers=headers, json={"title": "Printer"})
    assert created.status_code == 201
    return headers, int(created.json()["id"])


def test_etag_follows_the_version(runtime: Runtime, client: TestClient) -> None:
    headers, ticket_id = _setup(runtime, client)
    read = client.get(f"{API}/{ticket_id}", headers=headers)
    assert read.headers["ETag"] == '"1"' and read.json()["version"] == 1
    changed = client.patch(
        f"{API}/{ticket_id}", headers={**headers, "If-Match": '"1"'}, json={"title": "Printer 2"}
    )
    assert changed.status_code == 200
    assert changed.headers["ETag"] == '"2"' and changed.json()["version"] == 2


def test_a_stale_if_match_is_refused_and_changes_nothing(
    runtime: Runtime, client: TestClient
) -> None:
    headers, ticket_id = _setup(runtime, client)
    client.patch(f"{API}/{ticket_id}", headers=headers, json={"title": "Someone else's"})
    history = client.get(f"{API}/{ticket_id}/history", headers=headers).json()["items"]
    for stale in ('"1"', 'W/"2"', "garbage", '"1", "7"'):
        refused = client.patch(
            f"{API}/{ticket_id}", headers={**headers, "If-Match": stale}, json={"title": "Mine"}
        )
        assert refused.status_code == 412, stale
        assert refused.json()["error"]["code"] == "ticket.version_mismatch"
        assert refused.json()["error"]["details"] == {"version": 2}
    after = client.get(f"{API}/{ticket_id}", headers=headers).json()
    assert after["title"] == "Someone else's" and after["version"] == 2
    assert client.get(f"{API}/{ticket_id}/history", headers=headers).json()["items"] == history


def test_no_condition_or_any_version(runtime: Runtime, client: TestClient) -> None:
    headers, ticket_id = _setup(runtime, client)
    for condition in ({}, {"If-Match": "*"}, {"If-Match": '"5", "3"'}):  # v1, v2, v3
        answer = client.patch(
            f"{API}/{ticket_id}", headers={**headers, **condition}, json={"title": f"{condition}"}
        )
        assert answer.status_code == 200, condition
