"""The agent's ticket page in a real browser: an agent opens a ticket from the console list,
replies with a file, sees the reply and its file in the conversation; a second agent with the
same ticket open sees the reply appear without reloading (the htmx live refresh, under the
CSP). The screenshot is the README's ticket page (docs/screenshots/console-ticket.png)."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.web.browser.conftest import ADMIN_PASSWORD, AGENT, SCREENSHOTS, Site, Tab, sign_in

pytestmark = pytest.mark.xdist_group("browser")

DOCS_SHOT = Path(__file__).resolve().parents[3] / "docs" / "screenshots" / "console-ticket.png"


def test_a_reply_with_a_file_shows_up_for_another_agent_live(
    tab: Tab, browser: Any, site: Site
) -> None:
    sign_in(tab.page, *AGENT)
    tab.page.wait_for_url("**/console")
    link = tab.page.locator("td[data-label='Title'] a").first
    title = link.inner_text().strip()
    link.click()
    tab.page.wait_for_url(re.compile(r"/console/tickets/\d+$"))
    assert tab.page.get_by_role("heading", level=1).inner_text().endswith(title)
    address = tab.page.url

    other = browser.new_context(base_url=site.base, viewport={"width": 1280, "height": 800})
    try:
        watcher = other.new_page()
        errors: list[str] = []
        watcher.on("pageerror", lambda error: errors.append(str(error)))
        sign_in(watcher, "admin", ADMIN_PASSWORD)
        watcher.wait_for_url("**/console")
        watcher.goto(address)
        watcher.evaluate("window.stillHere = true")  # a reload or navigation would drop it

        message = "Replaced the fuser; please try printing again."
        tab.page.get_by_label("Reply", exact=True).fill(message)
        tab.page.get_by_label("Attach files").first.set_input_files(
            {"name": "fuser-log.txt", "mimeType": "text/plain", "buffer": b"fuser ok\n"}
        )
        tab.page.get_by_role("button", name="Send reply").click()
        tab.page.wait_for_url(re.compile(r"#conversation$"))
        mine = tab.page.locator("article.article-public", has_text=message)
        assert mine.count() == 1
        assert mine.get_by_role("link", name="fuser-log.txt").is_visible()

        # The other agent's page swaps its live region in place: no navigation, no reload.
        watcher.locator("article", has_text=message).wait_for(timeout=30_000)
        assert watcher.evaluate("window.stillHere === true")
        assert watcher.url == address and errors == []
    finally:
        other.close()
    assert tab.errors == []
    tab.page.set_viewport_size({"width": 1280, "height": 1000})
    tab.page.evaluate("window.scrollTo(0, 0)")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot = SCREENSHOTS / "console-ticket.png"
    tab.page.screenshot(path=str(shot), full_page=False)
    if os.environ.get("POLYDESK_UPDATE_DOC_SCREENSHOTS"):  # a test run leaves the tree clean
        shutil.copyfile(shot, DOCS_SHOT)
    tab.page.set_viewport_size({"width": 375, "height": 740})  # a phone: nothing runs off-screen
    overflow = tab.page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    wide = tab.page.evaluate(
        "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > "
        "document.documentElement.clientWidth + 1).slice(0, 5).map(e => e.tagName + '.' + "
        "e.className + ' ' + Math.round(e.getBoundingClientRect().right))"
    )
    assert overflow <= 0, wide
