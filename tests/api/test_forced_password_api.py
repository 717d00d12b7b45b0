"""Native API: a temporary password (``must_change_password``). Admins set the mark; the user
is told at ``GET /me`` and refused everything else (403 ``auth.password_change_required``,
with a password or a token) until ``POST /me/password``; bad input changes nothing."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from polydesk.core.actor import Role
from polydesk.runtime import Runtime
from polydesk.users.service import require_user
from tests.dialects.edges import basic
from tests.factories import make_user, token_for

V1 = "/polydesk/v1"
TEMP, MINE = basic("nora", "Temp-1"), basic("nora", "Mine-2")


def _admin(runtime: Runtime) -> dict[str, str]:
    with runtime.factory() as session, session.begin():
        return token_for(session, make_user(session, Role.ADMIN))


def _nora(client: TestClient, admin: dict[str, str], **extra: Any) -> dict[str, Any]:
    body = {"login": "nora", "password": "Temp-1", "role": "agent", **extra}
    created = client.post(f"{V1}/users", headers=admin, json=body)
    assert created.status_code == 201, created.text
    user: dict[str, Any] = created.json()
    return user


def test_an_admin_marks_a_temporary_password(client: TestClient, runtime: Runtime) -> None:
    admin = _admin(runtime)
    nora = _nora(client, admin, must_change_password=True)
    with runtime.factory() as session, session.begin():
        token = token_for(session, require_user(session, nora["id"]))

    me = client.get(f"{V1}/me", headers=TEMP)
    by_password = client.get(f"{V1}/tickets", headers=TEMP)
    by_token = client.get(f"{V1}/users/{nora['id']}", headers=token)

    assert nora["must_change_password"] is True
    assert me.status_code == 200 and me.json()["must_change_password"] is True
    for refused in (by_password, by_token):
        assert refused.status_code == 403
        assert refused.json()["error"]["code"] == "auth.password_change_required"
    changed = client.post(
        f"{V1}/me/password", headers=token,
        json={"current_password": "Temp-1", "new_password": "Mine-2"},
    )  # fmt: skip
    assert changed.status_code == 200 and changed.json()["must_change_password"] is False
    assert client.get(f"{V1}/tickets", headers=token).status_code == 200
    assert client.get(f"{V1}/tickets", headers=MINE).status_code == 200


def test_only_admins_set_the_mark_and_a_new_password_meets_it(
    client: TestClient, runtime: Runtime
) -> None:
    admin = _admin(runtime)
    nora = _nora(client, admin)
    mark = {"must_change_password": True}
    own = client.patch(f"{V1}/users/{nora['id']}", headers=TEMP, json=mark)
    marked = client.patch(f"{V1}/users/{nora['id']}", headers=admin, json=mark)
    assert own.status_code == 403 and marked.json()["must_change_password"] is True

    reset = client.patch(f"{V1}/users/{nora['id']}", headers=admin, json={"password": "Mine-2"})

    assert reset.status_code == 200 and reset.json()["must_change_password"] is False
    assert client.get(f"{V1}/tickets", headers=MINE).status_code == 200


def test_bad_changes_are_refused_and_change_nothing(client: TestClient, runtime: Runtime) -> None:
    admin = _admin(runtime)
    _nora(client, admin, must_change_password=True)
    bodies = [
        {"current_password": "Temp-1"},
        {"current_password": "Temp-1", "new_password": ""},
        {"current_password": "Temp-1", "new_password": "x\u0000y"},
        {"current_password": "wrong", "new_password": "Mine-2"},
        {"current_password": "Temp-1", "new_password": "Temp-1"},
    ]

    answers = [client.post(f"{V1}/me/password", headers=TEMP, json=body) for body in bodies]

    assert [answer.status_code for answer in answers] == [422] * len(bodies)
    assert client.get(f"{V1}/me", headers=TEMP).json()["must_change_password"] is True
    assert client.get(f"{V1}/me", headers=MINE).status_code == 401
