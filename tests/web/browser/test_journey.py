"""Issue 18's journey, every step by a person in the browser: a customer opens a request with an
attachment in the portal; an agent finds it in the console, replies and proposes a solution
from the ticket page; the customer sees the reply and accepts the solution, which closes it."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from tests.web.browser.conftest import AGENT, CUSTOMER, Site, Tab, sign_in

pytestmark = pytest.mark.xdist_group("browser")

TITLE = "Docking station drops the network"
REPLY = "Please unplug the dock for ten seconds; we pushed a firmware update."
SOLUTION = "Dock firmware 3.1 installed remotely; the link stays up now."


def _customer_opens(page: Any) -> int:
    sign_in(page, *CUSTOMER)
    page.wait_for_url("**/portal")
    page.get_by_role("link", name="New request").click()
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Description").fill("The network drops every time the laptop wakes.")
    page.get_by_label("Help desk").select_option(label="IT Support")
    page.get_by_label("Attachments").set_input_files(
        {"name": "dock.log", "mimeType": "text/plain", "buffer": b"link down 09:14"}
    )
    page.get_by_role("button", name="Send request").click()
    page.wait_for_url(re.compile(r"/portal/tickets/\d+$"))
    return int(page.url.rsplit("/", 1)[1])


def _agent_answers(page: Any, ticket_id: int) -> None:
    sign_in(page, *AGENT)
    page.wait_for_url("**/console")
    page.get_by_label("Search").fill(TITLE)
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name=TITLE).click()
    page.wait_for_url(f"**/console/tickets/{ticket_id}")
    assert page.get_by_role("link", name="dock.log").first.is_visible()
    page.get_by_label("Reply", exact=True).fill(REPLY)
    page.get_by_role("button", name="Send reply").click()
    page.wait_for_url(re.compile(rf"/console/tickets/{ticket_id}"))
    page.get_by_label("Solution", exact=True).fill(SOLUTION)
    page.get_by_role("button", name="Propose solution").click()
    page.wait_for_url(re.compile(rf"/console/tickets/{ticket_id}"))


def test_a_request_from_the_portal_is_answered_in_the_console_and_solved(
    tab: Tab, browser: Any, site: Site
) -> None:
    ticket_id = _customer_opens(tab.page)
    agent = browser.new_context(base_url=site.base, viewport={"width": 1280, "height": 800})
    agent.set_default_timeout(15_000)
    try:
        _agent_answers(agent.new_page(), ticket_id)
    finally:
        agent.close()

    page = tab.page
    page.goto(f"/portal/tickets/{ticket_id}")
    assert page.get_by_text(REPLY).is_visible() and page.get_by_text(SOLUTION).is_visible()
    page.get_by_role("button", name="Accept solution").click()
    page.wait_for_load_state()
    assert not page.get_by_role("button", name="Accept solution").is_visible()
    native = httpx.get(f"{site.base}/polydesk/v1/tickets/{ticket_id}", auth=CUSTOMER, timeout=30)
    assert native.json()["status"]["category"] == "closed"
    assert tab.errors == []
