"""The breach check (periodic task ``sla.check``, every minute): report warning points and due
times that passed, and escalate breached tickets.

Decisions:
- Found through ``tickets.sla_next_check_at`` (indexed; None when paused, ended or without
  SLA), oldest first, ``BATCH`` at a time; each ticket is row-locked and its check time read
  again, so a second worker running at once finds nothing left to do for it.
- One mark per target and kind (``ticket_sla_marks``, unique). A mark for another due time than
  the target's current one is stale (the due time was recomputed: a reply moved the next
  update, a resume shifted it); when the new point passes the mark is replaced and reported.
- A warning emits ``SlaWarning``; a breach sets ``sla_breached`` and emits ``SlaBreached``
  (docs/events.md); no core history row is written (the dialects' history renderers do not
  know such rows).
- Escalation, once per check that found a breach, through the ordinary services so history
  and ``Assigned`` events are written as for any reassignment: the next level of the ticket's
  help desk and/or the named agent (``reassign_ticket``; with no help desk the agent becomes
  owner through ``update_ticket``), and the named group (``update_ticket``). An escalation
  the data no longer allows (agent left the desk, disabled...) is skipped with a warning:
  the breach is still reported.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from polydesk.core.actor import SYSTEM
from polydesk.core.clock import utcnow
from polydesk.core.errors import DomainError
from polydesk.db.locking import for_update
from polydesk.events.catalogue import SlaBreached, SlaWarning
from polydesk.events.service import emit
from polydesk.models.helpdesks import HelpdeskLevel
from polydesk.models.sla import MarkKind, SlaTarget, TicketSlaMark
from polydesk.models.tickets import Ticket
from polydesk.sla.clock import check_points
from polydesk.sla.policy import Policy, load_policy
from polydesk.tickets.reassign import reassign_ticket
from polydesk.tickets.schemas import TicketUpdate
from polydesk.tickets.service import update_ticket

log = logging.getLogger(__name__)

BATCH = 200


def check_due(session: Session, now: datetime | None = None) -> int:
    """Check the tickets whose next warning or due time has come; returns how many."""
    now = now or utcnow()
    due = (
        select(Ticket.id)
        .where(Ticket.sla_next_check_at <= now)
        .order_by(Ticket.sla_next_check_at, Ticket.id)
        .limit(BATCH)
    )
    checked = 0
    for ticket_id in list(session.scalars(due)):
        ticket = session.scalars(for_update(select(Ticket).where(Ticket.id == ticket_id))).first()
        if ticket is None or ticket.sla_next_check_at is None or ticket.sla_next_check_at > now:
            continue  # another worker got there first, or the ticket changed
        check_ticket(session, ticket, now)
        checked += 1
    return checked


def check_ticket(session: Session, ticket: Ticket, now: datetime) -> None:
    policy = load_policy(session, ticket.sla_id)
    if policy is None:
        ticket.sla_next_check_at = None
        return
    marks = {
        (mark.target, mark.kind): mark
        for mark in session.scalars(
            select(TicketSlaMark).where(TicketSlaMark.ticket_id == ticket.id)
        )
    }
    breached = False
    later: list[datetime] = []
    for target, is_breach, at in check_points(ticket, policy):
        if at > now:
            later.append(at)
            continue
        due = _due_of(ticket, target)
        kind = MarkKind.BREACH if is_breach else MarkKind.WARNING
        if _mark(session, ticket, marks.get((target, kind)), target, kind, due, now):
            breached |= is_breach
            _report(session, ticket, target, kind, due)
    ticket.sla_next_check_at = min(later, default=None)
    if breached:
        ticket.sla_breached = True
        session.flush()
        escalate(session, ticket, policy)


def _due_of(ticket: Ticket, target: SlaTarget) -> datetime:
    due: datetime = getattr(ticket, f"{target.value}_due_at")
    return due


def _mark(
    session: Session,
    ticket: Ticket,
    mark: TicketSlaMark | None,
    target: SlaTarget,
    kind: MarkKind,
    due: datetime,
    now: datetime,
) -> bool:
    """Record the mark; False when this very due time was reported already."""
    if mark is not None and mark.due_at == due:
        return False
    if mark is None:
        mark = TicketSlaMark(ticket_id=ticket.id, target=target, kind=kind)
        session.add(mark)
    mark.due_at, mark.created_at = due, now
    return True


def _report(
    session: Session, ticket: Ticket, target: SlaTarget, kind: MarkKind, due: datetime
) -> None:
    cls = SlaBreached if kind is MarkKind.BREACH else SlaWarning
    emit(session, SYSTEM, cls(ticket_id=ticket.id, target=target.value, due_at=due.isoformat()))


def escalate(session: Session, ticket: Ticket, policy: Policy) -> None:
    sla = policy.sla
    level = _next_level(session, ticket) if sla.escalate_to_next_level else None
    user_id = sla.escalate_to_user_id
    if (level is not None or user_id is not None) and ticket.helpdesk_id is not None:
        _try(
            session,
            "reassign",
            lambda: reassign_ticket(
                session, SYSTEM, ticket.id, helpdesk_id=ticket.helpdesk_id or 0,
                level=level, owner_id=user_id,
            ),
        )  # fmt: skip
    elif user_id is not None:
        _try(session, "owner", lambda: update_ticket(session, SYSTEM, ticket.id, _owner(user_id)))
    group_id = sla.escalate_to_group_id
    if group_id is not None:
        _try(session, "group", lambda: update_ticket(session, SYSTEM, ticket.id, _group(group_id)))


def _owner(user_id: int) -> TicketUpdate:
    return TicketUpdate(owner_id=user_id)


def _group(group_id: int) -> TicketUpdate:
    return TicketUpdate(assigned_group_id=group_id)


def _next_level(session: Session, ticket: Ticket) -> int | None:
    if ticket.helpdesk_id is None:
        return None
    query = (
        select(HelpdeskLevel.level)
        .where(HelpdeskLevel.helpdesk_id == ticket.helpdesk_id, HelpdeskLevel.level > ticket.level)
        .order_by(HelpdeskLevel.level)
        .limit(1)
    )
    level: int | None = session.scalar(query)
    return level


def _try(session: Session, what: str, step: Callable[[], object]) -> None:
    """Run one escalation step in a savepoint: a refused step changes nothing and is logged."""
    try:
        with session.begin_nested():
            step()
    except DomainError as error:
        log.warning("SLA escalation (%s) skipped: %s", what, error)
