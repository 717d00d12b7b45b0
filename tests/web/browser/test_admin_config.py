"""Admin A2 pages in a real browser: an admin creates a ReadyDesk API key (shown once, and it
works against the running server's ReadyDesk API) and a custom field, which shows in the
list and through the native admin API."""

from __future__ import annotations

import httpx
import pytest

from tests.web.browser.conftest import ADMIN_PASSWORD, Site, Tab, sign_in

pytestmark = pytest.mark.xdist_group("browser")

REFUSED_KEY = "Invalid API key or IP address not allowed"


def test_an_admin_makes_an_api_key_and_a_custom_field(tab: Tab, site: Site) -> None:
    page = tab.page
    sign_in(page, "admin", ADMIN_PASSWORD)
    page.goto("/admin/credentials")
    page.get_by_role("link", name="New API key").click()
    page.get_by_label("Dialect").select_option("readydesk")
    page.get_by_label("Acts as (login)").fill("admin")
    page.get_by_role("button", name="Create key").click()
    page.get_by_text("shown this once").wait_for()
    key = page.locator(".cfg-secret code").inner_text().strip()
    answer = httpx.get(
        f"{site.base}/API/default.aspx", params={"key": key, "action": "get_tickets"}, timeout=30
    )
    assert answer.status_code == 200 and REFUSED_KEY not in answer.text
    page.get_by_role("link", name="Back to credentials").click()
    assert key not in page.content()  # listed, never shown again

    page.goto("/admin/custom-fields")
    page.get_by_role("link", name="New custom field").click()
    page.get_by_label("Name (required)").fill("Asset tag")
    page.get_by_label("Type (required)").select_option("list")
    page.get_by_label("Label").fill("Asset tag")
    page.get_by_label("Options").fill("Laptop\nPhone")
    page.get_by_role("button", name="Create").click()
    page.get_by_role("status").filter(has_text="Saved “Asset tag”.").wait_for()
    assert page.get_by_role("link", name="Asset tag").is_visible()
    native = httpx.get(
        f"{site.base}/polydesk/v1/config/custom_fields/Asset%20tag",
        auth=("admin", ADMIN_PASSWORD),
        timeout=30,
    )
    assert native.status_code == 200 and native.json()["options"] == ["Laptop", "Phone"]
    assert tab.errors == []
