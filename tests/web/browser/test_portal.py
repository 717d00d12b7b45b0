"""The customer portal in a real browser against a real server: a customer opens a request
with an attachment, finds it in their list and opens its page; an agent's reply (native API)
and a proposed solution (the core's solution service, as InvGate's ``incident.solution.add``
calls it) appear there, and the customer accepts the solution, which closes the request."""

from __future__ import annotations

import re

import httpx
import pytest

from polydesk.authz.actors import actor_for
from polydesk.db.engine import make_engine, make_session_factory
from polydesk.db.uow import unit_of_work
from polydesk.tickets.solution import propose_solution
from polydesk.users.service import get_user_by_login
from tests.web.browser.conftest import AGENT, CUSTOMER, SCREENSHOTS, Site, Tab, sign_in

pytestmark = pytest.mark.xdist_group("browser")

REPLY = "Thanks, we are looking at the docking station now."
SOLUTION = "Firmware 2.4 fixes the flicker; it is installed on your station."


def _propose(site: Site, ticket_id: int) -> None:
    engine = make_engine(site.database_url)
    try:
        with unit_of_work(make_session_factory(engine)) as session:
            agent = get_user_by_login(session, AGENT[0])
            assert agent is not None
            propose_solution(session, actor_for(session, agent), ticket_id, SOLUTION)
    finally:
        engine.dispose()


def test_a_customer_opens_a_request_and_accepts_its_solution(tab: Tab, site: Site) -> None:
    page = tab.page
    sign_in(page, *CUSTOMER)
    page.wait_for_url("**/portal")
    page.get_by_role("link", name="New request").click()
    page.get_by_label("Title").fill("Second monitor flickers")
    page.get_by_label("Description").fill("Since this morning, every few seconds.")
    page.get_by_label("Help desk").select_option(label="IT Support")
    page.get_by_label("Attachments").set_input_files(
        {"name": "flicker.txt", "mimeType": "text/plain", "buffer": b"flicker every 5 s"}
    )
    page.get_by_role("button", name="Send request").click()
    page.wait_for_url(re.compile(r"/portal/tickets/\d+$"))
    ticket_id = int(page.url.rsplit("/", 1)[1])
    assert page.get_by_role("link", name="flicker.txt").is_visible()

    page.get_by_role("link", name="My requests").first.click()
    page.wait_for_url("**/portal")
    page.get_by_role("link", name="Second monitor flickers").click()
    page.wait_for_url(f"**/portal/tickets/{ticket_id}")

    answer = httpx.post(
        f"{site.base}/polydesk/v1/tickets/{ticket_id}/comments",
        json={"body": REPLY}, auth=AGENT, timeout=30,
    )  # fmt: skip
    assert answer.status_code == 201, answer.text
    _propose(site, ticket_id)
    page.reload()
    assert page.get_by_text(REPLY).is_visible() and page.get_by_text(SOLUTION).is_visible()
    assert page.get_by_role("heading", name="A solution was proposed").is_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "portal-ticket.png"), full_page=True)

    page.get_by_label("Comment (optional)").fill("Works again, thank you.")
    page.get_by_role("button", name="Accept solution").click()
    page.wait_for_load_state()
    badge = page.locator(".facts .badge").text_content() or ""  # as written: CSS upper-cases it
    assert badge.strip() == "Closed"
    assert not page.get_by_role("button", name="Accept solution").is_visible()
    native = httpx.get(f"{site.base}/polydesk/v1/tickets/{ticket_id}", auth=CUSTOMER, timeout=30)
    assert native.json()["status"]["category"] == "closed"
    assert tab.errors == []


def test_the_portal_reads_at_phone_width_and_works_by_keyboard(tab: Tab) -> None:
    page = tab.page
    page.set_viewport_size({"width": 375, "height": 740})
    sign_in(page, *CUSTOMER)
    page.wait_for_url("**/portal")
    page.locator("td[data-label='Title'] a").first.click()
    page.wait_for_url(re.compile(r"/portal/tickets/\d+$"))
    overflow = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    assert page.evaluate(overflow) <= 0
    assert page.get_by_role("heading", name="Conversation").is_visible()
    page.get_by_role("link", name="Knowledge base").click()
    page.get_by_label("Search articles").fill("password reset")
    page.keyboard.press("Enter")  # the search form submits from the keyboard
    page.wait_for_url(re.compile(r"/portal/kb\?q=password"))
    assert page.get_by_role("status").inner_text().startswith("0 articles")
    assert page.evaluate(overflow) <= 0
    assert tab.errors == []
