"""One status transition: a close or reopen made through update_ticket (the native PATCH,
Znuny TicketUpdate, Integria update_incident ...) leaves the same history, in the same order,
as the life-cycle services' moves (transition.move_ticket)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from polydesk.core.actor import Role
from polydesk.core.clock import utcnow
from polydesk.models.catalogs import StatusCategory
from polydesk.models.history import EventKind, HistoryEvent
from polydesk.tickets.lifecycle import status_for
from polydesk.tickets.schemas import TicketUpdate
from polydesk.tickets.service import update_ticket
from polydesk.tickets.transition import move_ticket
from tests.factories import actor, make_ticket, make_user


def _status_kinds(session: Session, ticket_id: int) -> list[tuple[EventKind, str | None]]:
    events = session.scalars(
        select(HistoryEvent).where(HistoryEvent.ticket_id == ticket_id).order_by(HistoryEvent.id)
    )
    wanted = {EventKind.STATUS_CHANGED, EventKind.CLOSED, EventKind.REOPENED}
    return [(event.kind, event.new_value) for event in events if event.kind in wanted]


def test_update_ticket_and_move_ticket_leave_the_same_history(session: Session) -> None:
    admin = make_user(session, Role.ADMIN)
    who = actor(session, admin)
    closed = status_for(session, StatusCategory.CLOSED)
    opened = status_for(session, StatusCategory.OPEN)
    by_update, by_move = make_ticket(session, admin), make_ticket(session, admin)

    for status in (closed, opened):
        update_ticket(session, who, by_update.id, TicketUpdate(status_id=status.id))
        move_ticket(session, who, by_move, status, utcnow())
    session.flush()

    expected = [
        (EventKind.STATUS_CHANGED, str(closed.id)),
        (EventKind.CLOSED, closed.name),
        (EventKind.STATUS_CHANGED, str(opened.id)),
        (EventKind.REOPENED, None),
    ]
    assert _status_kinds(session, by_update.id) == expected
    assert _status_kinds(session, by_move.id) == expected
