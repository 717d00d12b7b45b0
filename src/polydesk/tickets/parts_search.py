"""Comments or attachments of every readable ticket matching ``TicketCriteria`` (ReadyDesk
``get_history`` / ``get_attachments``): one SELECT with the ticket search as a subquery, paged
with a hard cap; the rows the actor reads (``authz.parts``: customers, the public part).

``PartQuery.text`` is a case-insensitive substring of the comment body (``*`` a wildcard);
``window`` bounds the row's creation time; the order is (created_at, id), ``descending`` or
not; ``page`` is the core's ``PageRequest`` (first 1000 rows unless asked otherwise)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import Select, func, literal, select
from sqlalchemy.orm import Session

from polydesk.authz.parts import visible_parts
from polydesk.core.actor import Actor
from polydesk.core.pagination import PageRequest
from polydesk.db.filters import ESCAPE, contains_pattern
from polydesk.models.attachments import Attachment
from polydesk.models.comments import Comment
from polydesk.tickets.criteria import TicketCriteria, Window
from polydesk.tickets.criteria_query import matching_ids

Part = TypeVar("Part", Comment, Attachment)
MAX_PARTS = 1000
FIRST_PARTS = PageRequest(limit=MAX_PARTS)


@dataclass(frozen=True)
class PartQuery:
    criteria: TicketCriteria  # which tickets (its own sort is ignored)
    text: str | None = None  # comments only
    window: Window | None = None
    descending: bool = False
    page: PageRequest = FIRST_PARTS


def search_parts(session: Session, actor: Actor, model: type[Part], query: PartQuery) -> list[Part]:
    column = model.created_at.desc() if query.descending else model.created_at.asc()
    tie = model.id.desc() if query.descending else model.id.asc()
    statement = _filtered(session, actor, model, query).order_by(column, tie)
    limited = statement.limit(min(query.page.limit, MAX_PARTS)).offset(query.page.offset)
    return list(session.scalars(limited).all())


def count_parts(session: Session, actor: Actor, model: type[Part], query: PartQuery) -> int:
    statement = _filtered(session, actor, model, query)
    return int(session.scalar(select(func.count()).select_from(statement.subquery())) or 0)


def _filtered(session: Session, actor: Actor, model: type[Part], query: PartQuery) -> Select[Part]:
    tickets = matching_ids(session, actor, query.criteria)
    statement = select(model).where(
        model.ticket_id.in_(tickets.scalar_subquery()), visible_parts(actor, model)
    )
    if query.window is not None and query.window.after is not None:
        statement = statement.where(model.created_at >= query.window.after)
    if query.window is not None and query.window.before is not None:
        statement = statement.where(model.created_at <= query.window.before)
    if query.text and model is Comment:
        pattern = literal(contains_pattern(query.text))
        statement = statement.where(func.lower(Comment.body).like(pattern, escape=ESCAPE))
    return statement
