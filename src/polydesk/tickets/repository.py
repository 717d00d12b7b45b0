"""Ticket queries: visibility first, the native list's sort and keyset paging. (Its filters
are ``TicketCriteria``, turned into SQL by ``criteria_query``, the one WHERE builder.)"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, func, literal, select, tuple_
from sqlalchemy.orm import Session, joinedload, selectinload
from sqlalchemy.sql.base import ExecutableOption

from polydesk.authz.tickets import readable_tickets
from polydesk.core.actor import Actor
from polydesk.core.errors import ValidationFailed
from polydesk.core.pagination import decode_cursor, encode_cursor
from polydesk.db.locking import for_update
from polydesk.db.types import UTCDateTime
from polydesk.models.catalogs import Priority
from polydesk.models.tickets import Ticket
from polydesk.tickets.schemas import SortField

_FAR_FUTURE = datetime(9999, 12, 31, tzinfo=UTC)
_DATETIME_SORTS = {
    SortField.CREATED_AT,
    SortField.UPDATED_AT,
    SortField.DUE_AT,
    SortField.CLOSED_AT,
}

#: Loads what every ticket rendering needs, in a fixed number of queries.
TICKET_LOAD_OPTIONS: tuple[ExecutableOption, ...] = (
    joinedload(Ticket.status),
    joinedload(Ticket.priority),
    selectinload(Ticket.tags),
    selectinload(Ticket.cc),
)


def visible(actor: Actor) -> Select[Ticket]:
    return select(Ticket).where(readable_tickets(actor))


def get_visible(
    session: Session, actor: Actor, ticket_id: int, *, lock: bool = False
) -> Ticket | None:
    """The ticket if ``actor`` may read it. ``lock``: row-locked until commit and re-read, for
    a read-modify-write (db.locking)."""
    query = visible(actor).where(Ticket.id == ticket_id).options(*TICKET_LOAD_OPTIONS)
    if lock:
        query = for_update(query, Ticket)
    return session.scalars(query).unique().first()


def lock(session: Session, ticket: Ticket) -> Ticket:
    """Row-lock a ticket already read (its visibility checked) and refresh it, just before
    changing it: for callers with slow work (file I/O) to do first, outside the lock."""
    query = select(Ticket).where(Ticket.id == ticket.id).options(*TICKET_LOAD_OPTIONS)
    session.scalars(for_update(query, Ticket)).unique().one()  # re-populated: reload relations
    return ticket


def sort_expression(sort: SortField) -> ColumnElement[Any]:
    if sort is SortField.PRIORITY:
        position = select(Priority.position).where(Priority.id == Ticket.priority_id)
        return position.scalar_subquery()
    column: ColumnElement[Any] = getattr(Ticket, sort.value)
    if sort in (SortField.DUE_AT, SortField.CLOSED_AT):  # nullable: NULLs sort last
        return func.coalesce(column, literal(_FAR_FUTURE, UTCDateTime()))
    return column


def order_and_seek(
    query: Select[Ticket], sort: SortField, descending: bool, cursor: str | None
) -> Select[Ticket]:
    """``query`` by ``sort`` then id, both ``descending`` or not, after the cursor's row."""
    key = sort_expression(sort)
    if cursor is not None:
        value, last_id = _cursor_values(sort, cursor)
        current, seek = tuple_(key, Ticket.id), tuple_(value, last_id)
        query = query.where(current < seek if descending else current > seek)
    if descending:
        return query.order_by(key.desc(), Ticket.id.desc())
    return query.order_by(key.asc(), Ticket.id.asc())


def cursor_after(ticket: Ticket, sort: SortField) -> str:
    value: Any
    if sort is SortField.PRIORITY:
        value = ticket.priority.position
    else:
        value = getattr(ticket, sort.value)
        if value is None:
            value = _FAR_FUTURE
    if isinstance(value, datetime):
        value = value.isoformat()
    return encode_cursor([sort.value, value, ticket.id])


def _cursor_values(sort: SortField, cursor: str) -> tuple[Any, int]:
    values = decode_cursor(cursor)
    if len(values) != 3 or values[0] != sort.value or not isinstance(values[2], int):
        raise ValidationFailed("validation.invalid_cursor", "cursor does not match this sort")
    value = values[1]
    if sort in _DATETIME_SORTS:
        try:
            value = datetime.fromisoformat(str(value))
        except ValueError as exc:
            raise ValidationFailed("validation.invalid_cursor", "cursor is not valid") from exc
    return value, values[2]
