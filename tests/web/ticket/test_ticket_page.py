"""The agent's ticket page in process: what it shows (facts, SLA badges, the conversation with
public and internal articles told apart, files, history, time, custom values, participants,
links, approvals), visibility (an agent of another desk gets 404, a customer goes to the
portal), sanitised HTML bodies with inline images, downloads, and the live refresh's answers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from polydesk.attachments.service import list_attachments
from polydesk.comments.schemas import CommentCreate
from polydesk.comments.service import add_comment
from polydesk.core.actor import SYSTEM, Role
from polydesk.core.clock import utcnow
from polydesk.core.pagination import PageRequest
from polydesk.db.uow import unit_of_work
from polydesk.flows.articles import post_article
from polydesk.flows.commands import ArticleDraft, FileUpload
from polydesk.models.attachments import Attachment
from polydesk.models.users import User
from polydesk.runtime import Runtime
from polydesk.tickets.links import link_tickets
from polydesk.timetracking.service import TimeEntryCreate, log_time
from tests.factories import actor, make_helpdesk, make_ticket, make_user
from tests.web.pages import csrf_token, signed_in

PASSWORD = "correct-horse"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@dataclass
class Case:
    ticket_id: int
    other_id: int  # a ticket in a desk ann cannot read
    linked_id: int
    number: str
    picture_id: int  # the inline image of the HTML article
    secret_id: int  # a file on the internal note


def _case(runtime: Runtime) -> Case:
    with unit_of_work(runtime.factory) as session:
        mine, other = make_helpdesk(session, "Mine"), make_helpdesk(session, "Other")
        ann = make_user(session, Role.AGENT, login="ann", password=PASSWORD, helpdesks=[mine])
        make_user(session, Role.AGENT, login="bob", password=PASSWORD, helpdesks=[other])
        cy = make_user(session, Role.CUSTOMER, login="cy", password=PASSWORD)
        who = actor(session, ann)
        ticket = make_ticket(
            session, title="Printer jam", helpdesk_id=mine.id, requester_id=cy.id, owner_id=ann.id
        )
        linked = make_ticket(session, title="Toner order", helpdesk_id=mine.id)
        hidden = make_ticket(session, title="Payroll question", helpdesk_id=other.id)
        resources = runtime.resources
        html = CommentCreate(
            body='<p onclick="x()">See <img src="cid:shot@mail"> <script>alert(1)</script>'
            '<a href="javascript:evil()">this</a></p>',
            mime_type="text/html",
        )
        post_article(
            session,
            who,
            resources,
            ticket.id,
            ArticleDraft(html, [FileUpload("shot.png", PNG, "image/png")]),
        )
        note = post_article(
            session,
            who,
            resources,
            ticket.id,
            ArticleDraft(
                CommentCreate(body="Internal: call the vendor", is_public=False),
                [FileUpload("quote.txt", b"secret quote", "text/plain")],
            ),
        )
        log_time(
            session,
            who,
            ticket.id,
            TimeEntryCreate(duration_seconds=1800, description="Cleared the jam"),
        )
        link_tickets(session, who, ticket.id, [linked.id])
        add_comment(session, actor(session, cy), ticket.id, CommentCreate(body="Thanks!"))
        files = {f.filename: f for f in _files(session, ticket.id)}
        files["shot.png"].content_id = "<shot@mail>"
        ticket.first_response_due_at = utcnow() - timedelta(hours=1)  # ann answered late
        ticket.update_due_at = utcnow() - timedelta(minutes=5)
        ticket.resolution_due_at = utcnow() + timedelta(minutes=20)
        assert note.id
        return Case(
            ticket.id,
            hidden.id,
            linked.id,
            ticket.number,
            files["shot.png"].id,
            files["quote.txt"].id,
        )


def _files(session: Session, ticket_id: int) -> list[Attachment]:
    return list_attachments(session, SYSTEM, ticket_id, PageRequest(limit=50)).items


def _open(client: TestClient, runtime: Runtime, login: str = "ann") -> tuple[Case, str]:
    case = _case(runtime)
    signed_in(client, login, PASSWORD)
    page = client.get(f"/console/tickets/{case.ticket_id}")
    return case, page.text if page.status_code == 200 else f"{page.status_code}: {page.text}"


def test_the_page_shows_the_ticket_and_its_conversation(
    client: TestClient, runtime: Runtime
) -> None:
    case, html = _open(client, runtime)
    assert f'<span class="number">{case.number}</span> Printer jam' in html
    assert "<dd>Mine · " in html and "<dd>correct" not in html
    # public and internal articles, told apart by class and by a visible badge
    assert html.count('class="article article-public"') == 2
    assert html.count('class="article article-internal"') == 1
    assert '<span class="badge">Internal</span>' in html
    assert "Internal: call the vendor" in html and "Thanks!" in html
    # SLA: first response answered late, the next update overdue, resolution due soon
    assert 'class="due due-late">First response: met late' in html
    assert 'class="due due-breached">Next update: breached' in html
    assert 'class="due due-at_risk">Resolution: due soon' in html
    # files, history, time, links
    assert f'href="/console/attachments/{case.secret_id}" download>quote.txt' in html
    assert "Added an internal note" in html and "Created the ticket</li>" in html
    assert "30 min" in html and "Cleared the jam" in html
    assert f'<a href="/console/tickets/{case.linked_id}">' in html
    assert "Toner order" in html


def test_html_bodies_are_sanitised_and_inline_images_use_the_download_route(
    client: TestClient, runtime: Runtime
) -> None:
    case, html = _open(client, runtime)
    assert "<script>" not in html.split("</head>")[1]
    assert "onclick" not in html and "javascript:" not in html
    assert f'<img src="/console/attachments/{case.picture_id}?inline=1">' in html
    shown = client.get(f"/console/attachments/{case.picture_id}", params={"inline": "1"})
    assert shown.status_code == 200 and shown.content == PNG
    assert shown.headers["content-type"] == "image/png"
    assert shown.headers["content-disposition"].startswith("inline;")
    assert shown.headers["x-content-type-options"] == "nosniff"


def test_downloads_are_attachments_with_the_core_visibility(
    client: TestClient, runtime: Runtime
) -> None:
    case, _ = _open(client, runtime)
    got = client.get(f"/console/attachments/{case.secret_id}", params={"inline": "1"})
    assert got.status_code == 200 and got.content == b"secret quote"
    assert got.headers["content-disposition"] == "attachment; filename*=UTF-8''quote.txt"
    assert got.headers["content-type"] == "application/octet-stream"
    client.post("/signout", data={"csrf_token": csrf_token(client.get("/console").text)})
    signed_in(client, "bob", PASSWORD)  # an agent of another help desk
    assert client.get(f"/console/attachments/{case.secret_id}").status_code == 404
    assert client.get(f"/console/tickets/{case.ticket_id}").status_code == 404


def test_other_desks_tickets_and_bad_ids_are_pages_not_500s(
    client: TestClient, runtime: Runtime
) -> None:
    case, _ = _open(client, runtime)
    hidden = client.get(f"/console/tickets/{case.other_id}")
    assert hidden.status_code == 404 and "Payroll" not in hidden.text
    for bad in ("abc", "0", "-1", "99999999999999999999999"):
        assert client.get(f"/console/tickets/{bad}").status_code in (400, 404), bad
    assert client.get("/console/attachments/xyz").status_code == 400


def test_a_customer_is_sent_to_the_portal(client: TestClient, runtime: Runtime) -> None:
    case = _case(runtime)
    signed_in(client, "cy", PASSWORD)
    answer = client.get(f"/console/tickets/{case.ticket_id}", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/portal"


def test_the_live_region_answers_204_until_the_ticket_changes(
    client: TestClient, runtime: Runtime
) -> None:
    case, html = _open(client, runtime)
    found = re.search(r'hx-get="(/console/tickets/\d+/live\?seen=[^"]+)"', html)
    assert found, html
    poll = found.group(1).replace("&amp;", "&")
    quiet = client.get(poll, headers={"HX-Request": "true"})
    assert quiet.status_code == 204 and quiet.content == b""
    with unit_of_work(runtime.factory) as session:
        cy = actor(session, session.scalars(select(User).where(User.login == "cy")).one())
        add_comment(session, cy, case.ticket_id, CommentCreate(body="Still jammed"))
    changed = client.get(poll, headers={"HX-Request": "true"})
    assert changed.status_code == 200 and "Still jammed" in changed.text
    assert "<html" not in changed.text and 'id="ticket-live"' in changed.text
    assert client.get(f"/console/tickets/{case.other_id}/live?seen=x").status_code == 404
    assert """hx-headers='{"X-Polydesk-Background": "1"}'""" in html  # polls are no activity


def test_the_page_stays_within_the_weight_budget(client: TestClient, runtime: Runtime) -> None:
    _, html = _open(client, runtime)
    css = client.get("/static/polydesk.css").content
    js = client.get("/static/htmx.min.js").content
    assert len(html.encode()) + len(css) + len(js) < 100 * 1024
