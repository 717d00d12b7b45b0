"""The web UI in a real browser (Chromium) against a real server: signing in lands each role
on its page, showing exactly what the native API shows the same user; failed sign-ins are
refused, then throttled; a form without its CSRF token is refused and changes nothing; an
expired session and a signed-out one go back to the sign-in page; search works through htmx
under the Content-Security-Policy; the console reads at phone width."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import update

from polydesk.db.engine import make_engine
from polydesk.models.credentials import WebSession
from tests.web.browser.conftest import (
    ADMIN_PASSWORD,
    AGENT,
    CUSTOMER,
    NO_DESK,
    Site,
    Tab,
    sign_in,
)

# One xdist worker runs them all (scripts/test passes --dist loadgroup): one server, one browser.
pytestmark = pytest.mark.xdist_group("browser")

NUMBERS = "td[data-label='Number']"
ADMIN = ("admin", ADMIN_PASSWORD)


def _native(site: Site, login: tuple[str, str], **params: str) -> list[str]:
    answer = httpx.get(f"{site.base}/polydesk/v1/tickets", params=params, auth=login, timeout=30)
    assert answer.status_code == 200, answer.text
    return [item["number"] for item in answer.json()["items"]]


def _shown(tab: Tab) -> list[str]:
    return [cell.strip() for cell in tab.page.locator(NUMBERS).all_inner_texts()]


def test_an_agent_lands_in_the_console_and_sees_what_the_api_shows(tab: Tab, site: Site) -> None:
    sign_in(tab.page, *AGENT)
    tab.page.wait_for_url("**/console")
    assert tab.page.get_by_role("heading", name="Tickets").is_visible()
    assert "Signed in as Alex Morgan" in tab.page.inner_text("header")
    tab.page.get_by_label("Status").select_option("any")
    tab.page.get_by_label("Sort by").select_option("number")
    tab.page.get_by_label("Order").select_option("asc")
    tab.page.get_by_role("button", name="Search").click()
    tab.page.wait_for_url(re.compile(r"sort=number"))
    shown = _shown(tab)
    assert shown and shown == _native(site, AGENT, sort="number", order="asc", limit="25")
    desks = set(tab.page.locator("td[data-label='Help desk']").all_inner_texts())
    assert desks <= {"IT Support", "Facilities"}  # the demo agent's own help desks
    assert tab.errors == []


def test_a_customer_lands_in_the_portal_and_sees_only_their_own(tab: Tab, site: Site) -> None:
    """Their own requests and, as the demo customer's account allows (``sees_company_tickets``),
    their company's: exactly what the native API lists for them, nothing of other companies."""
    sign_in(tab.page, *CUSTOMER)
    tab.page.wait_for_url("**/portal")
    assert tab.page.get_by_role("heading", name="My tickets").is_visible()
    shown = set(_shown(tab))
    assert shown and shown == set(_native(site, CUSTOMER, limit="50"))
    me = httpx.get(f"{site.base}/polydesk/v1/me", auth=CUSTOMER, timeout=30).json()
    everything = httpx.get(
        f"{site.base}/polydesk/v1/tickets", params={"limit": "50"}, auth=ADMIN, timeout=30
    ).json()["items"]
    mine = {t["number"] for t in everything
            if me["id"] == t["requester_id"] or me["company_id"] == t["company_id"]}  # fmt: skip
    assert shown == mine and len(everything) > len(mine)


def test_an_agent_without_a_help_desk_sees_no_tickets(tab: Tab, site: Site) -> None:
    sign_in(tab.page, *NO_DESK)
    tab.page.wait_for_url("**/console")
    tab.page.get_by_label("Status").select_option("any")
    tab.page.get_by_role("button", name="Search").click()
    tab.page.wait_for_url(re.compile(r"status=any"))
    assert _shown(tab) == [] == _native(site, NO_DESK)
    assert "0 tickets" in tab.page.inner_text("main")


def test_wrong_passwords_show_an_error_then_are_throttled(tab: Tab) -> None:
    for attempt in range(5):
        sign_in(tab.page, "ghost", f"guess-{attempt}")
        assert tab.page.get_by_role("alert").inner_text() == "Wrong login or password."
    assert tab.page.get_by_label("Login").input_value() == "ghost"
    sign_in(tab.page, "ghost", "guess-5")
    assert "Too many failed sign-ins" in tab.page.get_by_role("alert").inner_text()


def test_a_form_without_its_csrf_token_is_refused_and_changes_nothing(tab: Tab) -> None:
    sign_in(tab.page, *AGENT)
    tab.page.wait_for_url("**/console")
    tab.page.locator("form.who input[name='csrf_token']").evaluate("input => input.remove()")
    tab.page.get_by_role("button", name="Sign out").click()
    assert tab.page.get_by_role("heading", name="Request refused").is_visible()
    tab.page.goto("/console")
    assert tab.page.url.endswith("/console")  # still signed in: the sign-out did not happen
    assert tab.page.get_by_role("button", name="Sign out").is_visible()


def test_an_expired_session_goes_back_to_sign_in(tab: Tab, site: Site) -> None:
    sign_in(tab.page, *AGENT)
    tab.page.wait_for_url("**/console")
    cookie = next(c for c in tab.page.context.cookies() if c["name"] == "polydesk_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
    digest = hashlib.sha256(cookie["value"].encode()).hexdigest()
    engine = make_engine(site.database_url)
    with engine.begin() as connection:
        ended = datetime.now(UTC) - timedelta(seconds=1)
        done = connection.execute(
            update(WebSession).where(WebSession.id == digest).values(expires_at=ended)
        )
        assert done.rowcount == 1
    engine.dispose()
    tab.page.reload()
    assert re.search(r"/\?next=%2Fconsole$", tab.page.url)
    assert tab.page.get_by_role("heading", name="Sign in").is_visible()


def test_sign_out_ends_the_session(tab: Tab) -> None:
    sign_in(tab.page, *CUSTOMER)
    tab.page.wait_for_url("**/portal")
    old = [c for c in tab.page.context.cookies() if c["name"] == "polydesk_session"]
    tab.page.get_by_role("button", name="Sign out").click()
    tab.page.wait_for_url(re.compile(r"/$"))
    tab.page.context.add_cookies(old)  # the old cookie, kept by someone, opens nothing
    tab.page.goto("/portal")
    assert tab.page.get_by_role("heading", name="Sign in").is_visible()


def test_search_swaps_the_list_through_htmx_under_the_csp(tab: Tab, site: Site) -> None:
    sign_in(tab.page, *AGENT)
    tab.page.wait_for_url("**/console")
    tab.page.get_by_label("Status").select_option("any")
    first = _native(site, AGENT, limit="1", sort="number")[0]
    detail = httpx.get(
        f"{site.base}/polydesk/v1/tickets", params={"number": first}, auth=AGENT, timeout=30
    ).json()["items"][0]
    word = max(re.findall(r"[A-Za-z]{5,}", detail["title"]), key=len)
    tab.page.get_by_label("Search").fill(word)
    tab.page.get_by_role("button", name="Search").click()
    tab.page.wait_for_url(re.compile(rf"q={word}"))  # htmx pushed the address
    tab.page.wait_for_function(
        "n => [...document.querySelectorAll(\"td[data-label='Number']\")]"
        ".some(td => td.textContent.trim() === n)", arg=first
    )
    assert first in _shown(tab)
    assert tab.page.evaluate("typeof htmx") == "object"
    assert tab.errors == []  # no CSP violation, no script error


def test_the_console_reads_at_phone_width(tab: Tab) -> None:
    tab.page.set_viewport_size({"width": 375, "height": 740})
    sign_in(tab.page, *AGENT)
    tab.page.wait_for_url("**/console")
    overflow = tab.page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    assert tab.page.get_by_role("link", name="Skip to main content").count() == 1
    assert tab.page.locator(NUMBERS).first.is_visible()
