"""``force_password_change`` (``POST /user``, ``PUT /user.password``): stored as the user's
``must_change_password``, read back through the native API, and acted on by the core's rule
(``users.forced_change``): the user's password logins open nothing but the change, which
clears it. Bad values are a 428 that changes nothing."""

from __future__ import annotations

from typing import Any

from polydesk.db.uow import unit_of_work
from polydesk.models.users import User
from tests.dialects.invgate.conftest import API_AUTH, InvGate, basic

NORA, NEW_NORA = basic("nquinn", "Temp-1234"), basic("nquinn", "Mine-5678")


def _forced_user(invgate: InvGate) -> int:
    form = {
        "name": "Nora",
        "lastname": "Quinn",
        "email": "nora.quinn@example.com",
        "username": "nquinn",
        "pass": "Temp-1234",
        "force_password_change": 1,
    }
    ident: int = invgate.ok("POST", "user", data=form)["id"]
    return ident


def _native(invgate: InvGate, path: str, headers: dict[str, str], **kw: Any) -> Any:
    method = kw.pop("method", "GET")
    return invgate.client.request(method, f"/polydesk/v1{path}", headers=headers, **kw)


def _flag(invgate: InvGate, ident: int) -> bool:
    body = _native(invgate, f"/users/{ident}", API_AUTH).json()
    flag: bool = body["must_change_password"]
    return flag


def test_the_flag_is_stored_and_read_back_through_the_native_api(invgate: InvGate) -> None:
    ident = _forced_user(invgate)
    plain = invgate.ok(
        "POST", "user", data={"name": "Olga", "lastname": "Ruiz", "email": "olga@example.com"}
    )

    assert _flag(invgate, ident) is True
    assert _flag(invgate, plain["id"]) is False


def test_a_forced_user_is_told_and_can_only_change_the_password(invgate: InvGate) -> None:
    ident = _forced_user(invgate)

    # InvGate's Basic login is refused like any failed login while the change is pending
    assert invgate.call("GET", "user", {"id": ident}, headers=NORA).status_code == 401
    me = _native(invgate, "/me", NORA)
    tickets = _native(invgate, "/tickets", NORA)

    assert me.status_code == 200 and me.json()["must_change_password"] is True
    assert tickets.status_code == 403
    assert tickets.json()["error"]["code"] == "auth.password_change_required"


def test_changing_the_password_clears_the_demand(invgate: InvGate) -> None:
    ident = _forced_user(invgate)
    wrong = _native(
        invgate, "/me/password", NORA, method="POST",
        json={"current_password": "nope", "new_password": "Mine-5678"},
    )  # fmt: skip
    same = _native(
        invgate, "/me/password", NORA, method="POST",
        json={"current_password": "Temp-1234", "new_password": "Temp-1234"},
    )  # fmt: skip
    assert (wrong.status_code, wrong.json()["error"]["code"]) == (422, "user.wrong_password")
    assert (same.status_code, same.json()["error"]["code"]) == (422, "user.same_password")
    assert _flag(invgate, ident) is True

    changed = _native(
        invgate, "/me/password", NORA, method="POST",
        json={"current_password": "Temp-1234", "new_password": "Mine-5678"},
    )  # fmt: skip

    assert changed.status_code == 200 and changed.json()["must_change_password"] is False
    assert _native(invgate, "/me", NORA).status_code == 401
    assert _native(invgate, "/tickets", NEW_NORA).status_code == 200
    assert invgate.ok("GET", "user", {"id": ident}, headers=NEW_NORA)["id"] == ident


def test_user_password_sets_or_meets_the_demand(invgate: InvGate) -> None:
    carla = invgate.users["carla"]
    invgate.ok(
        "PUT", "user.password", data={"id": carla, "password": "Temp-9", "force_password_change": 1}
    )
    forced = _flag(invgate, carla)
    refused = invgate.call("GET", "user", {"id": carla}, headers=basic("carla", "Temp-9"))
    invgate.ok("PUT", "user.password", data={"id": carla, "password": "Own-9"})

    assert forced is True and refused.status_code == 401
    assert _flag(invgate, carla) is False
    assert invgate.ok("GET", "user", {"id": carla}, headers=basic("carla", "Own-9"))["id"] == carla


def test_a_bad_flag_is_a_428_and_changes_nothing(invgate: InvGate) -> None:
    carla = invgate.users["carla"]
    with unit_of_work(invgate.runtime.factory) as session:
        before = session.get_one(User, carla).password_hash
    form = {"id": carla, "password": "Other-1", "force_password_change": "maybe"}

    response = invgate.call("PUT", "user.password", data=form)
    fields = {"name": "A", "lastname": "B", "email": "ab@example.com"}
    created = invgate.call("POST", "user", data={**fields, "force_password_change": "2"})

    assert response.status_code == 428 and created.status_code == 428
    with unit_of_work(invgate.runtime.factory) as session:
        user = session.get_one(User, carla)
        assert (user.password_hash, user.must_change_password) == (before, False)
        assert session.query(User).filter_by(email="ab@example.com").first() is None
