"""A user created, changed or disabled through InvGate is the same account everywhere: the
native API (``/polydesk/v1/users``) and Znuny's sessions (``SessionCreate`` /
``SessionGet``) see it at once."""

from __future__ import annotations

from typing import Any

from tests.dialects.invgate.conftest import API_AUTH, InvGate
from tests.dialects.znuny.conftest import BASE, CLASSIC

NATIVE = "/polydesk/v1/users"
FORM = {"name": "Nora", "lastname": "Quinn", "email": "nora@example.com", "username": "nquinn",
        "pass": "Tulips-1", "phone": "+1 555 0100"}  # fmt: skip


def _native(invgate: InvGate, ident: int) -> dict[str, Any]:
    answer = invgate.client.get(f"{NATIVE}/{ident}", headers=API_AUTH)
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def _znuny_login(invgate: InvGate, login: str, password: str) -> dict[str, Any]:
    body = {"CustomerUserLogin": login, "Password": password}
    answer = invgate.client.post(f"{BASE}/{CLASSIC}/Session", json=body)
    assert answer.status_code == 200, answer.text
    found: dict[str, Any] = answer.json()
    return found


def _znuny_session(invgate: InvGate, session_id: str) -> dict[str, str]:
    answer = invgate.client.get(f"{BASE}/{CLASSIC}/Session/{session_id}").json()
    return {entry["Key"]: entry["Value"] for entry in answer["SessionData"]}


def test_a_user_created_through_invgate_is_seen_natively_and_logs_in_to_znuny(
    invgate: InvGate,
) -> None:
    ident = invgate.ok("POST", "user", data=FORM)["id"]

    native = _native(invgate, ident)
    listed = invgate.client.get(NATIVE, params={"limit": 200}, headers=API_AUTH).json()
    session_id = _znuny_login(invgate, "nquinn", "Tulips-1")["SessionID"]
    data = _znuny_session(invgate, session_id)

    assert (native["login"], native["email"], native["first_name"], native["last_name"]) == (
        "nquinn", "nora@example.com", "Nora", "Quinn"
    )  # fmt: skip
    assert (native["role"], native["is_enabled"], native["phone"]) == (
        "customer",
        True,
        "+1 555 0100",
    )
    assert ident in [row["id"] for row in listed["items"]]
    assert (data["UserType"], data["UserLogin"], data["UserEmail"]) == (
        "Customer", "nquinn", "nora@example.com"
    )  # fmt: skip


def test_updates_and_disabling_through_invgate_show_everywhere(invgate: InvGate) -> None:
    ident = invgate.ok("POST", "user", data=FORM)["id"]

    invgate.ok("PUT", "user", data={"id": ident, "name": "Norah", "email": "norah@example.com"})
    renamed = _native(invgate, ident)
    session_id = _znuny_login(invgate, "nquinn", "Tulips-1")["SessionID"]
    data = _znuny_session(invgate, session_id)
    invgate.ok("PUT", "user.disable", data={"id": ident})
    disabled = _native(invgate, ident)
    refused = _znuny_login(invgate, "nquinn", "Tulips-1")

    assert (renamed["first_name"], renamed["email"]) == ("Norah", "norah@example.com")
    assert data["UserEmail"] == "norah@example.com"
    assert disabled["is_enabled"] is False
    assert refused == {
        "Error": {
            "ErrorCode": "SessionCreate.AuthFail",
            "ErrorMessage": "SessionCreate: Authorization failing!",
        }
    }
    gone = invgate.client.get(f"{BASE}/{CLASSIC}/Session/{session_id}").json()
    assert "SessionData" not in gone  # disabling ended the open Znuny session too
