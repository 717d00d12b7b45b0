"""``user.password.reset``, ``user.convert`` and ``POST /user`` with
``send_set_password_email``: a real mail through the outbox and a real SMTP server
(aiosmtpd), carrying a one-time link that the native API's ``/password-reset`` takes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from email.message import EmailMessage
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from polydesk.core.clock import frozen, utcnow
from polydesk.credentials.service import digest
from polydesk.db.uow import unit_of_work
from polydesk.mail.sender import SmtpConfig, send_due_mail
from polydesk.models.jobs import OutgoingMail
from polydesk.models.password_resets import PasswordResetToken
from tests.dialects.invgate import lifecycle_support as state
from tests.dialects.invgate.conftest import InvGate, basic
from tests.unit.mail.smtp_server import Recorder, running_smtp_server

LINK = re.compile(r"http://testserver/polydesk/v1/password-reset\?token=[A-Za-z0-9_-]+")
RESET = "/polydesk/v1/password-reset"

Smtp = tuple[Recorder, SmtpConfig]


@pytest.fixture
def smtp() -> Iterator[Smtp]:
    with running_smtp_server() as server:
        yield server


def _delivered(invgate: InvGate, smtp: Smtp) -> list[EmailMessage]:
    recorder, config = smtp
    recorder.envelopes.clear()
    send_due_mail(invgate.runtime.factory, invgate.runtime.store, config)
    return recorder.messages()


def _link(message: EmailMessage) -> str:
    body = message.get_content()
    found = LINK.search(body)
    assert found is not None, body
    return found.group(0)


def _token(link: str) -> str:
    [token] = parse_qs(urlsplit(link).query)["token"]
    return token


def _ask(invgate: InvGate, user: str, kind: str = "RESET_PASSWORD") -> None:
    invgate.ok("POST", "user.password.reset", data={"id": invgate.users[user], "type": kind})


def test_the_mail_arrives_with_a_link_that_sets_the_password_once(
    invgate: InvGate, smtp: Smtp
) -> None:
    _ask(invgate, "carla")

    [message] = _delivered(invgate, smtp)
    link = _link(message)
    path = urlsplit(link).path + "?" + urlsplit(link).query
    checked = invgate.client.get(path)
    used = invgate.client.post(RESET, json={"token": _token(link), "password": "Brand-new-1"})
    again = invgate.client.post(RESET, json={"token": _token(link), "password": "Other-2"})

    assert message["To"] == "carla@example.com"
    assert str(message["Subject"]) == "Reset the password of your help desk account"
    assert "Your login is: carla" in message.get_content()
    assert checked.status_code == 200 and checked.json()["valid"] is True
    assert used.status_code == 200 and used.json() == {"login": "carla"}
    assert again.status_code == 422
    assert again.json()["error"]["code"] == "password_reset.invalid_token"
    assert invgate.call("GET", "users", headers=basic("carla", "Brand-new-1")).status_code == 200
    assert invgate.call("GET", "users", headers=basic("carla", "pw")).status_code == 401


def test_only_the_digest_is_stored(invgate: InvGate, smtp: Smtp) -> None:
    _ask(invgate, "carla")
    token = _token(_link(_delivered(invgate, smtp)[0]))

    with unit_of_work(invgate.runtime.factory) as session:
        hashes = list(session.scalars(select(PasswordResetToken.token_hash)))

    assert hashes == [digest(token)]
    assert token not in hashes


def test_an_expired_link_is_refused(invgate: InvGate, smtp: Smtp) -> None:
    _ask(invgate, "carla")
    token = _token(_link(_delivered(invgate, smtp)[0]))

    with frozen(utcnow() + timedelta(hours=2, seconds=1)):
        late = invgate.client.post(RESET, json={"token": token, "password": "Too-late-1"})

    assert late.status_code == 422
    assert late.json()["error"]["code"] == "password_reset.invalid_token"
    assert invgate.call("GET", "users", headers=basic("carla", "pw")).status_code == 200


def test_a_newer_link_replaces_the_older_one(invgate: InvGate, smtp: Smtp) -> None:
    _ask(invgate, "carla")
    _ask(invgate, "carla")

    first, second = (_token(_link(message)) for message in _delivered(invgate, smtp))
    old = invgate.client.post(RESET, json={"token": first, "password": "Old-link-1"})
    new = invgate.client.post(RESET, json={"token": second, "password": "New-link-1"})

    assert old.status_code == 422
    assert new.status_code == 200


def test_a_new_user_is_mailed_a_link_to_set_a_first_password(invgate: InvGate, smtp: Smtp) -> None:
    form = {"name": "Nora", "lastname": "Quinn", "email": "nora@example.com",
            "send_set_password_email": 1}  # fmt: skip
    invgate.ok("POST", "user", data=form)

    [message] = _delivered(invgate, smtp)
    used = invgate.client.post(RESET, json={"token": _token(_link(message)), "password": "Nora-1"})

    assert message["To"] == "nora@example.com"
    assert str(message["Subject"]) == "Set the password of your help desk account"
    assert used.status_code == 200
    auth = basic("nora@example.com", "Nora-1")
    assert (
        invgate.ok("GET", "user.by", {"email": "nora@example.com"}, headers=auth)["name"] == "Nora"
    )


def test_converting_an_external_user_mails_them_a_link(invgate: InvGate, smtp: Smtp) -> None:
    form = {"name": "Ext", "lastname": "Ernal", "email": "ext@example.com", "is_external": 1}
    ident = invgate.ok("POST", "user", data=form)["id"]
    refused = invgate.call("POST", "user.password.reset", data={"id": ident, "type": "NEW_USER"})
    assert _delivered(invgate, smtp) == []
    assert (refused.json()["status"], refused.json()["error"]) == ("ERROR", "user.external")

    invgate.ok("POST", "user.convert", data={"id": ident})

    [message] = _delivered(invgate, smtp)
    assert message["To"] == "ext@example.com"
    assert _link(message)


def test_refused_requests_send_nothing(invgate: InvGate, smtp: Smtp) -> None:
    invgate.ok("PUT", "user.disable", data={"id": invgate.users["dave"]})
    before = state.count(invgate, OutgoingMail)

    answers = [
        invgate.call("POST", "user.password.reset",
                     data={"id": invgate.users["dave"], "type": "RESET_PASSWORD"}),
        invgate.call("POST", "user.password.reset",
                     data={"id": invgate.users["alice"], "type": "RESET_PASSWORD"},
                     headers=basic("carla", "pw")),
        invgate.call("POST", "user.password.reset", data={"id": 9999, "type": "NEW_USER"}),
    ]  # fmt: skip
    forged = invgate.client.post(RESET, json={"token": "x" * 43, "password": "Guess-1"})

    assert answers[0].json()["error"] == "user.disabled"
    assert answers[1].status_code == 403
    assert answers[2].json()["error"] == "user.not_found"
    assert forged.status_code == 422
    assert state.count(invgate, OutgoingMail) == before
    assert _delivered(invgate, smtp) == []


def test_a_link_dies_with_the_account(invgate: InvGate, smtp: Smtp) -> None:
    _ask(invgate, "carla")
    token = _token(_link(_delivered(invgate, smtp)[0]))
    invgate.ok("PUT", "user.disable", data={"id": invgate.users["carla"]})
    invgate.ok("PUT", "user.enable", data={"id": invgate.users["carla"]})
    invgate.ok("DELETE", "user", data={"id": invgate.users["carla"]})

    late = invgate.client.post(RESET, json={"token": token, "password": "After-delete-1"})

    assert late.status_code == 422
    assert late.json()["error"]["code"] == "password_reset.invalid_token"


def test_a_reset_link_meets_a_forced_password_change(invgate: InvGate, smtp: Smtp) -> None:
    carla = invgate.users["carla"]
    form = {"id": carla, "password": "Temp-1", "force_password_change": 1}
    invgate.ok("PUT", "user.password", data=form)
    assert invgate.call("GET", "users", headers=basic("carla", "Temp-1")).status_code == 401
    _ask(invgate, "carla")

    [message] = _delivered(invgate, smtp)
    used = invgate.client.post(RESET, json={"token": _token(_link(message)), "password": "Mine-3"})

    assert used.status_code == 200
    me = invgate.client.get("/polydesk/v1/me", headers=basic("carla", "Mine-3"))
    assert me.json()["must_change_password"] is False
    assert invgate.ok("GET", "user", {"id": carla}, headers=basic("carla", "Mine-3"))["id"] == carla
