"""A ticket as its page shows it (the web console's ticket page): the ticket with the names of
what it points at, its conversation with each article's files, history, time, custom values,
participants, linked tickets, approvals with their votes, and its SLA due dates with a state.

Everything comes from the rooms' own read functions (the same visibility as every API:
``authz.parts`` narrows comments, files, time and history for customers), and the whole sheet
costs a FIXED number of statements whatever the ticket holds: names of people, statuses,
priorities, help desks and linked tickets are read once each for all the rows that name them
(tests/unit/flows/test_ticket_sheet.py counts them).

``sheet_if_changed`` is the live refresh's question: one read of the ticket when nothing
changed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from polydesk.authz.parts import visible_parts
from polydesk.authz.tickets import readable_tickets
from polydesk.core.actor import Actor
from polydesk.core.clock import utcnow
from polydesk.core.pagination import MAX_PAGE_SIZE, PageRequest
from polydesk.customfields.service import ticket_values
from polydesk.db.names import names_by_id
from polydesk.flows.sheet_names import HistoryLine, Names, history_lines, read_names
from polydesk.history.service import list_events
from polydesk.models.approvals import Approval, ApprovalVote
from polydesk.models.attachments import Attachment
from polydesk.models.comments import Comment
from polydesk.models.customfields import CustomField
from polydesk.models.tickets import LinkKind, Ticket, TicketLink, TicketParticipant
from polydesk.models.timetracking import TimeEntry
from polydesk.tickets.access import require_ticket

Part = TypeVar("Part", Comment, Attachment, TimeEntry)

#: The longest conversation, history or time list one page shows (the oldest first); past it
#: the native API pages through the rest. Keeps a pathological ticket's page bounded.
SHEET_ROWS = min(MAX_PAGE_SIZE, 1000)
#: A due date this close, not yet met, is "at risk" (the console's amber badge).
AT_RISK = timedelta(hours=1)


@dataclass(frozen=True)
class Due:
    """One SLA target of the ticket: when it is due, when it was met, and its state now:
    ``met``, ``late`` (met after the due time), ``breached`` (past due, not met), ``at_risk``
    (due within ``AT_RISK``), ``running``, or ``paused`` (the SLA clock is stopped)."""

    label: str
    due_at: datetime
    met_at: datetime | None
    state: str


@dataclass(frozen=True)
class Article:
    comment: Comment
    author: str
    files: list[Attachment]


@dataclass(frozen=True)
class TimeLine:
    entry: TimeEntry
    user: str


@dataclass(frozen=True)
class LinkedTicket:
    kind: str  # a LinkKind value
    id: int
    number: str
    title: str


@dataclass(frozen=True)
class ApprovalView:
    approval: Approval
    requested_by: str
    votes: list[tuple[str, ApprovalVote]]


@dataclass
class TicketSheet:
    ticket: Ticket
    stamp: str  # changes whenever the ticket does (the live refresh compares it)
    helpdesk: str
    level: str
    owner: str
    responsible: str
    requester: str
    company: str
    dues: list[Due]
    articles: list[Article]
    ticket_files: list[Attachment]  # files not sent with an article
    history: list[HistoryLine]
    time: list[TimeLine]
    time_total_seconds: int
    custom: list[tuple[str, str]]  # (label, display text), in field order
    observers: list[str]
    collaborators: list[str]
    links: list[LinkedTicket]
    approvals: list[ApprovalView] = field(default_factory=list)


def ticket_stamp(ticket: Ticket) -> str:
    """The ticket's version and last update: every change of the ticket or a new article
    (which touches ``updated_at``) moves it."""
    return f"{ticket.version}.{ticket.updated_at.isoformat()}"


def sheet_if_changed(
    session: Session, actor: Actor, ticket_id: int, seen: str
) -> TicketSheet | None:
    """The sheet when the ticket's stamp is no longer ``seen``; None when it is, after one
    read of the ticket (with its tags and Cc). An invisible ticket raises NotFound."""
    ticket = require_ticket(session, actor, ticket_id)
    if ticket_stamp(ticket) == seen:
        return None
    return ticket_sheet(session, actor, ticket_id)


def ticket_sheet(
    session: Session, actor: Actor, ticket_id: int, now: datetime | None = None
) -> TicketSheet:
    ticket = require_ticket(session, actor, ticket_id)
    # The ticket is readable (just checked): its parts are read without checking it again.
    comments = _parts(session, actor, ticket.id, Comment, Comment.created_at, Comment.id)
    files = _parts(session, actor, ticket.id, Attachment, Attachment.id)
    events = list_events(session, actor, ticket.id, PageRequest(limit=SHEET_ROWS)).items
    entries = _parts(session, actor, ticket.id, TimeEntry, TimeEntry.started_at, TimeEntry.id)
    approvals = list(
        session.scalars(
            select(Approval).where(Approval.ticket_id == ticket.id).order_by(Approval.id)
        )
    )
    votes = _votes(session, [approval.id for approval in approvals])
    participants = _participants(session, ticket.id)
    links = _links(session, actor, ticket.id)
    names = read_names(
        session,
        ticket,
        user_ids=[
            *(c.author_id for c in comments),
            *(e.user_id for e in entries),
            *(a.requested_by_id for a in approvals),
            *(v.user_id for vs in votes.values() for v in vs),
            *(user for users in participants.values() for user in users),
        ],
        events=events,
    )
    return TicketSheet(
        ticket=ticket,
        stamp=ticket_stamp(ticket),
        helpdesk=names.helpdesks.get(ticket.helpdesk_id or 0, ""),
        level=names.level,
        owner=names.user(ticket.owner_id),
        responsible=names.user(ticket.responsible_id),
        requester=names.user(ticket.requester_id),
        company=names.company,
        dues=ticket_dues(ticket, now or utcnow()),
        articles=_articles(comments, files, names),
        ticket_files=[file for file in files if file.comment_id is None],
        history=history_lines(events, names),
        time=[TimeLine(entry, names.user(entry.user_id)) for entry in entries],
        time_total_seconds=sum(entry.duration_seconds for entry in entries),
        custom=_custom(session, actor, ticket.id),
        observers=[names.user(u) for u in participants.get("observer", [])],
        collaborators=[names.user(u) for u in participants.get("collaborator", [])],
        links=links,
        approvals=[_approval(a, votes.get(a.id, []), names) for a in approvals],
    )


def ticket_dues(ticket: Ticket, now: datetime) -> list[Due]:
    """First response and resolution targets (the update target too, while one is set)."""
    targets = (
        ("First response", ticket.first_response_due_at, ticket.first_response_at),
        ("Next update", ticket.update_due_at, None),
        ("Resolution", ticket.resolution_due_at, ticket.solved_at or ticket.closed_at),
    )
    return [
        Due(label, due, met, _due_state(due, met, now, paused=ticket.sla_paused_at is not None))
        for label, due, met in targets
        if due is not None
    ]


def _due_state(due: datetime, met: datetime | None, now: datetime, *, paused: bool) -> str:
    if met is not None:
        return "met" if met <= due else "late"
    if now > due:
        return "breached"
    if paused:
        return "paused"
    return "at_risk" if due - now <= AT_RISK else "running"


def _parts(
    session: Session, actor: Actor, ticket_id: int, model: type[Part], *order: Any
) -> list[Part]:
    """A readable ticket's comments, files or time entries the actor reads (``authz.parts``:
    customers the public part), oldest first, at most ``SHEET_ROWS``."""
    query = select(model).where(model.ticket_id == ticket_id, visible_parts(actor, model))
    return list(session.scalars(query.order_by(*order).limit(SHEET_ROWS)))


def _articles(comments: list[Comment], files: list[Attachment], names: Names) -> list[Article]:
    by_comment: dict[int, list[Attachment]] = defaultdict(list)
    for file in files:
        if file.comment_id is not None:
            by_comment[file.comment_id].append(file)
    return [Article(c, names.author(c), by_comment.get(c.id, [])) for c in comments]


def _votes(session: Session, approval_ids: list[int]) -> dict[int, list[ApprovalVote]]:
    """The voters of the page's approvals, in one statement (the ticket is readable: its
    approvals' voters are part of what the page reads)."""
    result: dict[int, list[ApprovalVote]] = defaultdict(list)
    if not approval_ids:
        return result
    query = select(ApprovalVote).where(ApprovalVote.approval_id.in_(approval_ids))
    for vote in session.scalars(query.order_by(ApprovalVote.approval_id, ApprovalVote.user_id)):
        result[vote.approval_id].append(vote)
    return result


def _approval(approval: Approval, votes: list[ApprovalVote], names: Names) -> ApprovalView:
    voters = [(names.user(vote.user_id), vote) for vote in votes]
    return ApprovalView(approval, names.user(approval.requested_by_id), voters)


def _participants(session: Session, ticket_id: int) -> dict[str, list[int]]:
    query = select(TicketParticipant.role, TicketParticipant.user_id).where(
        TicketParticipant.ticket_id == ticket_id
    )
    result: dict[str, list[int]] = defaultdict(list)
    for role, user_id in session.execute(query.order_by(TicketParticipant.user_id)):
        result[str(role)].append(user_id)
    return result


def _links(session: Session, actor: Actor, ticket_id: int) -> list[LinkedTicket]:
    """Linked tickets of every kind, both directions, those the actor may read (one
    statement: the links joined to the readable tickets at their other end)."""
    other = (TicketLink.source_id + TicketLink.target_id - ticket_id).label("other")
    query = (
        select(TicketLink.kind, Ticket.id, Ticket.number, Ticket.title)
        .join(Ticket, Ticket.id == other)
        .where(
            (TicketLink.source_id == ticket_id) | (TicketLink.target_id == ticket_id),
            readable_tickets(actor),
        )
        .order_by(TicketLink.kind, Ticket.id)
    )
    rows = session.execute(query).all()
    # A link stored both ways shows once; the page names its kind, not its direction.
    unique = dict.fromkeys(
        (LinkKind(kind).value, ident, number, title) for kind, ident, number, title in rows
    )
    return [LinkedTicket(*row) for row in unique]


def _custom(session: Session, actor: Actor, ticket_id: int) -> list[tuple[str, str]]:
    values = ticket_values(session, actor, ticket_id)
    labels = names_by_id(session, _FieldLabel, values)
    return [(labels.get(field_id, str(field_id)), text) for field_id, text in values.items()]


class _FieldLabel:
    """``names_by_id`` reads ``model.id`` and ``model.name``: a field's label is its name here."""

    id = CustomField.id
    name = CustomField.label
