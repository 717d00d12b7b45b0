"""The SLA clock on a ticket: its due times, kept in the write path so the request that made a
change (and any read after it) shows them, as Znuny computes its escalation index at once.

Decisions:
- First response: ``created_at`` + target; met by the first public agent article after the
  initial one (``first_response_at``), then its due time is cleared (Znuny shows 0).
- Resolution: ``created_at`` + target; met when the ticket ends (resolved, closed, cancelled);
  an ended ticket has no due times at all (Znuny: 0 for closed tickets).
- Next update (Znuny UpdateTime), from ``sla_update_from``: the creation; a public agent
  article; a public customer article whose previous public article was an agent's. A customer
  writing after a customer moves nothing.
- Met late (answered or ended after the due time): ``sla_breached`` is set at once.
- Pause: in a WAITING status the clock stops (``sla_paused_at``; no breach is checked). On
  resume every open due time T moves to resume + the working time left between the pause's
  start and T, so a target already due before the pause stays due. ``sla_paused_seconds``
  adds up the paused *working* seconds of the SLA's calendar (wall seconds with no SLA); a
  recomputation from ``created_at`` (reopen, another SLA) adds them to the targets.
- Reopen, or a change of priority / help desk / company / category / type / SLA: the SLA is
  chosen again (``sla.policy``) and every due time computed again from its start.
- ``sla_next_check_at``: the earliest warning point or due time of the open targets (the
  breach check's index); None when paused, ended or without SLA.
- With no SLA on the ticket, status changes and articles cost nothing here; a creation or a
  choosing change costs the one rules query of ``policy.choose_sla_for``.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from polydesk.models.catalogs import Status, StatusCategory
from polydesk.models.comments import Comment, SenderType
from polydesk.models.sla import SlaTarget
from polydesk.models.tickets import Ticket
from polydesk.sla.business_time import (
    add_business_minutes,
    business_minutes_between,
    subtract_business_minutes,
)
from polydesk.sla.policy import Policy, choose_sla_for, load_policy, policy_of

ENDED = {StatusCategory.RESOLVED, StatusCategory.CLOSED, StatusCategory.CANCELLED}
#: Ticket fields a rule can match on: changing one chooses the SLA again.
CHOOSING_FIELDS = frozenset(
    {"priority_id", "helpdesk_id", "company_id", "category_id", "type_id", "sla_id"}
    | {"sla_disabled"}
)
_DUE = {
    SlaTarget.FIRST_RESPONSE: "first_response_due_at",
    SlaTarget.UPDATE: "update_due_at",
    SlaTarget.RESOLUTION: "resolution_due_at",
}


def on_created(session: Session, ticket: Ticket, category: StatusCategory, now: datetime) -> None:
    """A new ticket (not flushed yet, so its INSERT carries the due times)."""
    ticket.sla_pinned = ticket.sla_id is not None
    if category is StatusCategory.WAITING:
        ticket.sla_paused_at = now
    ticket.sla_update_from = ticket.created_at
    _choose_and_compute(session, ticket, category)


def on_status_change(
    session: Session,
    ticket: Ticket,
    old: StatusCategory | None,
    new: StatusCategory,
    now: datetime,
) -> None:
    if new is StatusCategory.WAITING and ticket.sla_paused_at is None:
        ticket.sla_paused_at = now
    elif new is not StatusCategory.WAITING and ticket.sla_paused_at is not None:
        _resume(ticket, load_policy(session, ticket.sla_id), now)
    if old in ENDED and new not in ENDED:  # reopened: choose again, count from creation
        _choose_and_compute(session, ticket, new)
        return
    policy = load_policy(session, ticket.sla_id)
    if policy is None:
        return
    if new in ENDED:
        _end(ticket, now)
    else:
        ticket.sla_next_check_at = next_check(ticket, policy)


def on_article(
    session: Session, ticket: Ticket, comment: Comment, first_response: bool, now: datetime
) -> None:
    """A public article was posted (``first_response``: it is the ticket's first response)."""
    if ticket.sla_id is None or not comment.is_public or comment.is_initial:
        return
    policy = load_policy(session, ticket.sla_id)
    if policy is None or ticket.solved_at is not None:  # ended: no due times
        return
    if first_response:
        if _late(ticket.first_response_due_at, now):
            ticket.sla_breached = True
        ticket.first_response_due_at = None
    if policy.sla.update_minutes is not None and (
        comment.sender_type is SenderType.AGENT or _answers_agent(session, ticket, comment)
    ):
        ticket.sla_update_from = now
        _compute_update(ticket, policy)
    ticket.sla_next_check_at = next_check(ticket, policy)


def on_facts_changed(session: Session, ticket: Ticket, changed: set[str]) -> None:
    """After an update or reassignment; chooses the SLA again when a choosing field moved."""
    if not CHOOSING_FIELDS & changed:
        return
    if "sla_id" in changed:
        ticket.sla_pinned = ticket.sla_id is not None
    category = session.get_one(Status, ticket.status_id).category
    _choose_and_compute(session, ticket, category)


def next_check(ticket: Ticket, policy: Policy) -> datetime | None:
    if ticket.sla_paused_at is not None:
        return None
    points = [at for _, _, at in check_points(ticket, policy)]
    return min(points, default=None)


def check_points(ticket: Ticket, policy: Policy) -> Iterator[tuple[SlaTarget, bool, datetime]]:
    """(target, is_breach, instant) for every open target: its warning point, its due time."""
    percent = policy.sla.warning_percent
    for target, column in _DUE.items():
        due: datetime | None = getattr(ticket, column)
        minutes = policy.target_minutes(target)
        if due is None:
            continue
        if percent is not None and minutes is not None:
            before = minutes * (100 - percent) / 100
            warn_at = subtract_business_minutes(policy.calendar, due, before)
            if warn_at is not None:
                yield target, False, warn_at
        yield target, True, due


def _choose_and_compute(session: Session, ticket: Ticket, category: StatusCategory) -> None:
    sla = choose_sla_for(session, ticket)
    ticket.sla_id = sla.id if sla is not None else None
    policy = policy_of(session, sla)
    if policy is None or category in ENDED:
        _clear(ticket)
        return
    paused = (ticket.sla_paused_seconds or 0) / 60  # None on a new, unflushed ticket
    ticket.first_response_due_at = (
        None
        if ticket.first_response_at is not None
        else _add(policy, ticket.created_at, policy.sla.first_response_minutes, paused)
    )
    ticket.resolution_due_at = _add(
        policy, ticket.created_at, policy.sla.resolution_minutes, paused
    )
    _compute_update(ticket, policy)
    ticket.sla_next_check_at = next_check(ticket, policy)


def _compute_update(ticket: Ticket, policy: Policy) -> None:
    start = ticket.sla_update_from or ticket.created_at
    ticket.update_due_at = _add(policy, start, policy.sla.update_minutes, 0)


def _add(policy: Policy, start: datetime, minutes: int | None, extra: float) -> datetime | None:
    if minutes is None:
        return None
    return add_business_minutes(policy.calendar, start, minutes + extra)


def _resume(ticket: Ticket, policy: Policy | None, now: datetime) -> None:
    paused_at = ticket.sla_paused_at
    assert paused_at is not None
    ticket.sla_paused_at = None
    if policy is None:
        ticket.sla_paused_seconds += int((now - paused_at).total_seconds())
        return
    calendar = policy.calendar
    ticket.sla_paused_seconds += round(business_minutes_between(calendar, paused_at, now) * 60)
    for column in _DUE.values():
        due: datetime | None = getattr(ticket, column)
        if due is not None:
            left = business_minutes_between(calendar, paused_at, due)
            setattr(ticket, column, add_business_minutes(calendar, now, left))


def _end(ticket: Ticket, now: datetime) -> None:
    if _late(ticket.resolution_due_at, now):
        ticket.sla_breached = True
    _clear(ticket)


def _clear(ticket: Ticket) -> None:
    ticket.first_response_due_at = ticket.update_due_at = ticket.resolution_due_at = None
    ticket.sla_next_check_at = None


def _late(due: datetime | None, now: datetime) -> bool:
    return due is not None and now > due


def _answers_agent(session: Session, ticket: Ticket, comment: Comment) -> bool:
    """A customer article whose previous public article is an agent's (one query)."""
    if comment.sender_type is not SenderType.CUSTOMER:
        return False
    previous = session.scalar(
        select(Comment.sender_type)
        .where(
            Comment.ticket_id == ticket.id,
            Comment.is_public.is_(True),
            Comment.id != comment.id,
        )
        .order_by(Comment.created_at.desc(), Comment.id.desc())
        .limit(1)
    )
    return previous is SenderType.AGENT
