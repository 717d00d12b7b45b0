"""What an actor reads of a ticket's parts: the one rule for comments, attachments, time entries
and the history lines about them, on every edge.

- Agents and admins read every part of a ticket they can read.
- A customer reads the ticket's public part: a comment when it is public; an attachment or a
  time entry when it is public itself and, if it belongs to a comment (a file sent with an
  article, the time of an Integria workunit), that comment is public too. Counts and totals
  are taken over exactly these rows, so no number reveals internal work.
- History: a customer reads the events about the ticket itself and those about parts it reads;
  not the lines about internal comments, attachments or time, nor removed attachments (whether
  the file was public is no longer known).

Every clause here assumes the caller starts from tickets the actor may read
(``authz.tickets.readable_tickets``); these only narrow what hangs off them.
"""

from __future__ import annotations

from sqlalchemy import SQLColumnExpression, and_, exists, or_, true

from polydesk.core.actor import Actor
from polydesk.models.attachments import Attachment
from polydesk.models.comments import Comment
from polydesk.models.history import EventKind, HistoryEvent
from polydesk.models.timetracking import TimeEntry

Part = Comment | Attachment | TimeEntry
Clause = SQLColumnExpression[bool]

#: History events whose ``related_id`` is a comment.
COMMENT_EVENTS = (EventKind.COMMENT_ADDED, EventKind.EMAIL_SENT, EventKind.SOLUTION_PROPOSED)
#: Events about a part of the ticket; a customer reads them only for parts it reads.
PART_EVENTS = (
    *COMMENT_EVENTS,
    EventKind.ATTACHMENT_ADDED,
    EventKind.ATTACHMENT_DELETED,
    EventKind.TIME_LOGGED,
)


def reads_everything(actor: Actor) -> bool:
    """Does the actor read every part of the tickets it can read (no public-only filter)?"""
    return not actor.is_customer


def visible_comments(actor: Actor) -> Clause:
    return true() if reads_everything(actor) else Comment.is_public


def sees_comment(actor: Actor, comment: Comment) -> bool:
    """``visible_comments`` for a comment already loaded."""
    return reads_everything(actor) or comment.is_public


def visible_attachments(actor: Actor) -> Clause:
    if reads_everything(actor):
        return true()
    return and_(Attachment.is_public, _under_public_comment(Attachment.comment_id))


def visible_time_entries(actor: Actor) -> Clause:
    if reads_everything(actor):
        return true()
    return and_(TimeEntry.is_public, _under_public_comment(TimeEntry.comment_id))


def visible_parts(actor: Actor, model: type[Part]) -> Clause:
    """The WHERE clause for rows of ``model`` (comments, attachments or time entries)."""
    if model is Comment:
        return visible_comments(actor)
    if model is Attachment:
        return visible_attachments(actor)
    return visible_time_entries(actor)


def visible_events(actor: Actor) -> Clause:
    """The WHERE clause for a ticket's history events."""
    if reads_everything(actor):
        return true()
    about = HistoryEvent.related_id
    kind = HistoryEvent.kind
    return or_(
        # Who else was mailed is agents' business (Znuny shows customers no history at all).
        kind.not_in((*PART_EVENTS, EventKind.NOTIFICATION_SENT)),
        and_(kind.in_(COMMENT_EVENTS), exists().where(Comment.id == about, Comment.is_public)),
        and_(
            kind == EventKind.ATTACHMENT_ADDED,
            exists().where(Attachment.id == about, visible_attachments(actor)),
        ),
        and_(
            kind == EventKind.TIME_LOGGED,
            exists().where(TimeEntry.id == about, visible_time_entries(actor)),
        ),
    )


def _under_public_comment(comment_id: SQLColumnExpression[int | None]) -> Clause:
    """The row belongs to no comment, or to a public one."""
    return or_(comment_id.is_(None), exists().where(Comment.id == comment_id, Comment.is_public))
