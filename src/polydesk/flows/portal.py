"""What the customer portal shows, each read in one call with a fixed number of queries (no
N+1, whatever the number of comments or files):

- ``opening_choices``: what a customer may pick when opening a ticket (the enabled help
  desks, categories and priorities: ``tickets.service.CUSTOMER_FIELDS`` lets them set these).
- ``ticket_view``: one ticket as its reader sees it (``authz.parts``: a customer reads the
  public part only), with its conversation, files, public time, the proposed solution the
  reader may settle, the approvals the reader is asked to vote on, and whether the reader may
  reply (``authz.tickets.can_contribute``: an observer reads without writing).
- ``pending_ballots``: the approvals, on any ticket, waiting for the reader's vote (voters need
  no read right on the ticket, so this is how a customer approver finds them).
- ``kb_article_view``: a knowledge base article the reader may read, with its files.

Reads only; writes go through the use cases the native API calls (``flows.opening``,
``flows.articles``, ``tickets.solution``, ``approvals.service``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from polydesk.authz.parts import visible_attachments, visible_comments, visible_time_entries
from polydesk.authz.tickets import can_contribute
from polydesk.catalogs.service import category_paths, list_catalog
from polydesk.core.actor import Actor
from polydesk.kb.articles import files_of
from polydesk.kb.service import require_article
from polydesk.models.approvals import Approval, ApprovalStatus, ApprovalVote
from polydesk.models.attachments import Attachment
from polydesk.models.catalogs import StatusCategory
from polydesk.models.comments import Comment, SolutionState
from polydesk.models.content import KbArticle, KbCategory
from polydesk.models.helpdesks import Helpdesk
from polydesk.models.tickets import Ticket
from polydesk.models.timetracking import TimeEntry
from polydesk.models.users import User
from polydesk.tickets.access import is_requester, require_ticket

Row = TypeVar("Row", Comment, Attachment)

#: A ticket page shows at most this many comments and files (the newest are kept); a ticket
#: with more is an import's, and its whole thread is in the APIs.
MAX_SHOWN = 500


@dataclass(frozen=True)
class Choice:
    id: int
    name: str


@dataclass(frozen=True)
class OpeningChoices:
    helpdesks: list[Choice]
    categories: list[Choice]  # named by their path ("Hardware/Printer")
    priorities: list[Choice]
    default_priority_id: int | None


@dataclass(frozen=True)
class Entry:
    """One message of the conversation: a comment, or the ticket's own description."""

    author: str
    body: str
    created_at: datetime
    is_solution: bool = False
    solution_state: str | None = None
    files: list[Attachment] = field(default_factory=list)


@dataclass(frozen=True)
class Ballot:
    approval_id: int
    ticket_id: int
    ticket_number: str
    ticket_title: str
    description: str


@dataclass(frozen=True)
class TicketView:
    ticket: Ticket
    status: str
    status_category: str
    priority: str
    helpdesk: str | None
    requester: str
    conversation: list[Entry]
    ticket_files: list[Attachment]  # files on the ticket itself, not on a message
    time_seconds: int  # the time the reader may see (customers: public time only)
    can_reply: bool
    can_settle_solution: bool  # a proposed solution waits for this reader's answer
    ballots: list[Ballot]
    truncated: bool


def opening_choices(session: Session, actor: Actor) -> OpeningChoices:
    """The enabled help desks, categories and priorities, in their catalog order."""
    desks = session.scalars(
        select(Helpdesk).where(Helpdesk.is_enabled).order_by(Helpdesk.name, Helpdesk.id)
    )
    enabled = {row.id for row in list_catalog(session, "category", enabled_only=True)}
    paths = sorted((path, ident) for path, ident in category_paths(session).items())
    priorities = list_catalog(session, "priority", enabled_only=True)
    default = next((row.id for row in priorities if getattr(row, "is_default", False)), None)
    return OpeningChoices(
        helpdesks=[Choice(desk.id, desk.name) for desk in desks],
        categories=[Choice(ident, path) for path, ident in paths if ident in enabled],
        priorities=[Choice(row.id, row.name) for row in priorities],
        default_priority_id=default,
    )


def ticket_view(session: Session, actor: Actor, ticket_id: int) -> TicketView:
    """The ticket as ``actor`` reads it; not found when it may not read it."""
    ticket = require_ticket(session, actor, ticket_id)
    comments = _newest(session, select(Comment).where(
        Comment.ticket_id == ticket.id, visible_comments(actor)
    ).order_by(Comment.created_at.desc(), Comment.id.desc()))  # fmt: skip
    files = _newest(session, select(Attachment).where(
        Attachment.ticket_id == ticket.id, visible_attachments(actor)
    ).order_by(Attachment.id.desc()))  # fmt: skip
    authors = _names(session, [ticket.requester_id, *(c.author_id for c in comments)])
    by_comment: dict[int, list[Attachment]] = {}
    for file in files:
        if file.comment_id is not None:
            by_comment.setdefault(file.comment_id, []).append(file)
    # The description opens the thread, unless an opening article (Znuny's first) carries it.
    opened_by_article = any(comment.is_initial for comment in comments)
    conversation = (
        [_opening(ticket, authors)] if ticket.description and not opened_by_article else []
    )
    conversation += [_entry(comment, authors, by_comment) for comment in comments]
    category = ticket.status.category
    pending = any(c.solution_state == SolutionState.PROPOSED for c in comments)
    return TicketView(
        ticket=ticket,
        status=ticket.status.name,
        status_category=str(category),
        priority=ticket.priority.name,
        helpdesk=_helpdesk_name(session, ticket.helpdesk_id),
        requester=authors.get(ticket.requester_id or 0, ""),
        conversation=conversation,
        ticket_files=[file for file in files if file.comment_id is None],
        time_seconds=_time(session, actor, ticket.id),
        can_reply=can_contribute(actor, ticket),
        can_settle_solution=pending
        and category is StatusCategory.RESOLVED
        and is_requester(actor, ticket),
        ballots=pending_ballots(session, actor, ticket_id=ticket.id),
        truncated=len(comments) == MAX_SHOWN or len(files) == MAX_SHOWN,
    )


def pending_ballots(
    session: Session, actor: Actor, *, ticket_id: int | None = None
) -> list[Ballot]:
    """Approvals still waiting for ``actor``'s vote (on one ticket, or on any)."""
    if actor.user_id is None:
        return []
    query = (
        select(Approval, Ticket.number, Ticket.title)
        .join(ApprovalVote, ApprovalVote.approval_id == Approval.id)
        .join(Ticket, Ticket.id == Approval.ticket_id)
        .where(
            ApprovalVote.user_id == actor.user_id,
            ApprovalVote.vote.is_(None),
            Approval.status == ApprovalStatus.WAITING,
        )
        .order_by(Approval.id)
        .limit(MAX_SHOWN)
    )
    if ticket_id is not None:
        query = query.where(Approval.ticket_id == ticket_id)
    return [
        Ballot(approval.id, approval.ticket_id, number, title, approval.description)
        for approval, number, title in session.execute(query)
    ]


@dataclass(frozen=True)
class KbArticleView:
    article: KbArticle
    category: str | None
    files: list[Attachment]


def kb_article_view(session: Session, actor: Actor, article_id: int) -> KbArticleView:
    """The article and its files, when ``actor`` reads it (``kb.service`` rules)."""
    article = require_article(session, actor, article_id)
    category = session.get(KbCategory, article.category_id) if article.category_id else None
    files = files_of(session, [article.id]).get(article.id, [])
    return KbArticleView(article, category.name if category else None, files)


def _newest(session: Session, query: Select[Row]) -> list[Row]:
    """At most ``MAX_SHOWN`` rows of a newest-first query, oldest first."""
    rows = list(session.scalars(query.limit(MAX_SHOWN)))
    rows.reverse()
    return rows


def _helpdesk_name(session: Session, helpdesk_id: int | None) -> str | None:
    desk = session.get(Helpdesk, helpdesk_id) if helpdesk_id is not None else None
    return desk.name if desk is not None else None


def _names(session: Session, user_ids: Sequence[int | None]) -> dict[int, str]:
    wanted = sorted({ident for ident in user_ids if ident is not None})
    if not wanted:
        return {}
    users = session.scalars(select(User).where(User.id.in_(wanted)))
    return {user.id: user.full_name or user.login for user in users}


def _opening(ticket: Ticket, authors: dict[int, str]) -> Entry:
    return Entry(authors.get(ticket.requester_id or 0, ""), ticket.description, ticket.created_at)


def _entry(comment: Comment, authors: dict[int, str], files: dict[int, list[Attachment]]) -> Entry:
    state = comment.solution_state.value if comment.solution_state is not None else None
    return Entry(
        author=authors.get(comment.author_id or 0, ""),
        body=comment.body,
        created_at=comment.created_at,
        is_solution=comment.is_solution,
        solution_state=state,
        files=files.get(comment.id, []),
    )


def _time(session: Session, actor: Actor, ticket_id: int) -> int:
    total = session.scalar(
        select(func.coalesce(func.sum(TimeEntry.duration_seconds), 0)).where(
            TimeEntry.ticket_id == ticket_id, visible_time_entries(actor)
        )
    )
    return int(total or 0)
