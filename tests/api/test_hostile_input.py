"""Native API against hostile input (issue 12): every request below gets a 4xx in the native
error shape, and no table gains or loses a row. Runs on SQLite and PostgreSQL alike."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from polydesk.core.actor import Role
from polydesk.db.base import Base
from polydesk.runtime import Runtime
from tests.factories import make_helpdesk, make_ticket, make_user, token_for

V1 = "/polydesk/v1"
HUGE = 2**63  # past signed 64 bits
BIG = 2**31  # past the 32-bit INTEGER ids of PostgreSQL
MISSING = 999_999  # a well-formed id no row has


@dataclass(frozen=True)
class World:
    headers: dict[str, str]
    ticket: int
    comment: int


@dataclass(frozen=True)
class Call:
    method: str
    path: str  # may name {ticket} and {comment}
    json: Any = None
    content: bytes | None = None
    files: dict[str, Any] | None = None
    data: dict[str, str] | None = None
    content_type: str = "application/json"  # of ``content``


@pytest.fixture
def world(client: TestClient, runtime: Runtime) -> World:
    with runtime.factory() as session, session.begin():
        desk = make_helpdesk(session)
        admin = make_user(session, Role.ADMIN)
        ticket = make_ticket(session, admin, title="target", helpdesk_id=desk.id)
        headers = token_for(session, admin)
        ticket_id = ticket.id
    comment = client.post(f"{V1}/tickets/{ticket_id}/comments", headers=headers, json={"body": "x"})
    assert comment.status_code == 201, comment.text
    return World(headers, ticket_id, comment.json()["id"])


def _row_counts(runtime: Runtime) -> dict[str, int]:
    with runtime.factory() as session:
        return {
            table.name: session.scalar(select(func.count()).select_from(table)) or 0
            for table in Base.metadata.sorted_tables
        }


def _send(client: TestClient, world: World, call: Call) -> Any:
    path = V1 + call.path.format(ticket=world.ticket, comment=world.comment)
    headers = dict(world.headers)
    if call.content is not None:
        headers["Content-Type"] = call.content_type
    return client.request(
        call.method,
        path,
        headers=headers,
        json=call.json,
        content=call.content,
        files=call.files,
        data=call.data,
    )


def _assert_refused(client: TestClient, runtime: Runtime, world: World, calls: list[Call]) -> None:
    """Each call gets a 4xx in the native error shape and changes no table."""
    before = _row_counts(runtime)
    for call in calls:
        response = _send(client, world, call)
        assert 400 <= response.status_code < 500, (call, response.status_code, response.text)
        error = response.json()["error"]
        assert set(error) == {"code", "message", "details"}, (call, error)
        assert isinstance(error["code"], str) and error["code"], (call, error)
    assert _row_counts(runtime) == before


def _detail_types(response: Any) -> set[str]:
    return {detail["type"] for detail in response.json()["error"]["details"]}


def test_null_for_lists_and_required_fields(
    client: TestClient, runtime: Runtime, world: World
) -> None:
    calls = [
        Call("POST", "/tickets", {"title": None}),
        Call("POST", "/tickets", {"title": "x", "cc": None}),
        Call("POST", "/tickets", {"title": "x", "tags": None}),
        Call("POST", "/tickets", {"title": "x", "extra": None}),
        Call("POST", "/tickets", {"title": "x", "description": None}),
        Call("POST", "/tickets", {"title": "x", "status_id": None}),
        Call("PATCH", "/tickets/{ticket}", {"title": None}),
        Call("PATCH", "/tickets/{ticket}", {"description": None}),
        Call("PATCH", "/tickets/{ticket}", {"is_spam": None}),
        Call("PATCH", "/tickets/{ticket}", {"level": None}),
        Call("POST", "/tickets/{ticket}/comments", {"body": None}),
        Call("POST", "/tickets/{ticket}/time-entries", {"duration_seconds": None}),
        Call("POST", "/users", {"login": "nully", "helpdesk_ids": None}),
        Call("POST", "/users", {"login": None}),
        Call("PATCH", "/users/1", {"first_name": None}),
        Call("PATCH", "/users/1", {"is_enabled": None}),
        Call("POST", "/groups", {"name": None}),
        Call("POST", "/companies", {"name": None}),
        Call("POST", "/helpdesks", {"name": "Nulls", "levels": None}),
        Call("PUT", "/webservices/Nulls", {"config": None}),
        Call("POST", "/tickets", None),
    ]
    _assert_refused(client, runtime, world, calls)
    nulled = _send(client, world, Call("POST", "/tickets", {"title": "x", "cc": None}))
    assert nulled.status_code == 422 and _detail_types(nulled) == {"input.null"}


def test_unknown_references(client: TestClient, runtime: Runtime, world: World) -> None:
    calls = [
        Call("POST", "/tickets", {"title": "x", field: MISSING})
        for field in ("status_id", "helpdesk_id", "owner_id", "company_id", "parent_id", "sla_id")
    ]
    calls += [
        Call("PATCH", "/tickets/{ticket}", {"category_id": MISSING}),
        Call("PATCH", "/tickets/{ticket}", {"assigned_group_id": MISSING}),
        Call("POST", "/tickets/{ticket}/time-entries", {"duration_seconds": 60, "comment_id": 0}),
        Call(
            "POST",
            "/tickets/{ticket}/time-entries",
            {"duration_seconds": 60, "comment_id": MISSING},
        ),
        Call(
            "POST",
            "/tickets/{ticket}/attachments",
            files={"file": ("a.txt", b"hello", "text/plain")},
            data={"comment_id": str(MISSING)},
        ),
        Call("POST", "/users", {"login": "refuser", "company_id": MISSING}),
        Call("POST", "/users", {"login": "refuser", "helpdesk_ids": [MISSING]}),
        Call("PATCH", "/users/1", {"company_id": MISSING}),
        Call("POST", "/groups", {"name": "Orphans", "parent_id": MISSING}),
        Call("POST", "/companies", {"name": "Orphan Ltd", "parent_id": MISSING}),
        Call("POST", "/companies", {"name": "Orphan Ltd", "manager_id": MISSING}),
        Call("POST", "/helpdesks", {"name": "Orphan desk", "parent_id": MISSING}),
        Call("GET", f"/tickets/{MISSING}"),
        Call("GET", f"/tickets/{MISSING}/comments"),
        Call("POST", f"/tickets/{MISSING}/comments", {"body": "x"}),
        Call("GET", f"/attachments/{MISSING}/content"),
    ]
    _assert_refused(client, runtime, world, calls)


@pytest.mark.parametrize("big", [BIG, HUGE, 10**30])
def test_ids_past_the_id_range(
    client: TestClient, runtime: Runtime, world: World, big: int
) -> None:
    calls = [
        Call("GET", f"/tickets/{big}"),
        Call("PATCH", f"/tickets/{big}", {"title": "x"}),
        Call("GET", f"/tickets/{big}/comments"),
        Call("POST", f"/tickets/{big}/comments", {"body": "x"}),
        Call("GET", f"/tickets/{big}/attachments"),
        Call("GET", f"/tickets/{big}/history"),
        Call("GET", f"/tickets/{big}/time-entries"),
        Call("GET", f"/attachments/{big}"),
        Call("GET", f"/users/{big}"),
        Call("GET", f"/companies/{big}"),
        Call("GET", f"/tickets?status_id={big}"),
        Call("GET", f"/tickets?owner_id=1&owner_id={big}"),
        Call("GET", f"/users?company_id={big}"),
        Call("GET", f"/tickets?offset={big}"),
        Call("GET", f"/tickets/{{ticket}}/comments?limit={big}"),
        Call("POST", "/tickets", {"title": "x", "priority_id": big}),
        Call("PATCH", "/tickets/{ticket}", {"requester_id": big}),
        Call("POST", "/tickets", {"title": "x", "extra": {"n": big * 2**64}}),
        Call("POST", "/tickets/{ticket}/time-entries", {"duration_seconds": big}),
        Call("POST", "/users", {"login": "big", "helpdesk_ids": [big]}),
        Call("POST", "/groups", {"name": "Big", "parent_id": big}),
        Call("POST", "/companies", {"name": "Big", "manager_id": big}),
    ]
    _assert_refused(client, runtime, world, calls)


def test_nul_characters(client: TestClient, runtime: Runtime, world: World) -> None:
    nul = "a\x00b"
    calls = [
        Call("POST", "/tickets", {"title": nul}),
        Call("POST", "/tickets", {"title": "x", "tags": [nul]}),
        Call("POST", "/tickets", {"title": "x", "extra": {"deep": [{"k": nul}]}}),
        Call("POST", "/tickets", {"title": "x", "extra": {nul: 1}}),
        Call("PATCH", "/tickets/{ticket}", {"description": nul}),
        Call("POST", "/tickets/{ticket}/comments", {"body": nul}),
        Call("POST", "/tickets/{ticket}/time-entries", {"duration_seconds": 5, "category": nul}),
        Call(
            "POST",
            "/tickets/{ticket}/attachments",
            files={"file": ("a.txt", b"hello", "text/plain")},
            data={"description": nul},
        ),
        Call(  # httpx would percent-encode the NUL: the raw form, as a hostile client sends it
            "POST",
            "/tickets/{ticket}/attachments",
            content=b'--B\r\nContent-Disposition: form-data; name="file"; '
            b'filename="a\x00.txt"\r\nContent-Type: text/plain\r\n\r\nhello\r\n--B--\r\n',
            content_type="multipart/form-data; boundary=B",
        ),
        Call("POST", "/users", {"login": "nul", "first_name": nul}),
        Call("PATCH", "/users/1", {"last_name": nul}),
        Call("POST", "/groups", {"name": nul}),
        Call("POST", "/companies", {"name": nul}),
        Call("POST", "/helpdesks", {"name": "Desk", "levels": [nul]}),
        Call("PUT", "/webservices/X", {"config": {"Name": nul}}),
        Call("GET", "/tickets?q=a%00b"),
        Call("GET", "/tickets?tag=a%00b"),
        Call("GET", "/tickets?number=%00"),
        Call("GET", "/users?q=%00"),
        Call("GET", "/catalogs/a%00b"),
        Call("GET", "/webservices/a%00b"),
        Call("DELETE", "/webservices/a%00b"),
        Call("GET", "/tickets/{ticket}/comments?cursor=a%00b"),
    ]
    _assert_refused(client, runtime, world, calls)
    refused = _send(client, world, Call("POST", "/tickets", {"title": "x", "extra": {"a": [nul]}}))
    assert _detail_types(refused) == {"input.invalid_text"}
    assert refused.json()["error"]["details"][0]["location"] == ["body", "extra", "a", 0]


def _nested(depth: int) -> str:
    return '{"a":' * depth + "1" + "}" * depth


def test_deep_nesting(client: TestClient, runtime: Runtime, world: World) -> None:
    calls = [
        Call("POST", "/tickets", content=f'{{"title":"x","extra":{_nested(depth)}}}'.encode())
        for depth in (40, 500, 2000, 100_000)
    ]
    calls += [
        Call("PATCH", "/tickets/{ticket}", content=f'{{"extra":{_nested(2000)}}}'.encode()),
        Call("PATCH", "/tickets/{ticket}", content=("[" * 5000 + "]" * 5000).encode()),
        Call("PUT", "/webservices/Deep", content=f'{{"config":{_nested(1000)}}}'.encode()),
        Call("POST", "/tickets/{ticket}/comments", content=_nested(3000).encode()),
    ]
    _assert_refused(client, runtime, world, calls)
    deep = _send(client, world, calls[0])
    assert deep.status_code == 422 and _detail_types(deep) == {"input.too_deep"}


def test_invalid_utf8_and_lone_surrogates(
    client: TestClient, runtime: Runtime, world: World
) -> None:
    calls = [
        Call("POST", "/tickets", content=b'{"title": "\xff\xfe"}'),
        Call("PATCH", "/tickets/{ticket}", content=b'{"title": "ok", "description": "\xc3"}'),
        Call("POST", "/tickets/{ticket}/comments", content=b'{"body": "\xed\xa0\x80"}'),
        Call("POST", "/tickets", content=b'{"title": "\\ud800"}'),
        Call("POST", "/tickets", content=b'{"title": "x", "extra": {"\\udfff": 1}}'),
        Call("POST", "/users", content=b'{"login": "s", "last_name": "\\udc00x"}'),
        Call("POST", "/groups", content=b'{"name": "\\ud83d"}'),
        Call("GET", "/tickets?q=%FF%FE"),  # only U+FFFD left: no words to search for
    ]
    _assert_refused(client, runtime, world, calls)
    # Query strings are decoded leniently (invalid bytes become U+FFFD): a plain answer.
    for query in ("tag=%C3", "number=%ED%A0%80"):
        listed = client.get(f"{V1}/tickets?{query}", headers=world.headers)
        assert listed.status_code == 200 and listed.json()["items"] == [], query


def test_out_of_range_datetimes_and_cursors(
    client: TestClient, runtime: Runtime, world: World
) -> None:
    def cursor(values: list[Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")

    calls = [
        Call("PATCH", "/tickets/{ticket}", {"due_at": "9999-12-31T23:59:59-12:00"}),
        Call("POST", "/tickets", {"title": "x", "occurred_at": "0001-01-01T00:00:00+14:00"}),
        Call("GET", "/tickets?created_after=9999-12-31T23:00:00-10:00"),
        Call("GET", f"/tickets?cursor={cursor(['id', 1, HUGE])}"),
        Call("GET", f"/tickets?cursor={cursor(['id', 1, BIG])}"),
        Call("GET", f"/tickets/{{ticket}}/comments?cursor={cursor(['comments', 'x', 1])}"),
        Call("GET", f"/tickets/{{ticket}}/history?cursor={cursor(['history', HUGE])}"),
        Call("GET", f"/tickets/{{ticket}}/time-entries?cursor={cursor(['history', 1])}"),
        Call("GET", "/tickets/{ticket}/attachments?cursor=not-a-cursor"),
    ]
    _assert_refused(client, runtime, world, calls)


@pytest.mark.parametrize("part", ["comments", "history", "time-entries", "attachments"])
def test_ticket_part_lists_follow_their_cursor(client: TestClient, world: World, part: str) -> None:
    for n in range(4):
        _add_part(client, world, part, n)
    url = f"{V1}/tickets/{world.ticket}/{part}"
    everything = client.get(url, headers=world.headers, params={"limit": 50}).json()["items"]
    assert len(everything) >= 4
    seen: list[int] = []
    params: dict[str, Any] = {"limit": 2}
    while True:
        page = client.get(url, headers=world.headers, params=params)
        assert page.status_code == 200, page.text
        seen += [item["id"] for item in page.json()["items"]]
        cursor = page.json()["next_cursor"]
        if cursor is None:
            break
        params = {"limit": 2, "cursor": cursor}
    assert seen == [item["id"] for item in everything]


def _add_part(client: TestClient, world: World, part: str, n: int) -> None:
    url = f"{V1}/tickets/{world.ticket}"
    if part in ("comments", "history"):
        response = client.post(f"{url}/comments", headers=world.headers, json={"body": f"c{n}"})
    elif part == "time-entries":
        response = client.post(
            f"{url}/time-entries", headers=world.headers, json={"duration_seconds": 60 + n}
        )
    else:
        files = {"file": (f"f{n}.txt", b"data", "text/plain")}
        response = client.post(f"{url}/attachments", headers=world.headers, files=files)
    assert response.status_code == 201, response.text


def test_a_cursor_from_another_list_is_refused(client: TestClient, world: World) -> None:
    for n in range(3):
        _add_part(client, world, "time-entries", n)
    url = f"{V1}/tickets/{world.ticket}"
    first = client.get(f"{url}/time-entries", headers=world.headers, params={"limit": 1})
    cursor = first.json()["next_cursor"]
    assert cursor
    reused = client.get(f"{url}/attachments", headers=world.headers, params={"cursor": cursor})
    assert reused.status_code == 422
    assert reused.json()["error"]["code"] == "validation.invalid_cursor"
