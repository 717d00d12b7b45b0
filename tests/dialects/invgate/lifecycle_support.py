"""What the life-cycle tests share: reading a request's state as InvGate shows it and as the
core stores it, its history, and counting rows to show a refusal changed nothing."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from polydesk.core.actor import SYSTEM
from polydesk.core.pagination import PageRequest
from polydesk.db.uow import unit_of_work
from polydesk.history.service import list_events
from polydesk.models.history import HistoryEvent
from polydesk.models.tickets import Ticket
from polydesk.tickets.links import create_external_entity
from tests.dialects.invgate.conftest import API_AUTH, InvGate, basic
from tests.dialects.invgate.golden import check_row, response_fields

NEW, OPEN, PENDING, ON_HOLD, SOLVED, CLOSED, REJECTED, CANCELLED = range(1, 9)


def status(invgate: InvGate, ident: int) -> int:
    code: int = invgate.ok("GET", "incident", {"id": ident})["status_id"]
    return code


def ticket(invgate: InvGate, ident: int) -> Ticket:
    with unit_of_work(invgate.runtime.factory) as session:
        found = session.get_one(Ticket, ident)
        session.expunge(found)
        return found


def kinds(invgate: InvGate, ident: int) -> list[str]:
    """The ticket's history event kinds, oldest first."""
    with unit_of_work(invgate.runtime.factory) as session:
        page = list_events(session, SYSTEM, ident, PageRequest(limit=1000))
        return [str(event.kind.value) for event in page.items]


def count(invgate: InvGate, model: Any) -> int:
    with unit_of_work(invgate.runtime.factory) as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def events(invgate: InvGate) -> int:
    return count(invgate, HistoryEvent)


def external_entity(invgate: InvGate, name: str = "Acme Carrier") -> int:
    with unit_of_work(invgate.runtime.factory) as session:
        return create_external_entity(session, SYSTEM, name).id


def comment(invgate: InvGate, ident: int, user: str, text: str, **extra: Any) -> dict[str, Any]:
    """A reply by ``user`` in their own name (Basic auth as that user, ``author_id`` them)."""
    headers = API_AUTH if user == "api" else basic(user, "pw")
    form = {"request_id": ident, "author_id": invgate.users[user], "comment": text, **extra}
    body: dict[str, Any] = invgate.ok("POST", "incident.comment", data=form, headers=headers)
    return body


def check_ok(body: dict[str, Any], method: str, endpoint: str) -> None:
    """A mutation's OK answer: the seed's fields (``error`` only comes with errors), plus
    ``info`` (every mutation carries one, §2.4)."""
    fields = {k: v for k, v in response_fields(method, endpoint).items() if k != "error"}
    check_row(body, fields, extra=frozenset({"info"}))
    assert body["status"] == "OK"
