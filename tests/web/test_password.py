"""A user an admin gave a temporary password (a forced change) signs in to /password, can
open nothing else, chooses their own password there and signs in again with it."""

from __future__ import annotations

from fastapi.testclient import TestClient

from polydesk.core.actor import Role
from polydesk.db.uow import unit_of_work
from polydesk.models.users import User
from polydesk.runtime import Runtime
from tests.factories import make_user
from tests.web.pages import csrf_token, sign_in

TEMPORARY, OWN = "temporary-pass", "my-own-pass-1"


def _forced_agent(runtime: Runtime) -> int:
    with unit_of_work(runtime.factory) as session:
        user = make_user(session, Role.AGENT, login="tmp", password=TEMPORARY)
        user.must_change_password = True
        return user.id


def test_a_temporary_password_opens_only_the_password_page(
    client: TestClient, runtime: Runtime
) -> None:
    _forced_agent(runtime)
    answer = sign_in(client, "tmp", TEMPORARY)
    assert (answer.status_code, answer.headers["location"]) == (303, "/password")
    moved = client.get("/console", follow_redirects=False)
    assert (moved.status_code, moved.headers["location"]) == (303, "/password")
    page = client.get("/password")
    assert page.status_code == 200 and "Choose your password" in page.text


def test_choosing_a_password_ends_the_session_and_the_new_one_signs_in(
    client: TestClient, runtime: Runtime
) -> None:
    user_id = _forced_agent(runtime)
    sign_in(client, "tmp", TEMPORARY)
    token = csrf_token(client.get("/password").text)
    differ = {"csrf_token": token, "current": TEMPORARY, "new": OWN, "repeat": "other"}
    refused = client.post("/password", data=differ, follow_redirects=False)
    assert refused.status_code == 422 and "differ" in refused.text
    wrong = {"csrf_token": token, "current": "nope", "new": OWN, "repeat": OWN}
    assert client.post("/password", data=wrong, follow_redirects=False).status_code == 422
    good = {"csrf_token": token, "current": TEMPORARY, "new": OWN, "repeat": OWN}
    done = client.post("/password", data=good, follow_redirects=False)
    assert (done.status_code, done.headers["location"]) == (303, "/?changed=1")
    assert "Sign in with the new one" in client.get("/?changed=1").text
    with unit_of_work(runtime.factory) as session:
        assert session.get(User, user_id).must_change_password is False  # type: ignore[union-attr]
    assert client.get("/console", follow_redirects=False).headers["location"].startswith("/?")
    again = sign_in(client, "tmp", OWN)
    assert (again.status_code, again.headers["location"]) == (303, "/console")


def test_the_password_form_checks_its_csrf_token(client: TestClient, runtime: Runtime) -> None:
    _forced_agent(runtime)
    sign_in(client, "tmp", TEMPORARY)
    data = {"current": TEMPORARY, "new": OWN, "repeat": OWN}
    assert client.post("/password", data=data, follow_redirects=False).status_code == 403
    with unit_of_work(runtime.factory) as session:
        assert session.query(User).filter_by(login="tmp").one().must_change_password is True
