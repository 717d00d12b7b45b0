"""Waiting states: a ticket waits for the agent, the customer, a date, an external entity or
another ticket (InvGate ``incident.waitingfor.*``). While it waits its status is in the
WAITING category, so the SLA clock is paused (``lifecycle.apply_status_change``).

The wait ends on its condition, and the ticket goes back to an open status:
- waiting for the customer: a comment by the requester (``comments.service.add_comment``);
- waiting for a date: the date passes (periodic task ``tickets.resume_waits``);
- waiting for another ticket: that ticket is resolved, closed or cancelled
  (``transition.move_ticket``, which every use case moves tickets with, calls
  ``release_waiters`` at once; the periodic task sweeps any left over);
- waiting for the agent or an external entity: an agent ends it (``stop_waiting``), or the
  entity link is removed;
- waiting on the status itself (moved into a waiting status by a plain status change,
  ``wait_by_status``): someone changes the status, or an agent ends it.
Any status change out of WAITING (an agent reopening, a solution) also ends it.

This module sits between ``lifecycle`` (below) and ``transition`` (above): its own moves, into
a waiting or an open status, end nothing, so they use ``lifecycle.change_status``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from polydesk.core.actor import SYSTEM, Actor
from polydesk.core.clock import utcnow
from polydesk.core.errors import Conflict, ValidationFailed, not_found
from polydesk.events.catalogue import WaitingEnded, WaitingStarted
from polydesk.events.service import emit
from polydesk.history.service import record_event
from polydesk.models.catalogs import Status, StatusCategory
from polydesk.models.history import EventKind
from polydesk.models.tickets import ExternalEntity, Ticket, TicketExternalEntity, WaitingFor
from polydesk.tickets.access import require_changeable, require_ticket
from polydesk.tickets.lifecycle import ENDED, change_status, current_status, status_for

#: The status each kind of wait prefers (any WAITING status will do if it is missing).
WAITING_STATUS = {
    WaitingFor.CUSTOMER: "Waiting for customer",
    WaitingFor.AGENT: "Waiting for agent",
    WaitingFor.DATE: "On hold",
    WaitingFor.EXTERNAL_ENTITY: "Waiting for third party",
    WaitingFor.TICKET: "On hold",
    WaitingFor.APPROVAL: "Waiting for approval",
}
#: Waiting statuses that name who is waited for, when a ticket is moved into one by hand.
STATUS_WAITS = {
    WAITING_STATUS[WaitingFor.CUSTOMER].lower(): WaitingFor.CUSTOMER,
    WAITING_STATUS[WaitingFor.AGENT].lower(): WaitingFor.AGENT,
}
#: Where a ticket goes when its wait ends.
RESUMED_STATUS = "Open"
#: Tickets resumed per periodic run or per closing ticket; the next run takes the rest.
RESUME_BATCH = 200


def start_waiting(
    session: Session,
    actor: Actor,
    ticket_id: int,
    waiting_for: WaitingFor,
    *,
    until: datetime | None = None,
    other_ticket_id: int | None = None,
    entity_link_id: int | None = None,
) -> Ticket:
    """Put a new or open ticket in the waiting state; a ticket already waiting switches to the
    new wait. ``until`` (DATE), ``other_ticket_id`` (TICKET) and ``entity_link_id``
    (EXTERNAL_ENTITY) are required for, and only for, their kind."""
    ticket = require_changeable(session, actor, ticket_id)
    _check_target_given(waiting_for, until, other_ticket_id, entity_link_id)
    if current_status(session, ticket).category in ENDED:
        raise Conflict("waiting.ticket_not_open", f"ticket {ticket_id} is not open")
    if ticket.waiting_for is WaitingFor.APPROVAL:
        raise Conflict("waiting.approval_pending", "an approval decides when this wait ends")
    now = utcnow()
    if until is not None and until <= now:
        raise ValidationFailed("waiting.date_in_past", "the date to wait for has passed")
    if other_ticket_id is not None:
        _check_other_ticket(session, actor, ticket, other_ticket_id)
    link = None if entity_link_id is None else _entity_link(session, ticket.id, entity_link_id)
    _clear_wait_target(session, ticket)
    enter_wait(
        session,
        actor,
        ticket,
        waiting_for,
        now,
        related_id=other_ticket_id or entity_link_id,
        until=until,
    )
    _set_wait(session, ticket, waiting_for, until, other_ticket_id, link)
    ticket.updated_at = now
    return ticket


def enter_wait(
    session: Session,
    actor: Actor,
    ticket: Ticket,
    waiting_for: WaitingFor,
    now: datetime,
    *,
    related_id: int | None = None,
    until: datetime | None = None,
) -> None:
    """Move the ticket to the waiting status of ``waiting_for`` and record the start, the
    counterpart of ``end_wait``; the caller has checked the ticket may wait. Used by
    ``start_waiting`` and by approvals (``related_id`` = what is waited on)."""
    waiting = status_for(session, StatusCategory.WAITING, WAITING_STATUS[waiting_for])
    change_status(session, actor, ticket, waiting, now)
    _record_start(session, actor, ticket, waiting_for, related_id=related_id, until=until)


def wait_by_status(session: Session, actor: Actor, ticket: Ticket, status: Status) -> None:
    """A ticket moved into a waiting status by a plain status change (a native PATCH, Znuny's
    State, a Motadata or ReadyDesk status name) waits as if the wait had been asked for: the
    same history and event as ``start_waiting``. "Waiting for customer" / "Waiting for agent"
    wait for that person (a customer reply resumes the first); any other waiting status waits
    on the status itself, until someone changes it (Znuny's pending states: the pending time
    is a reminder, not a resume date)."""
    if ticket.waiting_for is not None:
        return
    kind = STATUS_WAITS.get(status.name.lower(), WaitingFor.STATUS)
    _record_start(session, actor, ticket, kind)


def _record_start(
    session: Session,
    actor: Actor,
    ticket: Ticket,
    waiting_for: WaitingFor,
    *,
    related_id: int | None = None,
    until: datetime | None = None,
) -> None:
    ticket.waiting_for = waiting_for
    record_event(
        session,
        actor,
        ticket_id=ticket.id,
        kind=EventKind.WAITING_STARTED,
        field="waiting_for",
        new=waiting_for.value,
        related_id=related_id,
        description=until.isoformat() if until else "",
    )
    started = WaitingStarted(
        ticket_id=ticket.id, waiting_for=waiting_for.value,
        until=until.isoformat() if until else None, related_id=related_id,
    )  # fmt: skip
    emit(session, actor, started)


def stop_waiting(session: Session, actor: Actor, ticket_id: int) -> Ticket:
    """An agent ends the wait by hand; the ticket goes back to an open status."""
    ticket = require_changeable(session, actor, ticket_id)
    if ticket.waiting_for is None:
        raise Conflict("waiting.not_waiting", f"ticket {ticket_id} is not waiting")
    if ticket.waiting_for is WaitingFor.APPROVAL:
        raise Conflict("waiting.approval_pending", "an approval decides when this wait ends")
    end_wait(session, actor, ticket, "stopped", utcnow())
    return ticket


def end_wait(
    session: Session,
    actor: Actor,
    ticket: Ticket,
    reason: str,
    now: datetime,
    *,
    resume: bool = True,
) -> None:
    """End the ticket's wait (its condition happened) and move it back to an open status;
    ``resume=False`` when the caller moves the ticket on itself (a solution, a cancel)."""
    waited_for = ticket.waiting_for
    _clear_wait_target(session, ticket)
    ticket.waiting_for = None
    if resume and current_status(session, ticket).category is StatusCategory.WAITING:
        change_status(
            session, actor, ticket, status_for(session, StatusCategory.OPEN, RESUMED_STATUS), now
        )
    record_event(
        session,
        actor,
        ticket_id=ticket.id,
        kind=EventKind.WAITING_ENDED,
        field="waiting_for",
        old=waited_for.value if waited_for else None,
        description=reason,
    )
    ended = WaitingEnded(
        ticket_id=ticket.id, waited_for=waited_for.value if waited_for else None, reason=reason
    )
    emit(session, actor, ended)


def end_customer_wait(session: Session, actor: Actor, ticket: Ticket, now: datetime) -> bool:
    """The requester replied: a ticket waiting for the customer resumes. True if it did."""
    if ticket.waiting_for is not WaitingFor.CUSTOMER:
        return False
    end_wait(session, actor, ticket, "customer replied", now)
    return True


def release_waiters(session: Session, actor: Actor, ended_ticket_id: int, now: datetime) -> int:
    """Resume the tickets waiting for ``ended_ticket_id``; returns how many resumed."""
    query = (
        select(Ticket)
        .where(
            Ticket.waiting_for_ticket_id == ended_ticket_id,
            Ticket.waiting_for == WaitingFor.TICKET,
        )
        .order_by(Ticket.id)
        .limit(RESUME_BATCH)
    )
    waiters = list(session.scalars(query))
    for waiter in waiters:
        end_wait(session, actor, waiter, f"ticket {ended_ticket_id} ended", now)
    return len(waiters)


def resume_due_waits(session: Session) -> int:
    """Periodic task: resume tickets whose date has come and tickets whose awaited ticket has
    ended (missed only if more than a batch waited on one ticket). Returns how many resumed."""
    now = utcnow()
    due = select(Ticket).where(Ticket.waiting_for == WaitingFor.DATE, Ticket.pending_until <= now)
    resumed = 0
    for ticket in session.scalars(
        due.order_by(Ticket.pending_until, Ticket.id).limit(RESUME_BATCH)
    ):
        end_wait(session, SYSTEM, ticket, "date reached", now)
        resumed += 1
    ended = select(Status.id).where(Status.category.in_(ENDED))
    awaited = select(Ticket.id).where(Ticket.status_id.in_(ended))
    stale = select(Ticket).where(
        Ticket.waiting_for == WaitingFor.TICKET, Ticket.waiting_for_ticket_id.in_(awaited)
    )
    for ticket in session.scalars(stale.order_by(Ticket.id).limit(RESUME_BATCH)):
        end_wait(session, SYSTEM, ticket, f"ticket {ticket.waiting_for_ticket_id} ended", now)
        resumed += 1
    return resumed


def _check_target_given(
    waiting_for: WaitingFor,
    until: datetime | None,
    other_ticket_id: int | None,
    entity_link_id: int | None,
) -> None:
    if waiting_for is WaitingFor.APPROVAL:
        raise ValidationFailed("waiting.approval_not_direct", "request an approval instead")
    given = {
        WaitingFor.DATE: until is not None,
        WaitingFor.TICKET: other_ticket_id is not None,
        WaitingFor.EXTERNAL_ENTITY: entity_link_id is not None,
    }
    for kind, present in given.items():
        if present != (kind is waiting_for):
            verb = "needs" if kind is waiting_for else "does not take"
            raise ValidationFailed(
                "waiting.target_mismatch", f"waiting for {waiting_for.value} {verb} {kind.value}"
            )


def _check_other_ticket(session: Session, actor: Actor, ticket: Ticket, other_id: int) -> None:
    if other_id == ticket.id:
        raise ValidationFailed("waiting.self", "a ticket cannot wait for itself")
    other = require_ticket(session, actor, other_id)
    if current_status(session, other).category in ENDED:
        raise Conflict("waiting.ticket_ended", f"ticket {other_id} has already ended")


def _entity_link(session: Session, ticket_id: int, link_id: int) -> TicketExternalEntity:
    link = session.get(TicketExternalEntity, link_id)
    if link is None or link.ticket_id != ticket_id or not link.is_enabled:
        raise not_found("external_entity_link", link_id)
    return link


def _set_wait(
    session: Session,
    ticket: Ticket,
    waiting_for: WaitingFor,
    until: datetime | None,
    other_ticket_id: int | None,
    link: TicketExternalEntity | None,
) -> None:
    ticket.waiting_for = waiting_for
    ticket.pending_until = until
    ticket.waiting_for_ticket_id = other_ticket_id
    if link is not None:
        link.is_waited_on = True
        ticket.waiting_for_entity = session.get_one(ExternalEntity, link.entity_id).name


def _clear_wait_target(session: Session, ticket: Ticket) -> None:
    if ticket.waiting_for is WaitingFor.DATE:
        ticket.pending_until = None
    ticket.waiting_for_ticket_id = None
    if ticket.waiting_for is not WaitingFor.EXTERNAL_ENTITY:
        return
    ticket.waiting_for_entity = ""
    waited = select(TicketExternalEntity).where(
        TicketExternalEntity.ticket_id == ticket.id, TicketExternalEntity.is_waited_on
    )
    for link in session.scalars(waited):
        link.is_waited_on = False
