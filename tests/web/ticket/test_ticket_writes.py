"""Writing on the ticket page, in process: a reply with files (public, an ``article.posted``
event for the notifications), an internal note, a forward queued in the outbox with its file;
bad input (empty text, a bad address, a file over the limit, no CSRF token, someone else's
ticket) is a page with a clear message, and changes nothing."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from polydesk.core.actor import Role
from polydesk.db.uow import unit_of_work
from polydesk.models.comments import Comment
from polydesk.models.events import EventRecord
from polydesk.models.jobs import OutgoingMail
from polydesk.runtime import Runtime
from tests.factories import make_helpdesk, make_ticket, make_user
from tests.jobs import run_jobs
from tests.web.pages import signed_in

PASSWORD = "correct-horse"


@dataclass
class Case:
    ticket_id: int
    other_id: int
    token: str


def _case(client: TestClient, runtime: Runtime) -> Case:
    with unit_of_work(runtime.factory) as session:
        mine, other = make_helpdesk(session, "Mine"), make_helpdesk(session, "Other")
        make_user(session, Role.AGENT, login="ann", password=PASSWORD, helpdesks=[mine])
        cy = make_user(session, Role.CUSTOMER, login="cy", password=PASSWORD)
        ticket = make_ticket(session, title="Printer jam", helpdesk_id=mine.id, requester_id=cy.id)
        hidden = make_ticket(session, title="Payroll", helpdesk_id=other.id)
        ids = ticket.id, hidden.id
    return Case(*ids, signed_in(client, "ann", PASSWORD))


def _comments(runtime: Runtime, ticket_id: int) -> list[Comment]:
    with unit_of_work(runtime.factory) as session:
        query = select(Comment).where(Comment.ticket_id == ticket_id).order_by(Comment.id)
        return list(session.scalars(query))


def _mails_to_cy(runtime: Runtime) -> list[str]:
    """The bodies of the mails queued for the requester, oldest first."""
    with unit_of_work(runtime.factory) as session:
        query = select(OutgoingMail.body).where(OutgoingMail.to_addresses == "cy@example.com")
        return list(session.scalars(query.order_by(OutgoingMail.id)))


def _told(runtime: Runtime) -> int:
    """Run the jobs the setup left (the new-ticket notices); how many mails cy has so far."""
    run_jobs(runtime.factory)
    return len(_mails_to_cy(runtime))


def _native(client: TestClient, path: str) -> list[dict[str, object]]:
    answer = client.get(f"/polydesk/v1/{path}", auth=("ann", PASSWORD))
    assert answer.status_code == 200, answer.text
    items: list[dict[str, object]] = answer.json()["items"]
    return items


def test_a_reply_with_files_is_public_and_told_to_the_notifications(
    client: TestClient, runtime: Runtime
) -> None:
    case = _case(client, runtime)
    told = _told(runtime)
    sent = client.post(
        f"/console/tickets/{case.ticket_id}/reply",
        data={"csrf_token": case.token, "body": "Cleared it.\r\nTry again."},
        files=[
            ("files", ("log.txt", b"all good", "text/plain")),
            ("files", ("pic.png", b"\x89PNG....", "image/png")),
        ],
        follow_redirects=False,
    )
    assert sent.status_code == 303, sent.text
    assert sent.headers["location"] == f"/console/tickets/{case.ticket_id}#conversation"
    comments = _native(client, f"tickets/{case.ticket_id}/comments")
    assert [(c["body"], c["is_public"]) for c in comments] == [("Cleared it.\nTry again.", True)]
    files = _native(client, f"tickets/{case.ticket_id}/attachments")
    assert sorted(f["filename"] for f in files) == ["log.txt", "pic.png"]
    assert {f["comment_id"] for f in files} == {comments[0]["id"]}
    with unit_of_work(runtime.factory) as session:
        events = session.scalars(
            select(EventRecord).where(
                EventRecord.ticket_id == case.ticket_id, EventRecord.kind == "article.posted"
            )
        ).all()
    assert [e.payload["is_public"] for e in events] == [True]
    run_jobs(runtime.factory)  # the worker: the event's subscribers write the notification
    assert any("Cleared it." in body for body in _mails_to_cy(runtime)[told:])
    page = client.get(sent.headers["location"])
    assert "Cleared it." in page.text and ">log.txt</a>" in page.text


def test_a_note_is_internal(client: TestClient, runtime: Runtime) -> None:
    case = _case(client, runtime)
    told = _told(runtime)
    sent = client.post(
        f"/console/tickets/{case.ticket_id}/note",
        data={"csrf_token": case.token, "body": "Vendor ticket 991"},
        follow_redirects=False,
    )
    assert sent.status_code == 303
    [note] = _comments(runtime, case.ticket_id)
    assert (note.body, note.is_public, note.channel) == ("Vendor ticket 991", False, "note")
    portal = client.get(f"/polydesk/v1/tickets/{case.ticket_id}/comments", auth=("cy", PASSWORD))
    assert portal.json()["items"] == []  # the requester never reads it
    run_jobs(runtime.factory)
    assert _mails_to_cy(runtime)[told:] == []


def test_a_forward_goes_to_the_outbox_with_its_file(client: TestClient, runtime: Runtime) -> None:
    case = _case(client, runtime)
    sent = client.post(
        f"/console/tickets/{case.ticket_id}/forward",
        data={
            "csrf_token": case.token,
            "to": "vendor@example.net",
            "subject": "Fwd: jam",
            "body": "Can you look at this?",
        },
        files=[("files", ("spec.pdf", b"%PDF-1.4", "application/pdf"))],
        follow_redirects=False,
    )
    assert sent.status_code == 303, sent.text
    [article] = _comments(runtime, case.ticket_id)
    assert (article.is_public, article.channel, article.to_addresses) == (
        False,
        "email",
        "vendor@example.net",
    )
    with unit_of_work(runtime.factory) as session:
        [mail] = session.scalars(select(OutgoingMail).where(OutgoingMail.comment_id == article.id))
        assert mail.to_addresses == "vendor@example.net"
        assert "Fwd: jam" in mail.subject and mail.body == "Can you look at this?"
        assert len(mail.attachment_ids) == 1


def _count(runtime: Runtime) -> tuple[int, int]:
    with unit_of_work(runtime.factory) as session:
        comments = session.scalar(select(func.count()).select_from(Comment)) or 0
        mails = session.scalar(select(func.count()).select_from(OutgoingMail)) or 0
    return comments, mails


def test_bad_input_is_a_clear_page_and_changes_nothing(
    client: TestClient, runtime: Runtime
) -> None:
    case = _case(client, runtime)
    before = _count(runtime)
    base = f"/console/tickets/{case.ticket_id}"
    big = b"x" * (runtime.settings.max_upload_bytes + 1)
    cases = [
        ("/reply", {"body": "   "}, None, 400, "the text is empty"),
        ("/forward", {"body": "hi", "to": "not an address"}, None, 400, "Forward to:"),
        (
            "/note",
            {"body": "hi"},
            [("files", ("big.bin", big, "application/octet-stream"))],
            413,
            "big.bin is larger than",
        ),
    ]
    for path, data, files, status, message in cases:
        answer = client.post(base + path, data={"csrf_token": case.token, **data}, files=files)
        assert answer.status_code == status, (path, answer.text)
        assert message in answer.text and 'role="alert"' in answer.text
    refused = client.post(base + "/reply", data={"body": "forged"})
    assert refused.status_code == 403
    hidden = client.post(
        f"/console/tickets/{case.other_id}/reply", data={"csrf_token": case.token, "body": "hello"}
    )
    assert hidden.status_code == 404
    assert _count(runtime) == before
