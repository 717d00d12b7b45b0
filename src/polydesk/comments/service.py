"""Comment use cases: add a comment to a ticket, list a ticket's comments."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from polydesk.authz.parts import sees_comment
from polydesk.authz.tickets import require_contribute
from polydesk.comments.schemas import HISTORY_FIELDS, NOTIFY_FIELDS, CommentCreate
from polydesk.core.actor import Actor
from polydesk.core.clock import utcnow
from polydesk.core.errors import PermissionDenied, not_found
from polydesk.core.pagination import Page, PageRequest
from polydesk.events.catalogue import ArticlePosted
from polydesk.events.service import emit
from polydesk.history.service import record_event
from polydesk.models.comments import Comment, SenderType, SolutionState
from polydesk.models.history import EventKind
from polydesk.models.tickets import Ticket
from polydesk.models.users import User
from polydesk.search.service import index_document
from polydesk.sentiment.service import classify
from polydesk.sla import clock as sla_clock
from polydesk.tickets.access import is_requester, require_ticket
from polydesk.tickets.parts import list_ticket_parts
from polydesk.tickets.waiting import end_customer_wait


def add_comment(session: Session, actor: Actor, ticket_id: int, cmd: CommentCreate) -> Comment:
    ticket = require_ticket(session, actor, ticket_id, lock=True)  # the comment touches it
    require_contribute(actor, ticket)  # reading is not enough: an observer only reads
    if actor.is_customer and (not cmd.is_public or cmd.is_solution):
        raise PermissionDenied("comment.internal_not_allowed", "customers write public comments")
    _require_users(session, [*cmd.notify_user_ids, *cmd.exclude_user_ids])
    now = utcnow()
    sender = cmd.sender_type or (SenderType.CUSTOMER if actor.is_customer else SenderType.AGENT)
    comment = Comment(
        **cmd.model_dump(exclude={"sender_type", *NOTIFY_FIELDS, *HISTORY_FIELDS}),
        ticket_id=ticket.id,
        author_id=actor.user_id,
        sender_type=sender,
        created_at=now,
        solution_state=SolutionState.PROPOSED if cmd.is_solution else None,
    )
    session.add(comment)
    session.flush()
    record_event(
        session,
        actor,
        ticket_id=ticket.id,
        kind=EventKind.COMMENT_ADDED,
        field=cmd.history_type,
        related_id=comment.id,
        new="public" if comment.is_public else "internal",
        description=cmd.history_comment,
    )
    posted = ArticlePosted(
        ticket_id=ticket.id, comment_id=comment.id, is_public=comment.is_public,
        sender_type=sender.value, channel=cmd.channel.value, is_initial=cmd.is_initial,
        is_solution=cmd.is_solution, no_agent_notify=cmd.no_agent_notify,
        notify_user_ids=tuple(sorted(set(cmd.notify_user_ids))),
        exclude_user_ids=tuple(sorted(set(cmd.exclude_user_ids))),
    )  # fmt: skip
    emit(session, actor, posted)
    _touch_ticket(session, actor, ticket, comment, now)
    index_document(
        session,
        ticket_id=ticket.id,
        source="comment",
        source_id=comment.id,
        content=f"{comment.subject}\n{comment.body}",
    )
    return comment


def _touch_ticket(
    session: Session, actor: Actor, ticket: Ticket, comment: Comment, now: datetime
) -> None:
    """First response, last update, and what a customer's words do to the ticket."""
    sender = comment.sender_type
    first = (
        sender is SenderType.AGENT
        and comment.is_public
        and not comment.is_initial  # the opening article is the request, not an answer
        and ticket.first_response_at is None
    )
    if first:
        ticket.first_response_at = now
    sla_clock.on_article(session, ticket, comment, first, now)
    ticket.updated_at = now
    if sender is SenderType.CUSTOMER or is_requester(actor, ticket):
        _customer_spoke(session, actor, ticket, comment, now)


def _customer_spoke(
    session: Session, actor: Actor, ticket: Ticket, comment: Comment, now: datetime
) -> None:
    """A comment from the customer's side: it ends a wait for the customer and sets the
    ticket's current sentiment (an opening message sets the initial one as well). Agents'
    comments leave the customer's sentiment alone."""
    sentiment = classify(comment.subject, comment.body)
    ticket.sentiment_current = sentiment
    if comment.is_initial:
        ticket.sentiment_initial = sentiment
    end_customer_wait(session, actor, ticket, now)


def list_comments(
    session: Session, actor: Actor, ticket_id: int, page: PageRequest
) -> Page[Comment]:
    return list_ticket_parts(
        session, actor, ticket_id, Comment, page, Comment.created_at, Comment.id
    )


def require_ticket_comment(
    session: Session, actor: Actor, ticket_id: int, comment_id: int
) -> Comment:
    """The comment if it belongs to that ticket and the actor reads it (``authz.parts``): what
    time entries and files may hang on. A customer cannot name an internal comment."""
    comment = session.get(Comment, comment_id) if 0 < comment_id < 2**31 else None
    if comment is None or comment.ticket_id != ticket_id or not sees_comment(actor, comment):
        raise not_found("comment", comment_id)
    return comment


def _require_users(session: Session, user_ids: list[int]) -> None:
    """Users a comment's notification is forced to or kept from must exist (one query)."""
    if not user_ids:
        return
    found = set(session.scalars(select(User.id).where(User.id.in_(user_ids))))
    for user_id in user_ids:
        if user_id not in found:
            raise not_found("user", user_id)
