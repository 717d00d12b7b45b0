"""Who reaches the admin pages: admins; agents get a 403 page, customers go to the portal,
visitors to the sign-in form; a form without its CSRF token changes nothing."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.web.admin.conftest import PASSWORD, Admin
from tests.web.pages import signed_in

PAGES = [
    "/admin", "/admin/users", "/admin/users/new", "/admin/groups", "/admin/groups/new",
    "/admin/companies", "/admin/companies/new", "/admin/locations", "/admin/locations/new",
    "/admin/helpdesks", "/admin/helpdesks/new",
]  # fmt: skip


@pytest.mark.parametrize("path", PAGES)
def test_every_admin_page_opens_for_an_admin(admin: Admin, path: str) -> None:
    answer = admin.client.get(path)
    assert answer.status_code == 200, answer.text
    assert '<a href="/admin" aria-current="page">Admin</a>' in answer.text
    assert answer.headers["Content-Security-Policy"].startswith("default-src 'self'")


def test_an_agent_gets_a_403_page_and_no_admin_link(client: TestClient, people: int) -> None:
    signed_in(client, "ann", PASSWORD)
    assert 'href="/admin"' not in client.get("/console").text
    for path in ("/admin", "/admin/users", "/admin/helpdesks/1"):
        answer = client.get(path)
        assert answer.status_code == 403
        assert "Administrator rights required." in answer.text


def test_an_agent_cannot_post_an_admin_form(client: TestClient, people: int) -> None:
    token = signed_in(client, "ann", PASSWORD)
    data = {"csrf_token": token, "login": "sneaky", "role": "admin", "password": "x"}
    assert client.post("/admin/users", data=data).status_code == 403
    found = client.get("/polydesk/v1/users", params={"q": "sneaky"}, auth=("boss", PASSWORD))
    assert found.status_code == 200 and found.json()["items"] == []


def test_a_customer_goes_to_the_portal(client: TestClient, people: int) -> None:
    signed_in(client, "cy", PASSWORD)
    answer = client.get("/admin/users", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/portal"


def test_a_visitor_signs_in_first(client: TestClient, people: int) -> None:
    answer = client.get("/admin/groups", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/?next=%2Fadmin%2Fgroups"


def test_a_form_without_its_token_is_refused_and_changes_nothing(admin: Admin) -> None:
    answer = admin.client.post("/admin/groups", data={"name": "Ghosts"})
    assert answer.status_code == 403 and "Request refused" in answer.text
    answer = admin.client.post("/admin/groups", data={"name": "Ghosts", "csrf_token": "forged"})
    assert answer.status_code == 403
    assert "Ghosts" not in admin.client.get("/admin/groups").text


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/admin/users?page=0", 400),
        ("/admin/users?page=abc", 400),
        ("/admin/users?role=wizard", 400),
        ("/admin/users/abc", 400),
        ("/admin/users/999999", 404),
        ("/admin/groups/999999", 404),
        ("/admin/helpdesks/0", 400),
        ("/admin/companies/999999", 404),
        ("/admin/locations/999999", 404),
    ],
)
def test_bad_addresses_get_a_page_never_a_500(admin: Admin, path: str, status: int) -> None:
    answer = admin.client.get(path)
    assert answer.status_code == status
    assert "<h1>" in answer.text
