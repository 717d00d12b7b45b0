"""What a status change does to the ticket itself: solved/closed stamps, reopening, and
(``change_status``) the SLA clock (pause, resume, end, reopen: ``sla.clock``) and the history
it leaves.

Every life-cycle service (solution, cancel/reject/reopen, reassignment, approvals, updates)
changes status through ``transition.move_ticket``, which is ``change_status`` plus the release
of the tickets waiting for one that ends (``waiting.release_waiters``), so the history, the SLA
pause and the release happen the same way whatever edge asked. This module is the bottom of
the life cycle: it imports neither ``waiting`` nor ``transition``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from polydesk.core.actor import Actor
from polydesk.core.errors import ValidationFailed
from polydesk.events.catalogue import StatusMoved
from polydesk.events.service import emit
from polydesk.history.service import record_event
from polydesk.models.catalogs import Status, StatusCategory
from polydesk.models.history import EventKind
from polydesk.models.tickets import Ticket
from polydesk.sla import clock as sla_clock

ENDED = {StatusCategory.RESOLVED, StatusCategory.CLOSED, StatusCategory.CANCELLED}
FINAL = {StatusCategory.CLOSED, StatusCategory.CANCELLED}
#: Moves that restart the unlock clock (Znuny resets it for open and pending states; a
#: resolved status is Znuny's "pending auto").
UNLOCK_RESET = {StatusCategory.OPEN, StatusCategory.WAITING, StatusCategory.RESOLVED}


def apply_status_change(
    ticket: Ticket, actor: Actor, old: Status | None, new: Status, now: datetime
) -> bool:
    """Update timestamps for a move from ``old`` to ``new``; True when the ticket reopened."""
    old_category = old.category if old is not None else None
    if new.category in ENDED and ticket.solved_at is None:
        ticket.solved_at = now
    if new.category in FINAL and old_category not in FINAL:
        ticket.closed_at = now
        ticket.closed_by_id = actor.user_id
    reopened = old_category in ENDED and new.category not in ENDED
    if reopened:
        ticket.reopen_count += 1
        ticket.solved_at = ticket.closed_at = ticket.closed_by_id = None
    if new.category is not StatusCategory.WAITING:
        ticket.waiting_for = None
    if old is None or new.category in UNLOCK_RESET:
        ticket.unlock_reset_at = now  # created, or moved open / pending
    return reopened


def record_status_events(
    session: Session, actor: Actor, ticket: Ticket, new: Status, *, reopened: bool
) -> None:
    """The events that follow a status change (after the STATUS_CHANGED one)."""
    if reopened:
        record_event(session, actor, ticket_id=ticket.id, kind=EventKind.REOPENED)
    elif new.category in FINAL:
        record_event(session, actor, ticket_id=ticket.id, kind=EventKind.CLOSED, new=new.name)


def status_for(session: Session, category: StatusCategory, preferred: str = "") -> Status:
    """The enabled status named ``preferred`` if it has this category, else the first enabled
    status of the category (by position). Statuses are data: an admin may rename or disable
    the preferred one and the life cycle still finds a status that means the same thing."""
    query = select(Status).where(Status.category == category, Status.is_enabled.is_(True))
    if preferred:
        named = session.scalars(query.where(func.lower(Status.name) == preferred.lower())).first()
        if named is not None:
            return named
    status = session.scalars(query.order_by(Status.position, Status.id)).first()
    if status is None:
        raise ValidationFailed("catalog.no_status", f"no enabled status of category {category}")
    return status


def current_status(session: Session, ticket: Ticket) -> Status:
    return session.get_one(Status, ticket.status_id)


def change_status(
    session: Session,
    actor: Actor,
    ticket: Ticket,
    new: Status,
    now: datetime,
) -> bool:
    """Change the status with its clocks, history and ``StatusMoved`` event; False when it
    already had it. Other tickets are not touched: use cases move tickets with
    ``transition.move_ticket``, which releases the tickets waiting for one that ends."""
    old = current_status(session, ticket)
    if old.id == new.id:
        return False
    reopened = apply_status_change(ticket, actor, old, new, now)
    sla_clock.on_status_change(session, ticket, old.category, new.category, now)
    ticket.status_id = new.id
    ticket.status = new
    ticket.updated_at = now
    ticket.last_editor_id = actor.user_id
    record_event(
        session,
        actor,
        ticket_id=ticket.id,
        kind=EventKind.STATUS_CHANGED,
        field="status_id",
        old=old.id,
        new=new.id,
    )
    record_status_events(session, actor, ticket, new, reopened=reopened)
    moved = StatusMoved(
        ticket_id=ticket.id, old_status_id=old.id, new_status_id=new.id,
        old_category=old.category.value, new_category=new.category.value,
        closed=new.category in FINAL and old.category not in FINAL, reopened=reopened,
    )  # fmt: skip
    emit(session, actor, moved)
    session.flush()
    return True
