"""What approvals do to their ticket (InvGate leaves this mostly unsaid; the rule we chose):

- Requesting an approval that pauses the SLA puts a new or open ticket in "Waiting for
  approval" (WAITING category, ``waiting_for = approval``): the SLA clock stops, and the wait
  is recorded as any wait is (``WAITING_STARTED``, related to the approval; its end records
  ``WAITING_ENDED``). A ticket that already waits for something else keeps that wait (its
  clock is already stopped).
- Approved, expired without an action, or cancelled: when no other approval that pauses the
  SLA is still pending, a ticket waiting for approval goes back to Open.
- Rejected (by the votes, or by expiry with action "reject"): the ticket is Rejected (status
  category cancelled), since what it asked for was refused; other pending approvals on it are
  cancelled. A ticket already closed or cancelled is left alone.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from polydesk.core.actor import Actor
from polydesk.events.catalogue import ApprovalDecided
from polydesk.events.service import emit
from polydesk.history.service import record_event
from polydesk.models.approvals import Approval, ApprovalStatus, ApprovalVote, Vote
from polydesk.models.catalogs import StatusCategory
from polydesk.models.history import EventKind
from polydesk.models.tickets import Ticket, WaitingFor
from polydesk.tickets.lifecycle import FINAL, current_status, status_for
from polydesk.tickets.transition import move_ticket
from polydesk.tickets.waiting import end_wait, enter_wait

_WAITABLE = {StatusCategory.NEW, StatusCategory.OPEN}
MAX_PENDING = 1000


def on_requested(session: Session, actor: Actor, approval: Approval, now: datetime) -> None:
    if not approval.pauses_sla:
        return
    ticket = session.get_one(Ticket, approval.ticket_id)
    if current_status(session, ticket).category not in _WAITABLE:
        return
    # the same start event as any other wait, so every WAITING_ENDED has its WAITING_STARTED
    enter_wait(session, actor, ticket, WaitingFor.APPROVAL, now, related_id=approval.id)


def on_decided(session: Session, actor: Actor, approval: Approval, now: datetime) -> None:
    ticket = session.get_one(Ticket, approval.ticket_id)
    if approval.status is ApprovalStatus.REJECTED:
        _reject_ticket(session, actor, ticket, approval, now)
    elif ticket.waiting_for is WaitingFor.APPROVAL and not _other_pausing(session, approval):
        end_wait(session, actor, ticket, f"approval {approval.id} {approval.status.value}", now)


def _reject_ticket(
    session: Session, actor: Actor, ticket: Ticket, approval: Approval, now: datetime
) -> None:
    if current_status(session, ticket).category in FINAL:
        return
    cancel_pending(session, actor, ticket.id, now, note=f"approval {approval.id} rejected")
    if ticket.waiting_for is not None:
        end_wait(session, actor, ticket, f"approval {approval.id} rejected", now, resume=False)
    rejected = status_for(session, StatusCategory.CANCELLED, "Rejected")
    move_ticket(session, actor, ticket, rejected, now)


def _other_pausing(session: Session, approval: Approval) -> bool:
    query = select(Approval.id).where(
        Approval.ticket_id == approval.ticket_id,
        Approval.id != approval.id,
        Approval.status == ApprovalStatus.WAITING,
        Approval.pauses_sla,
    )
    return session.scalars(query.limit(1)).first() is not None


def cancel_pending(
    session: Session, actor: Actor, ticket_id: int, now: datetime, *, note: str
) -> None:
    """Cancel every pending approval of the ticket (it was rejected)."""
    query = select(Approval).where(
        Approval.ticket_id == ticket_id, Approval.status == ApprovalStatus.WAITING
    )
    for approval in list(session.scalars(query.limit(MAX_PENDING))):
        approval.status, approval.decided_at = ApprovalStatus.CANCELLED, now
        approval.decided_by_id, approval.decision_note = actor.user_id, note
        session.execute(
            update(ApprovalVote)
            .where(ApprovalVote.approval_id == approval.id, ApprovalVote.vote.is_(None))
            .values(vote=Vote.ANNULLED)
        )
        record_event(
            session, actor, ticket_id=ticket_id, kind=EventKind.APPROVAL_DECIDED,
            related_id=approval.id, new=ApprovalStatus.CANCELLED.value, description=note,
        )  # fmt: skip
        cancelled = ApprovalDecided(
            ticket_id=ticket_id, approval_id=approval.id, outcome=ApprovalStatus.CANCELLED.value
        )
        emit(session, actor, cancelled)
