"""Native API: a customer reads only the public part of its ticket (comments, files, time,
history, totals, search); an agent reads all of it."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from polydesk.core.actor import Role
from polydesk.db.uow import unit_of_work
from polydesk.runtime import Runtime
from tests.factories import make_company, make_helpdesk, make_user, token_for
from tests.jobs import run_jobs
from tests.visibility import INTERNAL_WORD, PUBLIC_WORD, Mixed, mixed_ticket

V1 = "/polydesk/v1"


def _setup(runtime: Runtime) -> tuple[Mixed, dict[str, dict[str, str]]]:
    with unit_of_work(runtime.factory) as session:
        desk = make_helpdesk(session, "Service Desk")
        customer = make_user(session, Role.CUSTOMER, company=make_company(session, "Acme"))
        agent = make_user(session, helpdesks=[desk])
        mixed = mixed_ticket(session, runtime.store, requester_id=customer.id, helpdesk_id=desk.id)
        auth = {"customer": token_for(session, customer), "agent": token_for(session, agent)}
    return mixed, auth


def _items(
    client: TestClient, auth: dict[str, str], path: str, **params: str
) -> tuple[list[Any], int]:
    query = {"total": "true", "limit": "50", **params}
    response = client.get(f"{V1}{path}", headers=auth, params=query)
    assert response.status_code == 200, response.text
    body = response.json()
    return body["items"], body["total"]


def test_customer_reads_only_public_comments_files_and_time(
    client: TestClient, runtime: Runtime
) -> None:
    mixed, auth = _setup(runtime)
    tid = mixed.ticket_id
    comments, total = _items(client, auth["customer"], f"/tickets/{tid}/comments")
    assert [c["id"] for c in comments] == [mixed.public_comment] and total == 1
    assert INTERNAL_WORD not in str(comments)
    files, total = _items(client, auth["customer"], f"/tickets/{tid}/attachments")
    assert [f["id"] for f in files] == [mixed.public_file] and total == 1
    entries, total = _items(client, auth["customer"], f"/tickets/{tid}/time-entries")
    assert sorted(e["id"] for e in entries) == sorted(mixed.public_entries) and total == 2

    comments, _ = _items(client, auth["agent"], f"/tickets/{tid}/comments")
    assert len(comments) == 2 and INTERNAL_WORD in str(comments)
    files, _ = _items(client, auth["agent"], f"/tickets/{tid}/attachments")
    assert {f["id"] for f in files} == {mixed.public_file, mixed.internal_file}
    entries, total = _items(client, auth["agent"], f"/tickets/{tid}/time-entries")
    assert total == 5


def test_an_internal_file_is_not_found_for_the_customer(
    client: TestClient, runtime: Runtime
) -> None:
    mixed, auth = _setup(runtime)
    for path in (
        f"/attachments/{mixed.internal_file}",
        f"/attachments/{mixed.internal_file}/content",
    ):
        response = client.get(f"{V1}{path}", headers=auth["customer"])
        assert response.status_code == 404, response.text
        assert client.get(f"{V1}{path}", headers=auth["agent"]).status_code == 200
    public = client.get(f"{V1}/attachments/{mixed.public_file}/content", headers=auth["customer"])
    assert public.status_code == 200 and public.content == b"public bytes"


def test_history_hides_the_lines_about_the_internal_part(
    client: TestClient, runtime: Runtime
) -> None:
    mixed, auth = _setup(runtime)
    path = f"/tickets/{mixed.ticket_id}/history"
    seen, total = _items(client, auth["customer"], path)
    ids = {event["id"] for event in seen}
    assert ids and not ids & mixed.internal_events and total == len(ids)
    assert "internal" not in str(seen)
    every, _ = _items(client, auth["agent"], path)
    assert mixed.internal_events <= {event["id"] for event in every}


def test_full_text_search_does_not_match_internal_words(
    client: TestClient, runtime: Runtime
) -> None:
    mixed, auth = _setup(runtime)

    def found(who: str, words: str) -> list[int]:
        items, _ = _items(client, auth[who], "/tickets", q=words)
        return [ticket["id"] for ticket in items]

    assert found("customer", PUBLIC_WORD) == [mixed.ticket_id]
    assert found("customer", INTERNAL_WORD) == []
    assert found("agent", INTERNAL_WORD) == [mixed.ticket_id]


def test_a_customer_cannot_name_an_internal_comment(client: TestClient, runtime: Runtime) -> None:
    mixed, auth = _setup(runtime)
    path = f"{V1}/tickets/{mixed.ticket_id}/attachments"

    def upload(comment_id: int) -> int:
        files = {"file": ("reply.txt", b"my reply", "text/plain")}
        data = {"comment_id": str(comment_id)}
        return client.post(path, headers=auth["customer"], files=files, data=data).status_code

    assert upload(mixed.internal_comment) == 404  # as for a comment that does not exist
    assert upload(mixed.public_comment) == 201


def test_notification_lines_are_for_agents(client: TestClient, runtime: Runtime) -> None:
    mixed, auth = _setup(runtime)
    run_jobs(runtime.factory)  # the worker mails the notifications and records them
    path = f"/tickets/{mixed.ticket_id}/history"

    every, _ = _items(client, auth["agent"], path)
    seen, _ = _items(client, auth["customer"], path)

    sent = [event for event in every if event["kind"] == "notification_sent"]
    assert sent, every
    assert {event["field"] for event in sent} <= {"ticket.opened", "article.posted"}
    assert all(isinstance(event["related_id"], int) for event in sent)
    assert not [event for event in seen if event["kind"] == "notification_sent"]
