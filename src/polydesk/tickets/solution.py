"""Solution, cancel, reject and reopen (InvGate ``incident.solution.*``, ``incident.cancel``,
``incident.reject``, ``incident.reopen``).

Rules:
- ``propose_solution``: an agent who may change the ticket posts a public solution comment on
  a new, open or waiting ticket (a wait ends); the ticket becomes Resolved. It takes the same
  comment command as ``comments.service.add_comment``, so the solution keeps the edge's
  channel and MIME type like any other reply from that edge.
- ``accept_solution``: the requester, or an agent who may change the ticket, accepts the
  proposed solution of a Resolved ticket with an optional rating (0..10, edges map their
  scale) and comment; the ticket closes with close reason "Solution accepted".
- ``reject_solution``: same people, a reason is required; it is posted as a public comment and
  the ticket reopens (status Open, reopen count + 1).
- ``cancel_ticket``: the requester or an agent who may change it withdraws a ticket that is not
  closed or cancelled yet; status Cancelled. ``reject_ticket``: an agent declines it; status
  Rejected. Both take an optional reason (posted as a public comment) and close reason; a wait
  ends and pending approvals are cancelled.
- ``reopen_ticket``: the requester or an agent who may change it reopens a resolved, closed or
  cancelled ticket; status Reopened, close reason cleared, a pending solution is rejected.
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from polydesk.approvals.effects import cancel_pending
from polydesk.authz.tickets import can_change
from polydesk.catalogs.service import get_catalog_item_by_name
from polydesk.comments.schemas import CommentCreate
from polydesk.comments.service import add_comment
from polydesk.core.actor import Actor
from polydesk.core.clock import utcnow
from polydesk.core.errors import Conflict, PermissionDenied, ValidationFailed, not_found
from polydesk.events.catalogue import SolutionAccepted, SolutionProposed, SolutionRejected
from polydesk.events.service import emit
from polydesk.history.service import record_event
from polydesk.models.catalogs import CloseReason, StatusCategory
from polydesk.models.comments import Comment, SolutionState
from polydesk.models.history import EventKind
from polydesk.models.tickets import Ticket
from polydesk.tickets.access import is_requester, require_changeable, require_ticket
from polydesk.tickets.lifecycle import ENDED, FINAL, current_status, status_for
from polydesk.tickets.transition import move_ticket
from polydesk.tickets.waiting import end_wait

ACCEPTED_REASON = "Solution accepted"


def propose_solution(
    session: Session, actor: Actor, ticket_id: int, solution: str | CommentCreate
) -> Comment:
    """Post ``solution`` as the ticket's solution comment and mark the ticket Resolved.

    ``solution`` is the comment command every reply uses (so an edge keeps its channel, MIME
    type and headers), or just the text of a plain web comment. It is always a public
    solution: ``is_solution`` is set here, and a non-public command is refused."""
    command = _solution_command(solution)
    ticket = require_changeable(session, actor, ticket_id)
    if current_status(session, ticket).category in ENDED:
        raise Conflict("solution.ticket_not_open", f"ticket {ticket_id} is not open")
    comment = add_comment(session, actor, ticket_id, command)
    now = utcnow()
    if ticket.waiting_for is not None:
        end_wait(session, actor, ticket, "solution proposed", now, resume=False)
    resolved = status_for(session, StatusCategory.RESOLVED, "Resolved")
    move_ticket(session, actor, ticket, resolved, now)
    record_event(
        session,
        actor,
        ticket_id=ticket.id,
        kind=EventKind.SOLUTION_PROPOSED,
        related_id=comment.id,
    )
    emit(session, actor, SolutionProposed(ticket_id=ticket.id, comment_id=comment.id))
    return comment


def accept_solution(
    session: Session,
    actor: Actor,
    ticket_id: int,
    *,
    rating: int | None = None,
    comment: str = "",
) -> Ticket:
    ticket = _require_requester_or_agent(session, actor, ticket_id)
    _require_resolved(session, ticket)
    if rating is not None and not 0 <= rating <= 10:
        raise ValidationFailed("solution.invalid_rating", "rating must be between 0 and 10")
    now = utcnow()
    solution_id = _settle_proposals(session, ticket.id, SolutionState.ACCEPTED)
    ticket.rating = rating
    ticket.rating_comment = comment[:2000]
    reason = get_catalog_item_by_name(session, "close_reason", ACCEPTED_REASON)
    ticket.close_reason_id = reason.id if reason is not None else None
    move_ticket(session, actor, ticket, status_for(session, StatusCategory.CLOSED, "Closed"), now)
    record_event(
        session,
        actor,
        ticket_id=ticket.id,
        kind=EventKind.SOLUTION_ACCEPTED,
        related_id=solution_id,
        new=rating,
        description=comment,
    )
    accepted = SolutionAccepted(ticket_id=ticket.id, comment_id=solution_id, rating=rating)
    emit(session, actor, accepted)
    return ticket


def reject_solution(session: Session, actor: Actor, ticket_id: int, reason: str) -> Ticket:
    ticket = _require_requester_or_agent(session, actor, ticket_id)
    _require_resolved(session, ticket)
    if not reason.strip():
        raise ValidationFailed("solution.reason_required", "say why the solution is rejected")
    solution_id = _settle_proposals(session, ticket.id, SolutionState.REJECTED)
    reply = add_comment(session, actor, ticket_id, CommentCreate(body=reason))
    now = utcnow()
    move_ticket(session, actor, ticket, status_for(session, StatusCategory.OPEN, "Open"), now)
    record_event(
        session,
        actor,
        ticket_id=ticket.id,
        kind=EventKind.SOLUTION_REJECTED,
        related_id=solution_id,
        new=reply.id,
        description=reason,
    )
    rejected = SolutionRejected(ticket_id=ticket.id, comment_id=solution_id, reply_id=reply.id)
    emit(session, actor, rejected)
    return ticket


def cancel_ticket(
    session: Session,
    actor: Actor,
    ticket_id: int,
    *,
    reason: str = "",
    close_reason_id: int | None = None,
) -> Ticket:
    ticket = _require_requester_or_agent(session, actor, ticket_id)
    return finish_unsolved(session, actor, ticket, "Cancelled", reason, close_reason_id)


def reject_ticket(
    session: Session,
    actor: Actor,
    ticket_id: int,
    *,
    reason: str = "",
    close_reason_id: int | None = None,
) -> Ticket:
    ticket = require_changeable(session, actor, ticket_id)
    return finish_unsolved(session, actor, ticket, "Rejected", reason, close_reason_id)


def reopen_ticket(session: Session, actor: Actor, ticket_id: int) -> Ticket:
    ticket = _require_requester_or_agent(session, actor, ticket_id)
    if current_status(session, ticket).category not in ENDED:
        raise Conflict("ticket.not_closed", f"ticket {ticket_id} is not resolved or closed")
    _settle_proposals(session, ticket.id, SolutionState.REJECTED)
    ticket.close_reason_id = None
    reopened = status_for(session, StatusCategory.OPEN, "Reopened")
    move_ticket(session, actor, ticket, reopened, utcnow())
    return ticket


def finish_unsolved(
    session: Session,
    actor: Actor,
    ticket: Ticket,
    status_name: str,
    reason: str,
    close_reason_id: int | None,
) -> Ticket:
    """End a ticket without a solution in the ``status_name`` status (cancelled category):
    cancel, reject, merge. Refused (``ticket.already_closed``) when it is closed already."""
    if current_status(session, ticket).category in FINAL:
        raise Conflict("ticket.already_closed", f"ticket {ticket.id} is already closed")
    if close_reason_id is not None and session.get(CloseReason, close_reason_id) is None:
        raise not_found("close_reason", close_reason_id)
    if reason.strip():
        add_comment(session, actor, ticket.id, CommentCreate(body=reason))
    now = utcnow()
    if ticket.waiting_for is not None:
        end_wait(session, actor, ticket, status_name.lower(), now, resume=False)
    _settle_proposals(session, ticket.id, SolutionState.REJECTED)
    cancel_pending(session, actor, ticket.id, now, note=status_name.lower())
    ticket.close_reason_id = close_reason_id
    target = status_for(session, StatusCategory.CANCELLED, status_name)
    move_ticket(session, actor, ticket, target, now)
    return ticket


def _solution_command(solution: str | CommentCreate) -> CommentCreate:
    if isinstance(solution, str):
        return CommentCreate(body=solution, is_solution=True)
    if not solution.is_public:
        raise ValidationFailed("solution.not_public", "a solution is always public")
    return solution.model_copy(update={"is_solution": True})


def _require_requester_or_agent(session: Session, actor: Actor, ticket_id: int) -> Ticket:
    ticket = require_ticket(session, actor, ticket_id)
    if not (is_requester(actor, ticket) or can_change(actor, ticket)):
        raise PermissionDenied("ticket.permission_denied", f"may not change ticket {ticket_id}")
    return ticket


def _require_resolved(session: Session, ticket: Ticket) -> None:
    if current_status(session, ticket).category is not StatusCategory.RESOLVED:
        raise Conflict("solution.none_proposed", f"ticket {ticket.id} has no proposed solution")


def _settle_proposals(session: Session, ticket_id: int, state: SolutionState) -> int | None:
    """Mark the ticket's pending solution comments; returns the latest one's id."""
    pending = (
        Comment.ticket_id == ticket_id,
        Comment.solution_state == SolutionState.PROPOSED,
    )
    latest = session.scalar(select(Comment.id).where(*pending).order_by(Comment.id.desc()))
    if latest is not None:
        session.execute(
            update(Comment).where(*pending).values(solution_state=state),
            execution_options={"synchronize_session": "fetch"},
        )
    return latest
