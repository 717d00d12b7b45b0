"""Ticket actions and the console's queues in a real browser (slice T2): an agent takes an
unassigned ticket and changes its status from its action forms; a bulk change of two tickets
from the list; the "Mine" count follows. Values are read back through the native API."""

from __future__ import annotations

import re

import httpx
import pytest

from tests.web.browser.conftest import AGENT, Site, Tab, sign_in

pytestmark = pytest.mark.xdist_group("browser")

PICKS = "td.pick input[type=checkbox]"


def _ticket(site: Site, ticket_id: str) -> dict[str, object]:
    answer = httpx.get(f"{site.base}/polydesk/v1/tickets/{ticket_id}", auth=AGENT, timeout=30)
    assert answer.status_code == 200, answer.text
    data: dict[str, object] = answer.json()
    return data


def _open_unassigned(site: Site, title: str) -> str:
    """A new, unassigned ticket in the demo agent's help desk, opened through the native API."""
    desks = httpx.get(f"{site.base}/polydesk/v1/helpdesks", auth=AGENT, timeout=30).json()
    desk = next(d["id"] for d in desks["items"] if d["name"] == "IT Support")
    made = httpx.post(f"{site.base}/polydesk/v1/tickets", auth=AGENT, timeout=30,
                      json={"title": title, "helpdesk_id": desk})  # fmt: skip
    assert made.status_code == 201, made.text
    ticket_id = str(made.json()["id"])
    if made.json()["owner_id"] is not None:  # the desk's assignment engine gave it one
        cleared = httpx.patch(f"{site.base}/polydesk/v1/tickets/{ticket_id}", auth=AGENT,
                              timeout=30, json={"owner_id": None})  # fmt: skip
        assert cleared.status_code == 200, cleared.text
    return ticket_id


def _mine(tab: Tab) -> int:
    return int(tab.page.locator("[data-queue='mine']").inner_text())


def test_an_agent_takes_a_ticket_and_changes_its_status(tab: Tab, site: Site) -> None:
    ticket_id = _open_unassigned(site, "Monitor flickers")
    sign_in(tab.page, *AGENT)
    tab.page.wait_for_url("**/console")
    tab.page.get_by_role("link", name=re.compile("^Unassigned")).click()
    tab.page.wait_for_url(re.compile(r"view=unassigned"))
    assert ticket_id in tab.page.locator(PICKS).evaluate_all("boxes => boxes.map(b => b.value)")
    tab.page.goto(f"/console/tickets/{ticket_id}/actions")
    tab.page.get_by_role("button", name="Take it").click()
    tab.page.wait_for_load_state()
    assert _ticket(site, ticket_id)["owner_id"] is not None
    assert tab.page.get_by_role("button", name="Take it").count() == 0  # it is the agent's now
    tab.page.get_by_label("Status").select_option(label="Pending")
    tab.page.get_by_role("button", name="Change status").click()
    tab.page.wait_for_load_state()
    assert tab.page.get_by_label("Status").locator("option:checked").inner_text() == "Pending"
    status = _ticket(site, ticket_id)["status"]
    assert isinstance(status, dict) and status["name"] == "Pending"
    assert tab.errors == []


def test_a_bulk_change_of_two_tickets_moves_the_mine_count(tab: Tab, site: Site) -> None:
    chosen = [_open_unassigned(site, "Mouse lag"), _open_unassigned(site, "Keyboard lag")]
    sign_in(tab.page, *AGENT)
    tab.page.goto("/console?view=unassigned")
    before = _mine(tab)
    for ticket_id in chosen:
        tab.page.locator(f"{PICKS}[value='{ticket_id}']").check()
    tab.page.get_by_label("Set state to").select_option(label="Open")
    tab.page.get_by_label("Assign to").select_option(label="Me")
    tab.page.get_by_role("button", name="Apply to selected").click()
    tab.page.wait_for_function(
        "n => document.querySelector(\"[data-queue='mine']\").textContent.trim() == n",
        arg=str(before + 2),
    )
    assert "view=unassigned" in tab.page.url  # back to the list it came from
    for ticket_id in chosen:
        assert ticket_id
        ticket = _ticket(site, ticket_id)
        status = ticket["status"]
        assert isinstance(status, dict) and status["name"] == "Open"
        assert ticket["owner_id"] is not None
    shown = tab.page.locator(PICKS).evaluate_all("boxes => boxes.map(b => b.value)")
    assert not set(chosen) & set(shown)  # no longer unassigned
    assert tab.errors == []
