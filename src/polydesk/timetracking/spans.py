"""Time logged as a span (from, to, comment), as InvGate's time tracking does, and deleting a
time entry, so that every edge sees the same time.

Decisions:
- A span is a work log: one internal comment (the span's comment, or "Time logged" when none
  is given) carrying one private time entry of ``to - from`` seconds starting at ``from``. So
  it is an Integria workunit and a native time entry at once. The comment's subject is
  ``WORK_LOG_SUBJECT``, which marks it as belonging to the entry.
- Deleting an entry deletes it (history: an ``UPDATED`` event, field
  ``time_entry_deleted``, the seconds only for a public entry: customers read such events);
  when its comment is such a work log comment with no other time
  entry, the comment goes too (with its search document), so the workunit disappears
  everywhere. Other comments (a reply that also logged time) stay. Only the entry's author or
  an admin may delete it, on a ticket the actor may change.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from pydantic import BaseModel, ConfigDict, Field, model_validator
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from polydesk.authz.tickets import require_agent, require_change
from polydesk.comments.schemas import CommentCreate
from polydesk.comments.service import add_comment
from polydesk.core.actor import Actor
from polydesk.core.errors import PermissionDenied, ValidationFailed, not_found
from polydesk.core.pagination import PageRequest
from polydesk.core.validation import AwareDatetime
from polydesk.history.service import record_event
from polydesk.models.comments import Channel, Comment
from polydesk.models.history import EventKind
from polydesk.models.search import SearchDocument
from polydesk.models.timetracking import TimeEntry
from polydesk.tickets.access import require_ticket
from polydesk.timetracking.categories import require_time_category
from polydesk.timetracking.service import (
    TimeEntryCreate,
    TimeEntryFilter,
    find_time_entries,
    log_time,
)

WORK_LOG_SUBJECT = "Time tracking"
MAX_SPAN_SECONDS = 7 * 24 * 3600


class TimeSpan(BaseModel):
    model_config = ConfigDict(extra="forbid")

    started_at: AwareDatetime
    ended_at: AwareDatetime
    comment: str = Field(default="", max_length=100_000)
    category_id: int | None = None  # a time category (``timetracking.categories``)

    @model_validator(mode="after")
    def _ordered(self) -> TimeSpan:
        seconds = (self.ended_at - self.started_at).total_seconds()
        if seconds < 1:
            raise ValueError("the end must come after the start")
        if seconds > MAX_SPAN_SECONDS:
            raise ValueError("a span is at most 7 days")
        return self

    @property
    def seconds(self) -> int:
        return int((self.ended_at - self.started_at).total_seconds())


def log_span(session: Session, actor: Actor, ticket_id: int, span: TimeSpan) -> TimeEntry:
    require_agent(actor)
    if span.category_id is not None:
        require_time_category(session, span.category_id)
    comment = add_comment(
        session,
        actor,
        ticket_id,
        CommentCreate(
            body=span.comment.strip() or "Time logged",
            subject=WORK_LOG_SUBJECT,
            is_public=False,
            channel=Channel.API,
        ),
    )
    entry = TimeEntryCreate(
        duration_seconds=span.seconds,
        started_at=span.started_at,
        is_public=False,
        category="" if span.category_id is None else str(span.category_id),
        description=span.comment,
        comment_id=comment.id,
    )
    return log_time(session, actor, ticket_id, entry)


def ended_at(entry: TimeEntry) -> datetime:
    return entry.started_at + timedelta(seconds=entry.duration_seconds)


def delete_time_entry(session: Session, actor: Actor, ticket_id: int, entry_id: int) -> None:
    require_agent(actor)
    ticket = require_ticket(session, actor, ticket_id, lock=True)
    require_change(actor, ticket)
    entry = session.get(TimeEntry, entry_id)
    if entry is None or entry.ticket_id != ticket.id:
        raise not_found("time_entry", entry_id)
    if not actor.is_admin and entry.user_id != actor.user_id:
        raise PermissionDenied("time_entry.not_author", "only its author or an admin may delete it")
    if entry.invoice_id is not None:
        raise ValidationFailed("time_entry.invoiced", "the time entry is on an invoice")
    comment_id, was_public = entry.comment_id, entry.is_public
    seconds = entry.duration_seconds if was_public else None  # customers read UPDATED events
    session.delete(entry)
    session.flush()
    if comment_id is not None:
        _drop_work_log(session, comment_id)
    # UPDATED, not TIME_LOGGED: edges that render TIME_LOGGED as "time added" must not.
    record_event(session, actor, ticket_id=ticket.id, kind=EventKind.UPDATED,
                 field="time_entry_deleted", related_id=entry_id, old=seconds)  # fmt: skip


def _drop_work_log(session: Session, comment_id: int) -> None:
    comment = session.get(Comment, comment_id)
    if comment is None or comment.subject != WORK_LOG_SUBJECT or comment.is_public:
        return
    others = select(func.count()).where(TimeEntry.comment_id == comment_id)
    if session.scalar(others):
        return
    session.execute(
        delete(SearchDocument).where(
            SearchDocument.source == "comment", SearchDocument.source_id == comment_id
        )
    )
    session.delete(comment)
    session.flush()


MAX_SPANS = 1000


def time_spans(
    session: Session,
    actor: Actor,
    *,
    ticket_id: int | None,
    start: datetime | None,
    end: datetime | None,
) -> list[TimeEntry]:
    """The time entries the actor reads on a ticket and/or started from ``start`` to ``end``
    (both included), by id, at most ``MAX_SPANS``; an unknown ticket is not found."""
    if ticket_id is not None:
        require_ticket(session, actor, ticket_id)
    filters = TimeEntryFilter(
        ticket_ids=[ticket_id] if ticket_id is not None else None,
        started_after=start,
        started_before=end,
    )
    found = find_time_entries(session, actor, filters, PageRequest(limit=MAX_SPANS))
    return [view.entry for view in found.items]
