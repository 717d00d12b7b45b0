"""Time entry use cases: log time on a ticket, list a ticket's entries, report a user's time."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import ColumnElement, Select, SQLColumnExpression, and_, or_, select, true
from sqlalchemy.orm import Session

from polydesk.authz.parts import visible_time_entries
from polydesk.authz.tickets import readable_tickets, require_agent, require_change
from polydesk.comments.schemas import CommentCreate
from polydesk.comments.service import add_comment, require_ticket_comment
from polydesk.core.actor import Actor
from polydesk.core.clock import utcnow
from polydesk.core.pagination import Page, PageRequest
from polydesk.core.validation import AwareDatetime
from polydesk.db.filters import between
from polydesk.db.listing import sorted_page
from polydesk.events.catalogue import TimeLogged
from polydesk.events.service import emit
from polydesk.helpdesks.service import helpdesk_names
from polydesk.history.service import record_event
from polydesk.models.comments import Channel, Comment
from polydesk.models.companies import Company
from polydesk.models.history import EventKind, HistoryEvent
from polydesk.models.tickets import Ticket
from polydesk.models.timetracking import TimeEntry
from polydesk.tickets.access import require_ticket
from polydesk.tickets.criteria import TextRange
from polydesk.tickets.parts import list_ticket_parts
from polydesk.users.listing import login_lookup, users_matching


class TimeEntryCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    duration_seconds: int = Field(gt=0, le=7 * 24 * 3600)
    started_at: AwareDatetime | None = None
    is_billable: bool = False
    is_public: bool = True
    is_remote: bool = False
    category: str = Field(default="", max_length=100)
    description: str = Field(default="", max_length=100_000)
    comment_id: int | None = None


def log_time(session: Session, actor: Actor, ticket_id: int, cmd: TimeEntryCreate) -> TimeEntry:
    require_agent(actor)
    ticket = require_ticket(session, actor, ticket_id, lock=True)
    require_change(actor, ticket)
    if cmd.comment_id is not None:  # checked here, not left to the foreign key
        require_ticket_comment(session, actor, ticket.id, cmd.comment_id)
    now = utcnow()
    entry = TimeEntry(
        **cmd.model_dump(exclude={"started_at"}),
        ticket_id=ticket.id,
        user_id=actor.user_id,
        started_at=cmd.started_at or now,
        created_at=now,
    )
    session.add(entry)
    session.flush()
    ticket.updated_at = now
    record_event(
        session,
        actor,
        ticket_id=ticket.id,
        kind=EventKind.TIME_LOGGED,
        related_id=entry.id,
        new=entry.duration_seconds,
    )
    logged = TimeLogged(
        ticket_id=ticket.id, entry_id=entry.id, duration_seconds=entry.duration_seconds,
        is_billable=entry.is_billable, comment_id=entry.comment_id,
    )  # fmt: skip
    emit(session, actor, logged)
    return entry


def list_time_entries(
    session: Session, actor: Actor, ticket_id: int, page: PageRequest
) -> Page[TimeEntry]:
    return list_ticket_parts(session, actor, ticket_id, TimeEntry, page, TimeEntry.id)


class WorkLog(BaseModel):
    """A note with the time spent on it (an Integria workunit): one comment, plus a time
    entry when there is a duration."""

    model_config = ConfigDict(extra="forbid")

    description: str = Field(min_length=1, max_length=100_000)
    duration_seconds: int = Field(default=0, ge=0, le=7 * 24 * 3600)
    is_billable: bool = False
    is_public: bool = True
    is_remote: bool = False
    category: str = Field(default="", max_length=100)
    mime_type: str = Field(default="text/plain", max_length=64)


def log_work(session: Session, actor: Actor, ticket_id: int, cmd: WorkLog) -> Comment:
    require_agent(actor)
    comment = add_comment(
        session,
        actor,
        ticket_id,
        CommentCreate(
            body=cmd.description,
            is_public=cmd.is_public,
            channel=Channel.API,
            mime_type=cmd.mime_type,
        ),
    )
    if cmd.duration_seconds:
        log_time(
            session,
            actor,
            ticket_id,
            TimeEntryCreate(
                duration_seconds=cmd.duration_seconds,
                is_billable=cmd.is_billable,
                is_public=cmd.is_public,
                is_remote=cmd.is_remote,
                category=cmd.category,
                comment_id=comment.id,
            ),
        )
    return comment


def entries_by_comment(
    session: Session, actor: Actor, comment_ids: Iterable[int]
) -> dict[int, list[TimeEntry]]:
    """Comment id -> the time entries on it the actor reads (``authz.parts``). The caller has
    checked that the actor may read the comments' tickets."""
    ids = list(set(comment_ids))
    grouped: dict[int, list[TimeEntry]] = defaultdict(list)
    if ids:
        query = select(TimeEntry).where(TimeEntry.comment_id.in_(ids), visible_time_entries(actor))
        for entry in session.scalars(query.order_by(TimeEntry.id)):
            assert entry.comment_id is not None
            grouped[entry.comment_id].append(entry)
    return grouped


def entry_ids_with_comments(session: Session, actor: Actor, ticket_id: int) -> set[int]:
    """Ids of the ticket's time entries that belong to a comment (a workunit), among those the
    actor reads."""
    query = select(TimeEntry.id).where(
        TimeEntry.ticket_id == ticket_id,
        TimeEntry.comment_id.is_not(None),
        visible_time_entries(actor),
    )
    return set(session.scalars(query))


_Move = tuple[datetime, int | None, int | None]  # when, help desk left, help desk entered


@dataclass(frozen=True)
class TimeReportRow:
    """One time entry with its ticket, as a time accounting report lists it."""

    ticket_id: int
    ticket_number: str
    ticket_title: str
    ticket_extra: dict[str, Any]
    company_code: str | None
    helpdesk_name: str | None  # the ticket's help desk when the time was booked
    created_at: datetime
    duration_seconds: int


def time_report(
    session: Session,
    actor: Actor,
    *,
    user_id: int,
    start: datetime,
    end: datetime,
    limit: int = 100_000,
) -> list[TimeReportRow]:
    """A user's time entries booked from ``start`` to ``end`` (both included), oldest first
    (Znuny TimeAccountingGet). Whether an agent may read another's time is the caller's
    decision (Znuny: a group grants it, whatever the tickets); a customer only ever gets the
    public entries of tickets it reads. Three queries: the entries with their tickets, the
    help desk moves of those tickets, the desk names."""
    query = (
        select(TimeEntry, Ticket, Company.code)
        .join(Ticket, Ticket.id == TimeEntry.ticket_id)
        .outerjoin(Company, Company.id == Ticket.company_id)
        .where(
            TimeEntry.user_id == user_id,
            TimeEntry.created_at >= start,
            TimeEntry.created_at <= end,
            *_report_scope(actor),
        )
        .order_by(TimeEntry.created_at, TimeEntry.ticket_id, TimeEntry.id)
        .limit(limit)
    )
    rows = session.execute(query).all()
    # The tickets as a subquery, not a list of ids: a long report would overflow bind params.
    moves = _helpdesk_moves(session, query.with_only_columns(TimeEntry.ticket_id)) if rows else {}
    desks = [_desk_at(ticket, moves.get(ticket.id, []), e.created_at) for e, ticket, _ in rows]
    names = helpdesk_names(session, (desk_id for desk_id in desks if desk_id is not None))
    return [
        TimeReportRow(
            ticket_id=ticket.id,
            ticket_number=ticket.number,
            ticket_title=ticket.title,
            ticket_extra=dict(ticket.extra or {}),
            company_code=code,
            helpdesk_name=names.get(desk_id) if desk_id is not None else None,
            created_at=entry.created_at,
            duration_seconds=entry.duration_seconds,
        )
        for (entry, ticket, code), desk_id in zip(rows, desks, strict=True)
    ]


def _report_scope(actor: Actor) -> list[SQLColumnExpression[bool]]:
    if not actor.is_customer:
        return []
    return [readable_tickets(actor), visible_time_entries(actor)]


def _helpdesk_moves(
    session: Session, ticket_ids: Select[tuple[int | None]]
) -> dict[int, list[_Move]]:
    """Per ticket, its help desk changes oldest first: (when, old desk id, new desk id)."""
    moves: dict[int, list[_Move]] = defaultdict(list)
    query = (
        select(HistoryEvent)
        .where(
            HistoryEvent.ticket_id.in_(ticket_ids.scalar_subquery()),
            HistoryEvent.kind == EventKind.HELPDESK_CHANGED,
            HistoryEvent.field == "helpdesk_id",
        )
        .order_by(HistoryEvent.created_at, HistoryEvent.id)
    )
    for event in session.scalars(query):
        moves[event.ticket_id].append(
            (event.created_at, _as_id(event.old_value), _as_id(event.new_value))
        )
    return moves


def _desk_at(ticket: Ticket, moves: list[_Move], when: datetime) -> int | None:
    """The desk after the last move at or before ``when``; else the desk the first later move
    left; else (never moved) the ticket's current desk."""
    before = [new for at, _, new in moves if at <= when]
    if before:
        return before[-1]
    after = [old for at, old, _ in moves if at > when]
    return after[0] if after else ticket.helpdesk_id


def _as_id(value: str | None) -> int | None:
    """History stores ids as text; an empty or non-numeric value means no desk."""
    return int(value) if value is not None and value.strip().isdigit() else None


# --- listing across tickets (ReadyDesk get_time) -------------------------------------------------

TimeEntrySort = Literal["id", "started_at", "created_at", "duration", "ticket_id"]
Login = Annotated[str, Field(min_length=1, max_length=191)]


class TimeEntryFilter(BaseModel):
    """Every filter given narrows the list. The customer is the requester of the entry's
    ticket; logins ignore case and take ``*`` wildcards; ``customer_range`` bounds the
    customer's login by prefix (``tickets.criteria.TextRange``); started bounds are inclusive."""

    model_config = ConfigDict(extra="forbid")

    ids: list[int] | None = Field(default=None, max_length=1000)
    ticket_ids: list[int] | None = Field(default=None, max_length=1000)
    user_logins: list[Login] | None = Field(default=None, max_length=100)
    customer_logins: list[Login] | None = Field(default=None, max_length=100)
    customer_range: TextRange | None = None
    started_after: AwareDatetime | None = None
    started_before: AwareDatetime | None = None
    sort: TimeEntrySort = "id"
    descending: bool = False


@dataclass(frozen=True)
class TimeEntryView:
    entry: TimeEntry
    user_login: str | None
    customer_login: str | None  # the ticket's requester


_TIME_SORT: dict[str, Any] = {
    "id": TimeEntry.id,
    "started_at": TimeEntry.started_at,
    "created_at": TimeEntry.created_at,
    "duration": TimeEntry.duration_seconds,
    "ticket_id": TimeEntry.ticket_id,
}


def find_time_entries(
    session: Session, actor: Actor, filters: TimeEntryFilter, page: PageRequest
) -> Page[TimeEntryView]:
    """Time entries across tickets. Admins see all; agents those on tickets they can read and
    their own entries without a ticket; customers the public entries on their tickets."""
    query = select(TimeEntry).where(_readable_entries(actor), *_entry_clauses(filters))
    found = sorted_page(session, query, page, _TIME_SORT, filters, TimeEntry.id)
    ticket_ids = {e.ticket_id for e in found.items if e.ticket_id is not None}
    requesters: dict[int, int | None] = dict(
        session.execute(
            select(Ticket.id, Ticket.requester_id).where(Ticket.id.in_(ticket_ids))
        ).all()
    )
    login = login_lookup(session, [*(e.user_id for e in found.items), *requesters.values()])
    views = [
        TimeEntryView(e, login(e.user_id), login(requesters.get(e.ticket_id or 0)))
        for e in found.items
    ]
    return Page(items=views, total=found.total)


def _readable_entries(actor: Actor) -> ColumnElement[bool]:
    if actor.is_admin:
        return true()
    on_readable = TimeEntry.ticket_id.in_(select(Ticket.id).where(readable_tickets(actor)))
    if actor.is_customer:
        return and_(visible_time_entries(actor), on_readable)
    own_loose = and_(TimeEntry.ticket_id.is_(None), TimeEntry.user_id == actor.user_id)
    return or_(on_readable, own_loose)


def _entry_clauses(f: TimeEntryFilter) -> list[ColumnElement[bool]]:
    clauses = between(TimeEntry.started_at, f.started_after, f.started_before)
    if f.ids is not None:
        clauses.append(TimeEntry.id.in_(f.ids))
    if f.ticket_ids is not None:
        clauses.append(TimeEntry.ticket_id.in_(f.ticket_ids))
    workers = users_matching(f.user_logins)
    if workers is not None:
        clauses.append(TimeEntry.user_id.in_(workers))
    customers = users_matching(f.customer_logins, f.customer_range)
    if customers is not None:
        tickets = select(Ticket.id).where(Ticket.requester_id.in_(customers))
        clauses.append(TimeEntry.ticket_id.in_(tickets))
    return clauses
