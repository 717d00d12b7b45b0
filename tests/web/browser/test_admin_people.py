"""The admin pages of people and structure in a real browser: an admin makes a help desk and
an agent in it with a password, and that agent signs in and lands on the console; a refused
form shows the message by its field; the users list reads at phone width."""

from __future__ import annotations

import httpx
import pytest

from tests.web.browser.conftest import ADMIN_PASSWORD, Site, Tab, sign_in

pytestmark = pytest.mark.xdist_group("browser")

ADMIN = ("admin", ADMIN_PASSWORD)


def test_an_admin_makes_a_help_desk_and_an_agent_who_signs_in(tab: Tab, site: Site) -> None:
    page = tab.page
    sign_in(page, *ADMIN)
    page.wait_for_url("**/console")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Admin").click()
    page.wait_for_url("**/admin")
    page.get_by_role("link", name="Help desks").click()
    page.get_by_role("link", name="New help desk").click()
    page.get_by_label("Name").fill("Night desk")
    page.get_by_label("Assignment engine").select_option("round_robin")
    page.get_by_label("Levels").fill("Front line\nSpecialists")
    page.get_by_role("button", name="Create help desk").click()
    page.wait_for_url("**/admin/helpdesks/*?saved=1")
    assert page.get_by_role("status").inner_text() == "Saved."

    page.get_by_role("link", name="Administration").click()
    page.get_by_role("link", name="Users").click()
    page.get_by_role("link", name="New user").click()
    page.get_by_label("Login").fill("nina")
    page.get_by_label("Role").select_option("agent")
    page.get_by_label("First name").fill("Nina")
    page.get_by_label("Last name").fill("Night")
    page.get_by_label("Password").fill("owl-hours-7")
    page.get_by_label("Night desk").select_option(label="Read and write")
    page.get_by_role("button", name="Create user").click()
    page.wait_for_url("**/admin/users/*?saved=1")

    members = httpx.get(f"{site.base}/polydesk/v1/helpdesks", auth=ADMIN, timeout=30).json()
    desk = next(item for item in members["items"] if item["name"] == "Night desk")
    answer = httpx.get(f"{site.base}/polydesk/v1/helpdesks/{desk['id']}/members", auth=ADMIN)
    assert [(m["login"], m["writable"], m["level"]) for m in answer.json()] == [("nina", True, 1)]

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{site.base}/")
    sign_in(page, "nina", "owl-hours-7")
    page.wait_for_url("**/console")
    assert "Signed in as Nina Night" in page.inner_text("header")
    assert page.get_by_role("link", name="Admin").count() == 0
    assert tab.errors == []


def test_a_refused_form_shows_the_message_by_its_field_at_phone_width(tab: Tab) -> None:
    page = tab.page
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, *ADMIN)
    page.wait_for_url("**/console")
    page.goto("/admin/users/new")
    page.get_by_label("Login").fill("agent")  # the demo's agent: taken
    page.get_by_role("button", name="Create user").click()
    login = page.get_by_label("Login")
    assert login.get_attribute("aria-invalid") == "true"
    assert page.locator("#login-error").inner_text() == "Login 'agent' is already in use."
    page.goto("/admin/users?role=agent")
    row = page.locator("tbody tr").first
    assert row.bounding_box()["width"] <= 390  # type: ignore[index]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # Chromium logs the refused form's 422 answer; nothing else may fail.
    assert [error for error in tab.errors if "status of 422" not in error] == []
