"""The portal's ticket page: the public part only (authz.parts), the same 404 as the API for
another customer's ticket, files through a portal route with the same visibility, replies on
own and company tickets (an observer only reads), and a fixed number of queries."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from polydesk.comments.schemas import CommentCreate
from polydesk.db.uow import unit_of_work
from polydesk.flows.articles import post_article
from polydesk.flows.commands import ArticleDraft, OpenTicket
from polydesk.flows.opening import open_ticket
from polydesk.runtime import Runtime
from polydesk.tickets.schemas import TicketCreate
from polydesk.users.service import require_user
from tests.factories import actor
from tests.queries import sql_statements
from tests.web.pages import signed_in
from tests.web.portal.world import INTERNAL_TEXT, PASSWORD, PUBLIC_TEXT, build


def _page(client: TestClient, ticket_id: int) -> str:
    answer = client.get(f"/portal/tickets/{ticket_id}")
    assert answer.status_code == 200, answer.text
    return answer.text


def _native_comments(client: TestClient, login: str, ticket_id: int) -> list[dict[str, object]]:
    answer = client.get(f"/polydesk/v1/tickets/{ticket_id}/comments", auth=(login, PASSWORD))
    assert answer.status_code == 200, answer.text
    items: list[dict[str, object]] = answer.json()["items"]
    return items


def test_the_requester_reads_the_public_part_only(client: TestClient, runtime: Runtime) -> None:
    world = build(runtime)
    signed_in(client, "cy", PASSWORD)
    html = _page(client, world.ticket_id)
    assert "Printer jam" in html and "The printer on floor 2 jams." in html
    assert PUBLIC_TEXT in html and "toner.txt" in html
    assert INTERNAL_TEXT not in html and "contract.txt" not in html
    assert f"/portal/attachments/{world.public_file_id}" in html
    assert f"/portal/attachments/{world.internal_file_id}" not in html
    assert f'action="/portal/tickets/{world.ticket_id}/reply"' in html
    # The portal list links the ticket to this page.
    assert f'href="/portal/tickets/{world.ticket_id}"' in client.get("/portal").text


def test_files_download_with_the_same_visibility(client: TestClient, runtime: Runtime) -> None:
    world = build(runtime)
    signed_in(client, "cy", PASSWORD)
    public = client.get(f"/portal/attachments/{world.public_file_id}")
    assert public.status_code == 200 and public.content == b"toner log"
    assert public.headers["content-disposition"].startswith("attachment;")
    internal = client.get(f"/portal/attachments/{world.internal_file_id}")
    assert internal.status_code == 404 and b"secret terms" not in internal.content
    assert client.get("/portal/attachments/999999").status_code == 404


def test_another_customers_ticket_is_not_found(client: TestClient, runtime: Runtime) -> None:
    world = build(runtime)
    signed_in(client, "dee", PASSWORD)
    page = client.get(f"/portal/tickets/{world.ticket_id}")
    native = client.get(f"/polydesk/v1/tickets/{world.ticket_id}", auth=("dee", PASSWORD))
    assert page.status_code == native.status_code == 404
    assert "Printer jam" not in page.text and PUBLIC_TEXT not in page.text
    assert client.get(f"/portal/attachments/{world.public_file_id}").status_code == 404
    assert client.get("/portal/tickets/0").status_code == 400  # not an id: a 400 page


def test_an_observer_reads_but_cannot_reply(client: TestClient, runtime: Runtime) -> None:
    world = build(runtime)
    token = signed_in(client, "obs", PASSWORD)
    html = _page(client, world.ticket_id)
    assert PUBLIC_TEXT in html and "/reply" not in html and "You follow this request" in html
    before = len(_native_comments(client, "ann", world.ticket_id))
    answer = client.post(
        f"/portal/tickets/{world.ticket_id}/reply", data={"csrf_token": token, "body": "Me too"}
    )
    assert answer.status_code == 403 and "may not write" in answer.text
    assert len(_native_comments(client, "ann", world.ticket_id)) == before


def test_the_requester_replies_with_files(client: TestClient, runtime: Runtime) -> None:
    world = build(runtime)
    token = signed_in(client, "cy", PASSWORD)
    answer = client.post(
        f"/portal/tickets/{world.ticket_id}/reply",
        data={"csrf_token": token, "body": "Still jams after the toner change."},
        files=[
            ("files", ("photo.png", b"\x89PNG fake", "image/png")),
            ("files", ("log.txt", b"jam at 10:02", "text/plain")),
        ],
        follow_redirects=False,
    )
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/portal/tickets/{world.ticket_id}#conversation"
    native = _native_comments(client, "cy", world.ticket_id)[-1]
    assert native["body"] == "Still jams after the toner change." and native["is_public"]
    assert native["author_id"] == world.cy_id
    files = client.get(
        f"/polydesk/v1/tickets/{world.ticket_id}/attachments", auth=("cy", PASSWORD)
    ).json()["items"]
    assert {f["filename"] for f in files if f["comment_id"] == native["id"]} == {
        "photo.png", "log.txt",
    }  # fmt: skip
    html = _page(client, world.ticket_id)
    assert "Still jams after the toner change." in html and "photo.png" in html


def test_a_company_colleague_replies_and_bad_replies_change_nothing(
    client: TestClient, runtime: Runtime
) -> None:
    world = build(runtime)
    token = signed_in(client, "co", PASSWORD)
    url = f"/portal/tickets/{world.ticket_id}/reply"
    before = len(_native_comments(client, "ann", world.ticket_id))
    assert client.post(url, data={"csrf_token": token, "body": "   "}).status_code == 400
    assert client.post(url, data={"body": "no token"}).status_code == 403
    too_big = [("files", ("big.bin", b"x" * (runtime.settings.max_upload_bytes + 1)))]
    refused = client.post(url, data={"csrf_token": token, "body": "big"}, files=too_big)
    assert refused.status_code == 413 and "exceeds" in refused.text
    assert len(_native_comments(client, "ann", world.ticket_id)) == before
    done = client.post(url, data={"csrf_token": token, "body": "Same on floor 3."})
    assert done.status_code == 200 and "Same on floor 3." in done.text  # followed to the page
    assert len(_native_comments(client, "ann", world.ticket_id)) == before + 1


def test_the_page_costs_the_same_queries_however_long_the_thread(
    client: TestClient, runtime: Runtime
) -> None:
    world = build(runtime)
    signed_in(client, "cy", PASSWORD)
    _page(client, world.ticket_id)  # warm up: the session's first request writes activity
    with sql_statements(runtime.engine) as short:
        _page(client, world.ticket_id)
    with unit_of_work(runtime.factory) as session:
        ann = actor(session, require_user(session, world.agent_id))
        for number in range(15):
            draft = ArticleDraft(CommentCreate(body=f"Update {number}"))
            post_article(session, ann, runtime.resources, world.ticket_id, draft)
    with sql_statements(runtime.engine) as long:
        html = _page(client, world.ticket_id)
    assert "Update 14" in html
    assert len(long) == len(short)


def test_the_page_with_its_css_and_js_stays_under_100_kb(
    client: TestClient, runtime: Runtime
) -> None:
    world = build(runtime)
    with unit_of_work(runtime.factory) as session:
        ann = actor(session, require_user(session, world.agent_id))
        for number in range(20):
            draft = ArticleDraft(CommentCreate(body=f"Reply {number}: " + "word " * 60))
            post_article(session, ann, runtime.resources, world.ticket_id, draft)
    signed_in(client, "cy", PASSWORD)
    page = client.get(f"/portal/tickets/{world.ticket_id}")
    assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', page.text)
    assert len(assets) == 2
    weight = len(page.content) + sum(len(client.get(asset).content) for asset in assets)
    assert weight < 100 * 1024, weight
    assert page.headers["content-security-policy"].startswith("default-src 'self'")


def test_an_opening_article_is_not_shown_twice(client: TestClient, runtime: Runtime) -> None:
    """A ticket opened with its first article (Znuny's TicketCreate) carries the same text as
    its description: the thread shows it once."""
    world = build(runtime)
    with unit_of_work(runtime.factory) as session:
        cy = actor(session, require_user(session, world.cy_id))
        text = "Opened by mail: the scanner is offline."
        command = OpenTicket(
            ticket=TicketCreate(title="Scanner", description=text),
            articles=[ArticleDraft(CommentCreate(body=text))],
        )
        ticket_id = open_ticket(session, cy, runtime.resources, command).ticket.id
    signed_in(client, "cy", PASSWORD)
    assert _page(client, ticket_id).count(text) == 1
