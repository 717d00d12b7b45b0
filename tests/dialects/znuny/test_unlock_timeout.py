"""``UnlockTimeout``: the epoch of the ticket's last unlock-time reset (Znuny's ``ticket.timeout``),
kept by the core (``tickets.unlock_reset_at``): set at creation, by a move into an open or
pending state and by a lock; closing, unlocking and other changes leave it. The native API
reads the same value."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from polydesk.core.clock import frozen
from polydesk.db.uow import unit_of_work
from polydesk.users.service import get_user
from tests.dialects.znuny.conftest import NOW, ROOT, Znuny
from tests.factories import token_for


def _unlock_timeout(znuny: Znuny) -> Any:
    ticket = znuny.call("GET", "/Ticket/1", params=ROOT)["Ticket"][0]
    return ticket["UnlockTimeout"]


def _at(seconds: int) -> datetime:
    return NOW + timedelta(seconds=seconds)


def _epoch(seconds: int) -> int:
    return int(_at(seconds).timestamp())


def _update_at(znuny: Znuny, seconds: int, ticket: dict[str, Any]) -> None:
    with frozen(_at(seconds)):
        answer = znuny.call("PATCH", "/Ticket/1", body={**ROOT, "Ticket": ticket})
    assert "Error" not in answer, answer


def test_creation_sets_it(znuny: Znuny) -> None:
    znuny.create()

    value = _unlock_timeout(znuny)

    assert type(value) is int
    assert value == _epoch(0)


def test_open_pending_and_lock_reset_it_and_nothing_else_does(znuny: Znuny) -> None:
    znuny.create()

    _update_at(znuny, 100, {"Title": "Renamed", "Priority": "5 very high"})
    assert _unlock_timeout(znuny) == _epoch(0)
    _update_at(znuny, 200, {"State": "open"})
    assert _unlock_timeout(znuny) == _epoch(200)
    _update_at(znuny, 300, {"State": "closed successful"})
    assert _unlock_timeout(znuny) == _epoch(200)
    _update_at(znuny, 400, {"State": "pending reminder", "PendingTime": {"Diff": 60}})
    assert _unlock_timeout(znuny) == _epoch(400)
    _update_at(znuny, 500, {"Lock": "lock"})
    assert _unlock_timeout(znuny) == _epoch(500)
    _update_at(znuny, 600, {"Lock": "unlock"})
    assert _unlock_timeout(znuny) == _epoch(500)


def test_the_native_api_reads_the_same_reset(znuny: Znuny) -> None:
    znuny.create()
    _update_at(znuny, 250, {"State": "open"})
    with unit_of_work(znuny.runtime.factory) as session:
        root = get_user(session, znuny.users["root@localhost"])
        assert root is not None
        headers = token_for(session, root)

    response = znuny.client.get("/polydesk/v1/tickets/1", headers=headers)

    assert response.status_code == 200, response.text
    read = datetime.fromisoformat(response.json()["unlock_reset_at"].replace("Z", "+00:00"))
    assert int(read.timestamp()) == _unlock_timeout(znuny) == _epoch(250)
