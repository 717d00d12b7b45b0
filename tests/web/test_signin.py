"""Signing in and out of the web UI, in process: the form at /, cookies, landing pages,
the shared failed-login throttle, CSRF on the sign-in and sign-out forms, session expiry."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select

from polydesk.app import create_app
from polydesk.core.actor import SYSTEM, Role
from polydesk.core.clock import frozen, utcnow
from polydesk.db.uow import unit_of_work
from polydesk.models.credentials import WebSession
from polydesk.runtime import Runtime
from polydesk.users.lifecycle import set_user_enabled
from tests.factories import make_user
from tests.web.pages import csrf_token, sign_in, signed_in

PASSWORD = "correct-horse"


def _users(runtime: Runtime) -> dict[str, int]:
    with unit_of_work(runtime.factory) as session:
        return {
            login: make_user(session, role, login=login, password=PASSWORD).id
            for login, role in (("ann", Role.AGENT), ("cy", Role.CUSTOMER), ("ad", Role.ADMIN))
        }


def _session_ids(runtime: Runtime) -> list[str]:
    with unit_of_work(runtime.factory) as session:
        return list(session.scalars(select(WebSession.id)))


def test_the_sign_in_page_is_at_the_root(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    for part in ('<label for="login">Login</label>', '<label for="password">Password</label>',
                 '<button type="submit">Sign in</button>', '<main id="main"'):  # fmt: skip
        assert part in page.text
    cookie = page.headers["set-cookie"]
    assert "polydesk_signin=" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]


def test_agents_and_admins_land_in_the_console_customers_in_the_portal(
    client: TestClient, runtime: Runtime
) -> None:
    _users(runtime)
    for login, home in (("ann", "/console"), ("ad", "/console"), ("cy", "/portal")):
        client.cookies.clear()
        answer = sign_in(client, login, PASSWORD)
        assert (answer.status_code, answer.headers["location"]) == (303, home)
        assert client.get(home).status_code == 200
        other = "/portal" if home == "/console" else "/console"
        moved = client.get(other, follow_redirects=False)
        assert (moved.status_code, moved.headers["location"]) == (303, home)
        assert client.get("/", follow_redirects=False).headers["location"] == home


def test_the_session_cookie_is_http_only_lax_and_stored_as_a_digest(
    client: TestClient, runtime: Runtime
) -> None:
    _users(runtime)
    answer = sign_in(client, "ann", PASSWORD)
    cookie = next(c for c in answer.headers.get_list("set-cookie") if "polydesk_session" in c)
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" not in cookie
    token = client.cookies["polydesk_session"]
    assert _session_ids(runtime) == [hashlib.sha256(token.encode()).hexdigest()]


def test_over_https_the_cookie_is_secure(runtime: Runtime) -> None:
    _users(runtime)
    with TestClient(create_app(runtime=runtime), base_url="https://testserver") as client:
        answer = sign_in(client, "ann", PASSWORD)
    cookie = next(c for c in answer.headers.get_list("set-cookie") if "polydesk_session" in c)
    assert "Secure" in cookie


def test_a_wrong_password_shows_an_error_and_starts_nothing(
    client: TestClient, runtime: Runtime
) -> None:
    _users(runtime)
    answers = [sign_in(client, login, "nope") for login in ("ann", "nobody")]
    for answer in answers:
        assert answer.status_code == 401
        assert 'role="alert">Wrong login or password.</p>' in answer.text
    assert "polydesk_session" not in client.cookies and _session_ids(runtime) == []
    empty = sign_in(client, "", "")
    assert empty.status_code == 400 and "Enter your login and password" in empty.text


def test_failed_sign_ins_are_throttled_like_every_other_login(runtime: Runtime) -> None:
    _users(runtime)
    app = create_app(runtime=runtime)
    with (
        TestClient(app, client=("10.1.1.1", 40000)) as guesser,
        TestClient(app, client=("10.2.2.2", 40000)) as other,
    ):
        for n in range(5):
            assert sign_in(guesser, "ann", f"guess{n}").status_code == 401
        locked = sign_in(guesser, "ann", PASSWORD)
        assert locked.status_code == 429 and int(locked.headers["Retry-After"]) >= 1
        assert "Too many failed sign-ins" in locked.text
        assert sign_in(other, "ann", PASSWORD).status_code == 303
        # The same counters as the native API: the login is locked there too, from there.
        native = guesser.get("/polydesk/v1/tickets", auth=("ann", PASSWORD))
        assert native.status_code == 429


def test_the_sign_in_form_needs_its_token(client: TestClient, runtime: Runtime) -> None:
    _users(runtime)
    client.get("/")
    form = {"login": "ann", "password": PASSWORD}
    for token in (None, "forged"):
        data = form if token is None else {**form, "csrf_token": token}
        refused = client.post("/signin", data=data, follow_redirects=False)
        assert refused.status_code == 403 and "Request refused" in refused.text
    assert _session_ids(runtime) == []


def test_sign_in_returns_to_the_page_asked_for_on_this_site_only(
    client: TestClient, runtime: Runtime
) -> None:
    _users(runtime)
    bounced = client.get("/console?status=any", follow_redirects=False)
    assert bounced.headers["location"] == "/?next=%2Fconsole%3Fstatus%3Dany"
    cases = {"/console?status=any": "/console?status=any", "https://evil.example/": "/console",
             "//evil.example/console": "/console", "/portal": "/console"}  # fmt: skip
    for wanted, landing in cases.items():
        client.cookies.clear()
        answer = sign_in(client, "ann", PASSWORD, wanted=wanted)
        assert answer.headers["location"] == landing


def test_an_oversized_next_is_a_400_page(client: TestClient) -> None:
    page = client.get("/", params={"next": "/console?" + "x" * 3000})
    assert page.status_code == 400 and 'role="alert"' in page.text


def test_sign_out_ends_the_session(client: TestClient, runtime: Runtime) -> None:
    _users(runtime)
    token = signed_in(client, "ann", PASSWORD)
    cookie = client.cookies["polydesk_session"]
    out = client.post("/signout", data={"csrf_token": token}, follow_redirects=False)
    assert (out.status_code, out.headers["location"]) == (303, "/")
    assert _session_ids(runtime) == []
    client.cookies.set("polydesk_session", cookie)  # a copy of the old cookie is worth nothing
    assert client.get("/console", follow_redirects=False).headers["location"].startswith("/?")


def test_a_post_without_the_session_token_is_403_and_changes_nothing(
    client: TestClient, runtime: Runtime
) -> None:
    _users(runtime)
    token = signed_in(client, "ann", PASSWORD)
    before = _session_ids(runtime)
    for data, headers in (({}, {}), ({"csrf_token": "x" + token}, {}),
                          ({"csrf_token": token}, {"X-CSRF-Token": "wrong"})):  # fmt: skip
        refused = client.post("/signout", data=data, headers=headers, follow_redirects=False)
        assert refused.status_code == 403, refused.text
    assert _session_ids(runtime) == before
    assert client.get("/console").status_code == 200


def test_htmx_sends_the_token_as_a_header_and_is_redirected_whole(
    client: TestClient, runtime: Runtime
) -> None:
    _users(runtime)
    token = signed_in(client, "ann", PASSWORD)
    htmx = {"HX-Request": "true", "X-CSRF-Token": token}
    out = client.post("/signout", headers=htmx, follow_redirects=False)
    assert (out.status_code, out.headers["HX-Redirect"]) == (200, "/")
    again = client.get("/console", headers={"HX-Request": "true"}, follow_redirects=False)
    assert again.headers["HX-Redirect"] == "/?next=%2Fconsole"


def test_an_idle_session_expires(client: TestClient, runtime: Runtime) -> None:
    _users(runtime)
    idle = timedelta(seconds=runtime.settings.web_session_idle_seconds)
    start = utcnow()
    with frozen(start):
        signed_in(client, "ann", PASSWORD)
    with frozen(start + idle - timedelta(seconds=5)):
        assert client.get("/console", follow_redirects=False).status_code == 200
    with frozen(start + 2 * idle):
        expired = client.get("/console", follow_redirects=False)
    assert (expired.status_code, expired.headers["location"]) == (303, "/?next=%2Fconsole")


def test_disabling_a_user_ends_their_web_session(client: TestClient, runtime: Runtime) -> None:
    users = _users(runtime)
    signed_in(client, "ann", PASSWORD)
    with unit_of_work(runtime.factory) as session:
        set_user_enabled(session, SYSTEM, users["ann"], enabled=False)
    assert client.get("/console", follow_redirects=False).status_code == 303
    assert _session_ids(runtime) == []
    refused = sign_in(client, "ann", PASSWORD)
    assert refused.status_code == 401
    assert csrf_token(refused.text)  # the form is shown again, ready for another try
