"""Native API: tickets and their parts, through HTTP, with real auth and a real database."""

from __future__ import annotations

import base64

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from polydesk.core.actor import Role
from polydesk.models.attachments import Attachment
from polydesk.models.tickets import Ticket
from polydesk.runtime import Runtime
from tests.factories import make_company, make_helpdesk, make_user, token_for

V1 = "/polydesk/v1"


def _setup(runtime: Runtime) -> dict[str, dict[str, str]]:
    with runtime.factory() as session, session.begin():
        desk = make_helpdesk(session, "Service Desk")
        other = make_helpdesk(session, "Other Desk")
        acme = make_company(session, "Acme")
        users = {
            "admin": make_user(session, Role.ADMIN),
            "agent": make_user(session, helpdesks=[desk]),
            "outsider": make_user(session, helpdesks=[other]),
            "alice": make_user(session, Role.CUSTOMER, company=acme),
            "mallory": make_user(session, Role.CUSTOMER),
        }
        headers = {name: token_for(session, user) for name, user in users.items()}
        headers["desk"] = {"id": str(desk.id)}
    return headers


def _count(runtime: Runtime, model: type) -> int:
    with runtime.factory() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_create_update_comment_attach_history_time(client: TestClient, runtime: Runtime) -> None:
    h = _setup(runtime)
    desk_id = int(h["desk"]["id"])
    created = client.post(
        f"{V1}/tickets",
        headers=h["alice"],
        json={"title": "Laptop dead", "description": "no power", "helpdesk_id": desk_id},
    )
    assert created.status_code == 201, created.text
    ticket = created.json()
    assert ticket["status"]["category"] == "new" and ticket["number"].isdigit()
    tid = ticket["id"]

    patched = client.patch(
        f"{V1}/tickets/{tid}",
        headers=h["agent"],
        json={"title": "Laptop will not boot", "tags": ["hardware", "laptop"]},
    )
    assert patched.status_code == 200, patched.text
    assert patched.json()["tags"] == ["hardware", "laptop"]

    note = client.post(
        f"{V1}/tickets/{tid}/comments",
        headers=h["agent"],
        json={"body": "checking the charger", "is_public": False},
    )
    reply = client.post(
        f"{V1}/tickets/{tid}/comments",
        headers=h["agent"],
        json={"body": "please bring it to the desk"},
    )
    assert note.status_code == reply.status_code == 201
    upload = client.post(
        f"{V1}/tickets/{tid}/attachments",
        headers=h["alice"],
        files={"file": ("photo.txt", b"pixels", "text/plain")},
    )
    assert upload.status_code == 201, upload.text
    content = client.get(f"{V1}/attachments/{upload.json()['id']}/content", headers=h["agent"])
    assert content.content == b"pixels" and content.headers["content-type"].startswith("text/plain")
    logged = client.post(
        f"{V1}/tickets/{tid}/time-entries",
        headers=h["agent"],
        json={"duration_seconds": 900, "is_billable": True},
    )
    assert logged.status_code == 201

    customer_view = client.get(f"{V1}/tickets/{tid}/comments", headers=h["alice"]).json()
    assert [c["body"] for c in customer_view["items"]] == ["please bring it to the desk"]
    history = client.get(f"{V1}/tickets/{tid}/history", headers=h["agent"]).json()["items"]
    kinds = [event["kind"] for event in history]
    assert kinds[0] == "created" and {
        "title_changed",
        "comment_added",
        "attachment_added",
        "time_logged",
    } <= set(kinds)
    assert client.get(f"{V1}/tickets/{tid}", headers=h["agent"]).json()["first_response_at"]


def test_visibility_is_enforced(client: TestClient, runtime: Runtime) -> None:
    h = _setup(runtime)
    tid = client.post(f"{V1}/tickets", headers=h["alice"], json={"title": "Mine"}).json()["id"]
    assert client.get(f"{V1}/tickets/{tid}", headers=h["mallory"]).status_code == 404
    assert client.get(f"{V1}/tickets/{tid}", headers=h["outsider"]).status_code == 404
    denied = client.patch(f"{V1}/tickets/{tid}", headers=h["alice"], json={"title": "x"})
    assert (
        denied.status_code == 403 and denied.json()["error"]["code"] == "ticket.permission_denied"
    )
    assert client.get(f"{V1}/tickets", headers=h["mallory"]).json()["items"] == []
    assert [t["id"] for t in client.get(f"{V1}/tickets", headers=h["admin"]).json()["items"]] == [
        tid
    ]


def test_search_sort_and_paging(client: TestClient, runtime: Runtime) -> None:
    h = _setup(runtime)
    for title in ("VPN drops", "Printer jam", "VPN slow", "Password reset"):
        client.post(f"{V1}/tickets", headers=h["admin"], json={"title": title})
    found = client.get(
        f"{V1}/tickets", headers=h["admin"], params={"q": "vpn", "total": "true"}
    ).json()
    assert {t["title"] for t in found["items"]} == {"VPN drops", "VPN slow"} and found["total"] == 2
    first = client.get(
        f"{V1}/tickets",
        headers=h["admin"],
        params={"limit": 3, "sort": "created_at", "order": "desc"},
    ).json()
    assert len(first["items"]) == 3 and first["next_cursor"]
    rest = client.get(
        f"{V1}/tickets",
        headers=h["admin"],
        params={"limit": 3, "sort": "created_at", "order": "desc", "cursor": first["next_cursor"]},
    ).json()
    assert [t["title"] for t in rest["items"]] == ["VPN drops"] and rest["next_cursor"] is None
    capped = client.get(f"{V1}/tickets", headers=h["admin"], params={"limit": 10_000})
    assert capped.status_code == 200  # the server caps the page instead of failing


def test_bad_input_gets_clear_errors_and_changes_nothing(
    client: TestClient, runtime: Runtime
) -> None:
    h = _setup(runtime)
    before = _count(runtime, Ticket)
    cases = [
        ({}, 422, "validation.invalid_request"),
        ({"title": ""}, 422, "validation.invalid_request"),
        ({"title": "x", "priority_id": "high"}, 422, "validation.invalid_request"),
        ({"title": "x", "priority_id": 424242}, 404, "priority.not_found"),
        ({"title": "x", "bogus": 1}, 422, "validation.invalid_request"),
        ({"title": "x", "due_at": "2026-01-01T10:00:00"}, 422, "validation.invalid_request"),
    ]
    for body, status, code in cases:
        response = client.post(f"{V1}/tickets", headers=h["admin"], json=body)
        assert response.status_code == status, (body, response.text)
        assert response.json()["error"]["code"] == code
    assert client.get(f"{V1}/tickets/999999", headers=h["admin"]).json()["error"]["code"] == (
        "ticket.not_found"
    )
    assert (
        client.get(f"{V1}/tickets", headers=h["admin"], params={"cursor": "garbage!"}).status_code
        == 422
    )
    assert _count(runtime, Ticket) == before


def test_oversized_upload_is_rejected_and_stores_nothing(
    client: TestClient, runtime: Runtime
) -> None:
    h = _setup(runtime)
    tid = client.post(f"{V1}/tickets", headers=h["admin"], json={"title": "t"}).json()["id"]
    big = b"x" * (runtime.settings.max_upload_bytes + 1)
    response = client.post(
        f"{V1}/tickets/{tid}/attachments",
        headers=h["admin"],
        files={"file": ("big.bin", big, "application/octet-stream")},
    )
    assert (
        response.status_code == 413 and response.json()["error"]["code"] == "attachment.too_large"
    )
    assert _count(runtime, Attachment) == 0
    store = runtime.settings.attachments_dir
    assert not store.exists() or not any(path.is_file() for path in store.rglob("*"))


def test_authentication(client: TestClient, runtime: Runtime) -> None:
    with runtime.factory() as session, session.begin():
        make_user(session, Role.AGENT, login="basic", password="s3cret")
    good = base64.b64encode(b"basic:s3cret").decode()
    bad = base64.b64encode(b"basic:wrong").decode()
    assert (
        client.get(f"{V1}/me", headers={"Authorization": f"Basic {good}"}).json()["login"]
        == "basic"
    )
    for header in (
        {},
        {"Authorization": f"Basic {bad}"},
        {"Authorization": "Bearer nope"},
        {"Authorization": "Basic !!!"},
    ):
        response = client.get(f"{V1}/me", headers=header)
        assert response.status_code == 401 and "WWW-Authenticate" in response.headers


def test_unknown_route_uses_the_error_envelope(client: TestClient) -> None:
    response = client.get(f"{V1}/nothing-here")
    assert response.status_code == 404 and response.json()["error"]["code"] == "route.not_found"


def test_openapi_document_lists_the_resources(client: TestClient) -> None:
    document = client.get(f"{V1}/openapi.json").json()
    assert document["info"]["title"] == "Polydesk native API"
    paths = set(document["paths"])
    assert {
        "/tickets",
        "/tickets/{ticket_id}",
        "/tickets/{ticket_id}/comments",
        "/tickets/{ticket_id}/attachments",
        "/attachments/{attachment_id}/content",
        "/tickets/{ticket_id}/history",
        "/tickets/{ticket_id}/time-entries",
        "/users",
        "/groups",
        "/companies",
        "/helpdesks",
        "/catalogs/{kind}",
    } <= paths
    assert client.get(f"{V1}/docs").status_code == 200
