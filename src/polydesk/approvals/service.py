"""Approval use cases: request (custom, spontaneous), add a voter, vote, cancel, list.

Rules:
- An agent who may change the ticket requests an approval on a ticket that has not ended,
  naming 1..100 enabled users as voters and a quorum ``required_votes`` (1..voters).
- Each voter votes once, approve or reject, with an optional note; voting needs no read right
  on the ticket (approvers are often managers outside the help desk).
- Decision: approved as soon as ``required_votes`` voters approve; rejected as soon as the
  quorum can no longer be reached (rejections > voters - quorum). With one voter or a quorum
  equal to the voter count, one rejection decides. Pending voters are then annulled.
- The requester of the approval, or an agent who may change the ticket, adds voters and
  cancels the approval while it is pending.
- An approval may expire (``expires_at``); see ``approvals.tasks``.
- The ticket follows the outcome: ``approvals.effects``.
Every change leaves a history event on the ticket: APPROVAL_REQUESTED, UPDATED with field
``approval_voter`` / ``approval_vote``, APPROVAL_DECIDED (new = the outcome).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from polydesk.approvals import effects
from polydesk.authz.tickets import can_change
from polydesk.core.actor import Actor
from polydesk.core.clock import utcnow
from polydesk.core.errors import Conflict, PermissionDenied, ValidationFailed, not_found
from polydesk.db.locking import for_update
from polydesk.events.catalogue import (
    ApprovalDecided,
    ApprovalRequested,
    ApprovalVoted,
    ApprovalVoterAdded,
)
from polydesk.events.service import emit
from polydesk.history.service import record_event
from polydesk.models.approvals import (
    Approval,
    ApprovalKind,
    ApprovalStatus,
    ApprovalVote,
    ExpiryAction,
    Vote,
)
from polydesk.models.history import EventKind
from polydesk.models.users import User
from polydesk.tickets import repository
from polydesk.tickets.access import require_changeable, require_ticket
from polydesk.tickets.lifecycle import ENDED, current_status

MAX_VOTERS = 100
MAX_LISTED = 1000
DECISIONS = (Vote.APPROVE, Vote.REJECT)


def request_approval(
    session: Session,
    actor: Actor,
    ticket_id: int,
    *,
    voter_ids: Iterable[int],
    required_votes: int = 1,
    description: str = "",
    pauses_sla: bool = True,
    expires_at: datetime | None = None,
    expiry_action: ExpiryAction | None = None,
    kind: ApprovalKind = ApprovalKind.CUSTOM,
    template_id: int | None = None,
) -> Approval:
    ticket = require_changeable(session, actor, ticket_id)
    if current_status(session, ticket).category in ENDED:
        raise Conflict("approval.ticket_not_open", f"ticket {ticket_id} is not open")
    voters = checked_voters(session, voter_ids)
    if not 1 <= required_votes <= len(voters):
        raise ValidationFailed("approval.invalid_quorum", "quorum: 1 to the number of voters")
    now = utcnow()
    if expires_at is not None and expires_at <= now:
        raise ValidationFailed("approval.expiry_in_past", "the expiry date has passed")
    approval = Approval(
        ticket_id=ticket.id, kind=kind.value, template_id=template_id, description=description,
        status=ApprovalStatus.WAITING, required_votes=required_votes, pauses_sla=pauses_sla,
        expiry_action=expiry_action, requested_by_id=actor.user_id, created_at=now,
        expires_at=expires_at,
    )  # fmt: skip
    session.add(approval)
    session.flush()
    session.add_all(ApprovalVote(approval_id=approval.id, user_id=uid) for uid in voters)
    record_event(
        session, actor, ticket_id=ticket.id, kind=EventKind.APPROVAL_REQUESTED,
        related_id=approval.id, new=kind.value, description=description,
    )  # fmt: skip
    requested = ApprovalRequested(
        ticket_id=ticket.id, approval_id=approval.id, approval_kind=kind.value,
        voter_ids=tuple(voters), required_votes=required_votes,
    )  # fmt: skip
    emit(session, actor, requested)
    effects.on_requested(session, actor, approval, now)
    session.flush()
    return approval


def request_spontaneous_approval(
    session: Session, actor: Actor, ticket_id: int, *, voter_id: int, description: str
) -> Approval:
    """An ad hoc approval with one voter; the description (the question) is required."""
    if not description.strip():
        raise ValidationFailed("approval.description_required", "describe what to approve")
    return request_approval(
        session, actor, ticket_id, voter_ids=[voter_id], description=description,
        kind=ApprovalKind.SPONTANEOUS,
    )  # fmt: skip


def add_voter(session: Session, actor: Actor, approval_id: int, user_id: int) -> bool:
    """Add a voter to a pending approval; False if they already were one."""
    approval = _require_manageable(session, actor, approval_id)
    checked_voters(session, [user_id])
    if session.get(ApprovalVote, (approval.id, user_id)) is not None:
        return False
    session.add(ApprovalVote(approval_id=approval.id, user_id=user_id))
    record_event(
        session, actor, ticket_id=approval.ticket_id, kind=EventKind.UPDATED,
        field="approval_voter", related_id=approval.id, new=user_id,
    )  # fmt: skip
    added = ApprovalVoterAdded(
        ticket_id=approval.ticket_id, approval_id=approval.id, user_id=user_id
    )
    emit(session, actor, added)
    session.flush()
    return True


def vote(
    session: Session, actor: Actor, approval_id: int, decision: Vote, note: str = ""
) -> Approval:
    """The actor's vote; decides the approval when the quorum is reached or out of reach."""
    if decision not in DECISIONS:
        raise ValidationFailed("approval.invalid_vote", "vote approve or reject")
    approval = _require_pending(session, approval_id)
    ballot = session.get(ApprovalVote, (approval.id, actor.user_id or 0))
    if ballot is None:
        raise PermissionDenied("approval.not_a_voter", f"not a voter on approval {approval_id}")
    if ballot.vote is not None:
        raise Conflict("approval.already_voted", f"already voted on approval {approval_id}")
    now = utcnow()
    ballot.vote, ballot.comment, ballot.voted_at = decision, note[:2000], now
    record_event(
        session, actor, ticket_id=approval.ticket_id, kind=EventKind.UPDATED,
        field="approval_vote", related_id=approval.id, new=decision.value, description=note,
    )  # fmt: skip
    voted = ApprovalVoted(
        ticket_id=approval.ticket_id, approval_id=approval.id, user_id=actor.user_id,
        vote=decision.value,
    )  # fmt: skip
    emit(session, actor, voted)
    session.flush()
    outcome = _tally(session, approval)
    if outcome is not None:
        decide(session, actor, approval, outcome, now, note=note)
    return approval


def cancel_approval(session: Session, actor: Actor, approval_id: int, note: str = "") -> Approval:
    approval = _require_manageable(session, actor, approval_id)
    decide(session, actor, approval, ApprovalStatus.CANCELLED, utcnow(), note=note)
    return approval


def decide(
    session: Session,
    actor: Actor,
    approval: Approval,
    outcome: ApprovalStatus,
    now: datetime,
    *,
    note: str = "",
    unvoted: Vote = Vote.ANNULLED,
) -> None:
    """Close the approval with ``outcome``; voters who had not voted become ``unvoted``."""
    approval.status, approval.decided_at = outcome, now
    approval.decided_by_id, approval.decision_note = actor.user_id, note[:2000]
    session.execute(
        update(ApprovalVote)
        .where(ApprovalVote.approval_id == approval.id, ApprovalVote.vote.is_(None))
        .values(vote=unvoted),
        execution_options={"synchronize_session": "fetch"},
    )
    record_event(
        session, actor, ticket_id=approval.ticket_id, kind=EventKind.APPROVAL_DECIDED,
        related_id=approval.id, new=outcome.value, description=note,
    )  # fmt: skip
    decided = ApprovalDecided(
        ticket_id=approval.ticket_id, approval_id=approval.id, outcome=outcome.value
    )
    emit(session, actor, decided)
    effects.on_decided(session, actor, approval, now)


def list_approvals(
    session: Session, actor: Actor, ticket_id: int, *, only_pending: bool = False
) -> list[Approval]:
    require_ticket(session, actor, ticket_id)
    query = select(Approval).where(Approval.ticket_id == ticket_id)
    if only_pending:
        query = query.where(Approval.status == ApprovalStatus.WAITING)
    return list(session.scalars(query.order_by(Approval.id).limit(MAX_LISTED)))


def list_votes(
    session: Session, actor: Actor, approval_id: int, *, only_pending: bool = False
) -> list[ApprovalVote]:
    """The voters of an approval the actor can see (its ticket, or as one of its voters)."""
    approval = require_approval(session, actor, approval_id)
    query = select(ApprovalVote).where(ApprovalVote.approval_id == approval.id)
    if only_pending:
        query = query.where(ApprovalVote.vote.is_(None))
    return list(session.scalars(query.order_by(ApprovalVote.user_id).limit(MAX_LISTED)))


def require_approval(session: Session, actor: Actor, approval_id: int) -> Approval:
    """The approval if the actor can read its ticket or is one of its voters."""
    approval = session.get(Approval, approval_id)
    if approval is None:
        raise not_found("approval", approval_id)
    is_voter = actor.user_id is not None and (
        session.get(ApprovalVote, (approval.id, actor.user_id)) is not None
    )
    if not is_voter and repository.get_visible(session, actor, approval.ticket_id) is None:
        raise not_found("approval", approval_id)
    return approval


def _require_pending(session: Session, approval_id: int) -> Approval:
    # Locked: concurrent votes on one approval are tallied one after the other, so each tally
    # sees every earlier vote and the approval concludes exactly once.
    query = for_update(select(Approval).where(Approval.id == approval_id), Approval)
    approval = session.scalars(query).first()
    if approval is None:
        raise not_found("approval", approval_id)
    if approval.status is not ApprovalStatus.WAITING:
        raise Conflict("approval.not_pending", f"approval {approval_id} is {approval.status}")
    return approval


def _require_manageable(session: Session, actor: Actor, approval_id: int) -> Approval:
    approval = _require_pending(session, approval_id)
    if actor.is_admin or (actor.user_id and actor.user_id == approval.requested_by_id):
        return approval
    ticket = repository.get_visible(session, actor, approval.ticket_id)
    if ticket is None or not can_change(actor, ticket):
        raise PermissionDenied("approval.permission_denied", f"may not manage {approval_id}")
    return approval


def checked_voters(session: Session, voter_ids: Iterable[int]) -> list[int]:
    voters = list(dict.fromkeys(voter_ids))
    if not 1 <= len(voters) <= MAX_VOTERS:
        raise ValidationFailed("approval.invalid_voters", f"give 1 to {MAX_VOTERS} voters")
    enabled = set(
        session.scalars(select(User.id).where(User.id.in_(voters), User.is_enabled.is_(True)))
    )
    for voter in voters:
        if voter not in enabled:
            raise not_found("user", voter)
    return voters


def _tally(session: Session, approval: Approval) -> ApprovalStatus | None:
    votes = list(
        session.scalars(select(ApprovalVote.vote).where(ApprovalVote.approval_id == approval.id))
    )
    approvals = sum(1 for v in votes if v is Vote.APPROVE)
    rejections = sum(1 for v in votes if v is Vote.REJECT)
    if approvals >= approval.required_votes:
        return ApprovalStatus.APPROVED
    if rejections > len(votes) - approval.required_votes:
        return ApprovalStatus.REJECTED
    return None
