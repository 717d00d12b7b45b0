"""What a status change does to the ticket: solved/closed stamps, reopening, SLA pause, and
(``move_ticket``) the history it leaves and the tickets waiting for it.

Every life-cycle service (waiting, solution, cancel/reject/reopen, reassignment, approvals)
changes status through ``move_ticket`` so the history, the SLA pause and the release of
waiting tickets happen the same way whatever edge asked.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from polydesk.authz.tickets import require_change
from polydesk.core.actor import Actor
from polydesk.core.errors import ValidationFailed, not_found
from polydesk.history.service import record_event
from polydesk.mail.notifications import notify_ticket_cc
from polydesk.models.catalogs import Status, StatusCategory
from polydesk.models.history import EventKind
from polydesk.models.tickets import Ticket
from polydesk.tickets import repository

ENDED = {StatusCategory.RESOLVED, StatusCategory.CLOSED, StatusCategory.CANCELLED}
FINAL = {StatusCategory.CLOSED, StatusCategory.CANCELLED}


def apply_status_change(
    ticket: Ticket, actor: Actor, old: Status | None, new: Status, now: datetime
) -> bool:
    """Update timestamps for a move from ``old`` to ``new``; True when the ticket reopened."""
    old_category = old.category if old is not None else None
    _update_sla_pause(ticket, old_category, new.category, now)
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
    return reopened


def _update_sla_pause(
    ticket: Ticket, old: StatusCategory | None, new: StatusCategory, now: datetime
) -> None:
    if new is StatusCategory.WAITING and ticket.sla_paused_at is None:
        ticket.sla_paused_at = now
    elif new is not StatusCategory.WAITING and ticket.sla_paused_at is not None:
        ticket.sla_paused_seconds += int((now - ticket.sla_paused_at).total_seconds())
        ticket.sla_paused_at = None


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


def move_ticket(
    session: Session,
    actor: Actor,
    ticket: Ticket,
    new: Status,
    now: datetime,
    *,
    notify: bool = True,
) -> bool:
    """Change the status with its clocks and history, and notify the addresses copied on the
    ticket (outbox; ``notify=False`` when the caller sends one notice for the whole change);
    False when it already had it. A ticket that ends (resolved, closed, cancelled) releases the
    tickets waiting for it."""
    old = current_status(session, ticket)
    if old.id == new.id:
        return False
    reopened = apply_status_change(ticket, actor, old, new, now)
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
    session.flush()
    if notify:
        notify_ticket_cc(session, ticket, changed={"status_id"})
    if new.category in ENDED and old.category not in ENDED:
        from polydesk.tickets.waiting import release_waiters  # waiting builds on this module

        release_waiters(session, actor, ticket.id, now)
    return True


def require_visible(
    session: Session, actor: Actor, ticket_id: int, *, lock: bool = False
) -> Ticket:
    """The ticket if the actor may read it; invisible tickets are reported as not found.
    ``lock``: row-locked until commit (db.locking)."""
    ticket = repository.get_visible(session, actor, ticket_id, lock=lock)
    if ticket is None:
        raise not_found("ticket", ticket_id)
    return ticket


def require_changeable(session: Session, actor: Actor, ticket_id: int) -> Ticket:
    """The ticket if the actor may read and change it, row-locked until commit: every caller
    goes on to change it."""
    ticket = require_visible(session, actor, ticket_id, lock=True)
    require_change(actor, ticket)
    return ticket


def is_requester(actor: Actor, ticket: Ticket) -> bool:
    return actor.user_id is not None and actor.user_id == ticket.requester_id
