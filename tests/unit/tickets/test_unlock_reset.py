"""The unlock clock (``Ticket.unlock_reset_at``, Znuny's UnlockTimeout) is kept by the core's
life cycle: creation, a move into an open, waiting or resolved status, and a lock restart it;
closing, unlocking and other changes do not, whichever service makes the change."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from polydesk.core.actor import Role
from polydesk.core.clock import frozen
from polydesk.models.catalogs import StatusCategory
from polydesk.tickets.lifecycle import status_for
from polydesk.tickets.schemas import TicketUpdate
from polydesk.tickets.service import update_ticket
from polydesk.tickets.transition import move_ticket
from tests.factories import actor, make_ticket, make_user

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


def _at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def _aware(moment: datetime | None) -> datetime | None:
    return moment.replace(tzinfo=UTC) if moment and moment.tzinfo is None else moment


def test_life_cycle_restarts_the_unlock_clock(session: Session) -> None:
    admin = make_user(session, Role.ADMIN)
    who = actor(session, admin)
    with frozen(T0):
        ticket = make_ticket(session, admin)
    assert _aware(ticket.unlock_reset_at) == T0

    steps = [
        (TicketUpdate(title="renamed"), T0),
        (TicketUpdate(status_id=status_for(session, StatusCategory.CLOSED).id), T0),
        (TicketUpdate(status_id=status_for(session, StatusCategory.OPEN).id), _at(3)),
        (TicketUpdate(is_locked=True), _at(4)),
        (TicketUpdate(is_locked=False), _at(4)),
    ]
    for minute, (change, expected) in enumerate(steps, start=1):
        with frozen(_at(minute)):
            update_ticket(session, who, ticket.id, change)
        assert _aware(ticket.unlock_reset_at) == expected, change


def test_a_move_into_waiting_restarts_it_whatever_service_moves(session: Session) -> None:
    admin = make_user(session, Role.ADMIN)
    with frozen(T0):
        ticket = make_ticket(session, admin)

    with frozen(_at(10)):
        waiting = status_for(session, StatusCategory.WAITING)
        move_ticket(session, actor(session, admin), ticket, waiting, _at(10))

    assert _aware(ticket.unlock_reset_at) == _at(10)
