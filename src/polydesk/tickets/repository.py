"""Ticket queries: visibility first, then filters, sort and keyset paging."""

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
from polydesk.models.catalogs import Priority, Status
from polydesk.models.inventory import TicketInventory
from polydesk.models.tickets import Ticket, TicketTag
from polydesk.search.service import matching_ticket_ids
from polydesk.tickets.schemas import SortField, TicketFilter

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


def matching(session: Session, actor: Actor, f: TicketFilter) -> Select[Ticket]:
    """The tickets the actor reads that match the filters (a full-text query looks only at
    the comments the actor reads)."""
    return visible(actor).where(*_filter_clauses(session, actor, f))


def _filter_clauses(session: Session, actor: Actor, f: TicketFilter) -> list[ColumnElement[bool]]:
    clauses: list[ColumnElement[bool]] = []
    in_filters = {
        Ticket.id: f.ids,
        Ticket.status_id: f.status_ids,
        Ticket.priority_id: f.priority_ids,
        Ticket.type_id: f.type_ids,
        Ticket.source_id: f.source_ids,
        Ticket.category_id: f.category_ids,
        Ticket.helpdesk_id: f.helpdesk_ids,
        Ticket.owner_id: f.owner_ids,
        Ticket.requester_id: f.requester_ids,
        Ticket.creator_id: f.creator_ids,
        Ticket.company_id: f.company_ids,
    }
    clauses += [column.in_(values) for column, values in in_filters.items() if values is not None]
    if f.status_categories is not None:
        statuses = select(Status.id).where(Status.category.in_(f.status_categories))
        clauses.append(Ticket.status_id.in_(statuses))
    if f.number is not None:
        clauses.append(Ticket.number == f.number)
    if f.parent_id is not None:
        clauses.append(Ticket.parent_id == f.parent_id)
    if f.is_spam is not None:
        clauses.append(Ticket.is_spam == f.is_spam)
    if f.inventory_ids is not None:
        linked = select(TicketInventory.ticket_id).where(
            TicketInventory.inventory_id.in_(f.inventory_ids)
        )
        clauses.append(Ticket.id.in_(linked))
    if f.tags:
        tagged = select(TicketTag.ticket_id).where(TicketTag.tag.in_(f.tags))
        clauses.append(Ticket.id.in_(tagged))
    clauses += _window_clauses(f)
    if f.query:
        clauses.append(Ticket.id.in_(matching_ticket_ids(session, actor, f.query)))
    return clauses


def _window_clauses(f: TicketFilter) -> list[ColumnElement[bool]]:
    windows = [
        (Ticket.created_at >= f.created_after) if f.created_after else None,
        (Ticket.created_at < f.created_before) if f.created_before else None,
        (Ticket.updated_at >= f.updated_after) if f.updated_after else None,
        (Ticket.updated_at < f.updated_before) if f.updated_before else None,
    ]
    return [clause for clause in windows if clause is not None]


def order_and_seek(query: Select[Ticket], f: TicketFilter, cursor: str | None) -> Select[Ticket]:
    key = sort_expression(f.sort)
    if cursor is not None:
        value, last_id = _cursor_values(f.sort, cursor)
        current, seek = tuple_(key, Ticket.id), tuple_(value, last_id)
        query = query.where(current < seek if f.descending else current > seek)
    if f.descending:
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
