"""Helpers for the web UI tests that drive the app in process (TestClient): sign in through
the real form, read a page's CSRF token."""

from __future__ import annotations

import re

import httpx
from fastapi.testclient import TestClient

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_token(html: str) -> str:
    found = TOKEN.search(html)
    assert found, "the page has no CSRF token"
    return found.group(1)


def sign_in(client: TestClient, login: str, password: str, *, wanted: str = "") -> httpx.Response:
    """GET the sign-in page, then POST its form: the answer, not followed."""
    form = client.get("/", follow_redirects=False)
    assert form.status_code == 200, form.text
    data = {"csrf_token": csrf_token(form.text), "login": login, "password": password}
    if wanted:
        data["next"] = wanted
    return client.post("/signin", data=data, follow_redirects=False)


def signed_in(client: TestClient, login: str, password: str) -> str:
    """Sign in (it must work); the CSRF token of the session's pages."""
    answer = sign_in(client, login, password)
    assert answer.status_code == 303, answer.text
    return csrf_token(client.get(answer.headers["location"]).text)
