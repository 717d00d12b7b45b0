"""Pending times (Znuny's pending states): a ticket in a status whose ``pending_action`` is
``auto_close`` moves to the status's ``pending_target_status_id`` once its pending time has
come; one in a ``remind`` status gets one ``pending.reminder_due`` event per pending time (the
notifications subscriber mails the owner).

Decisions:
- A periodic task on the worker's scheduler (beside ``resume_due_waits``), in batches of
  ``PENDING_BATCH``, oldest pending time first; one query finds the batch (index
  ``ix_tickets_status_pending``: the few pending statuses, then the time).
- Two workers never act twice: each ticket is re-read under a row lock and its conditions
  checked again; the reminder marker (``pending_reminded_for`` = the pending time reminded
  for) commits with the event. A new pending time differs from the marker, so it re-arms.
- The move is the one every status change makes (``transition.move_ticket``: history and
  events), as the system; a wait the pending status started ends first, as a hand move ends it.
- An ``auto_close`` status without a target does nothing (the catalog refuses to save one,
  but a target could be disabled later: the ticket then stays, and is logged).
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from polydesk.core.actor import SYSTEM
from polydesk.core.clock import utcnow
from polydesk.db.locking import for_update
from polydesk.events.catalogue import PendingReminderDue
from polydesk.events.service import emit
from polydesk.models.catalogs import PendingAction, Status
from polydesk.models.tickets import Ticket
from polydesk.tickets.transition import move_ticket
from polydesk.tickets.waiting import end_wait

PENDING_BATCH = 200
log = logging.getLogger(__name__)


def act_on_pending_times(session: Session) -> int:
    """Periodic task: close or remind the tickets whose pending time has come; how many."""
    now = utcnow()
    actions = dict(
        session.execute(
            select(Status.id, Status.pending_action).where(
                Status.pending_action != PendingAction.NONE
            )
        ).all()
    )
    if not actions:
        return 0
    due = (
        select(Ticket.id)
        .where(
            Ticket.status_id.in_(list(actions)),
            Ticket.pending_until <= now,
            or_(
                Ticket.pending_reminded_for.is_(None),
                Ticket.pending_reminded_for != Ticket.pending_until,
            ),
        )
        .order_by(Ticket.pending_until, Ticket.id)
        .limit(PENDING_BATCH)
    )
    return sum(_act(session, ticket_id, now) for ticket_id in list(session.scalars(due)))


def _act(session: Session, ticket_id: int, now: datetime) -> bool:
    ticket = session.scalars(for_update(select(Ticket).where(Ticket.id == ticket_id))).first()
    if ticket is None or ticket.pending_until is None or ticket.pending_until > now:
        return False  # another worker acted first, or someone changed the ticket
    status = session.get_one(Status, ticket.status_id)
    if status.pending_action is PendingAction.AUTO_CLOSE:
        return _auto_close(session, ticket, status, now)
    if status.pending_action is PendingAction.REMIND:
        return _remind(session, ticket, status)
    return False


def _auto_close(session: Session, ticket: Ticket, status: Status, now: datetime) -> bool:
    target = (
        session.get(Status, status.pending_target_status_id)
        if status.pending_target_status_id is not None
        else None
    )
    if target is None or not target.is_enabled:
        log.warning("status %r has no usable auto close target", status.name)
        return False
    if ticket.waiting_for is not None:
        end_wait(session, SYSTEM, ticket, "pending time reached", now, resume=False)
    return move_ticket(session, SYSTEM, ticket, target, now)


def _remind(session: Session, ticket: Ticket, status: Status) -> bool:
    if ticket.pending_reminded_for == ticket.pending_until or ticket.pending_until is None:
        return False
    ticket.pending_reminded_for = ticket.pending_until
    reminder = PendingReminderDue(
        ticket_id=ticket.id, status_id=status.id, pending_until=ticket.pending_until.isoformat()
    )
    emit(session, SYSTEM, reminder)
    return True
