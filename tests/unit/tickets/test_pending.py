"""Pending times (Znuny's pending states): auto close at the pending time, through the one
status move (history, events); a reminder once per pending time; a new time re-arms it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from polydesk.catalogs.service import get_catalog_item_by_name
from polydesk.core.actor import SYSTEM
from polydesk.core.clock import frozen
from polydesk.events.service import ticket_events
from polydesk.models.catalogs import PendingAction, Status
from polydesk.models.jobs import OutgoingMail
from polydesk.models.tickets import Ticket
from polydesk.tickets.pending import act_on_pending_times
from polydesk.tickets.schemas import TicketUpdate
from polydesk.tickets.service import update_ticket
from tests.factories import make_ticket, make_user
from tests.jobs import commit_and_run_jobs

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _status(session: Session, name: str) -> Status:
    status = get_catalog_item_by_name(session, "status", name)
    assert isinstance(status, Status)
    return status


def _pending(session: Session, status: str, until: datetime, **fields: object) -> Ticket:
    with frozen(T0):
        ticket = make_ticket(session, title="Waiting on the customer", **fields)
        update = TicketUpdate(status_id=_status(session, status).id, pending_until=until)
        update_ticket(session, SYSTEM, ticket.id, update)
    return ticket


def test_the_stock_pending_statuses_know_what_to_do(session: Session) -> None:
    closed, unsuccessful = _status(session, "Closed"), _status(session, "Closed unsuccessful")
    plus, minus = _status(session, "Pending auto close+"), _status(session, "Pending auto close-")
    reminder = _status(session, "Pending reminder")

    assert (plus.pending_action, plus.pending_target_status_id) == (
        PendingAction.AUTO_CLOSE, closed.id
    )  # fmt: skip
    assert (minus.pending_action, minus.pending_target_status_id) == (
        PendingAction.AUTO_CLOSE, unsuccessful.id
    )  # fmt: skip
    assert reminder.pending_action is PendingAction.REMIND
    assert _status(session, "Open").pending_action is PendingAction.NONE


def test_auto_close_closes_at_its_time_with_history_and_events(session: Session) -> None:
    ticket = _pending(session, "Pending auto close-", T0 + timedelta(hours=2))

    with frozen(T0 + timedelta(hours=1, minutes=59)):
        assert act_on_pending_times(session) == 0
    assert ticket.status_id == _status(session, "Pending auto close-").id
    with frozen(T0 + timedelta(hours=2)):
        assert act_on_pending_times(session) == 1
        assert act_on_pending_times(session) == 0  # done: nothing left to act on

    session.refresh(ticket)
    assert ticket.status_id == _status(session, "Closed unsuccessful").id
    assert ticket.closed_at == T0 + timedelta(hours=2) and ticket.waiting_for is None
    moved = [e for e in ticket_events(session, ticket.id) if e.kind == "ticket.status_moved"]
    assert moved[-1].actor_id is None and moved[-1].payload["closed"] is True


def test_a_reminder_once_per_pending_time_and_a_new_time_rearms_it(session: Session) -> None:
    owner = make_user(session, login="owen")
    ticket = _pending(session, "Pending reminder", T0 + timedelta(hours=1), owner_id=owner.id)

    with frozen(T0 + timedelta(hours=1)):
        assert act_on_pending_times(session) == 1
    commit_and_run_jobs(session)  # each reminder is its own transaction, so its own mail
    with frozen(T0 + timedelta(hours=3)):
        assert act_on_pending_times(session) == 0  # reminded for this time already
        update_ticket(
            session, SYSTEM, ticket.id, TicketUpdate(pending_until=T0 + timedelta(hours=4))
        )
    with frozen(T0 + timedelta(hours=4)):
        assert act_on_pending_times(session) == 1
    commit_and_run_jobs(session)

    reminders = [e for e in ticket_events(session, ticket.id) if e.kind == "pending.reminder_due"]
    assert [e.payload["pending_until"] for e in reminders] == [
        (T0 + timedelta(hours=1)).isoformat(), (T0 + timedelta(hours=4)).isoformat()
    ]  # fmt: skip
    assert ticket.status_id == _status(session, "Pending reminder").id  # reminding moves nothing
    mails = session.scalars(select(OutgoingMail).where(OutgoingMail.to_addresses == owner.email))
    subjects = [mail.subject for mail in mails]
    assert subjects == [f"[Ticket#{ticket.number}] Reminder: Waiting on the customer"] * 2
