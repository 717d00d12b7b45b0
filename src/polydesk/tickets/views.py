"""Saved views: a named ticket filter (``TicketCriteria``) with a sort and columns (InvGate
views; ``incidents.by.view`` and ``incidents.details.by.view``).

Rules:
- Agents create views; a view is visible to its owner, and to every agent when shared.
  A view always applies the reader's own visibility: the same view shows each agent the
  tickets they may read.
- ``view_ticket_ids`` pages by offset in the view's own sort (ids only, with the total).
- ``view_page`` pages by cursor: sorted by id or by last update, ascending or descending,
  keyset on (sort key, id), so rows inserted or updated meanwhile never shift a page; the
  cursor is opaque and tied to the view and sort it was made for.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from pydantic import ValidationError
from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session

from polydesk.authz.tickets import require_admin, require_agent
from polydesk.core.actor import Actor
from polydesk.core.errors import ValidationFailed, not_found
from polydesk.core.pagination import PageRequest, decode_cursor, encode_cursor
from polydesk.models.automation import SavedView
from polydesk.models.tickets import Ticket
from polydesk.tickets import criteria_query, repository
from polydesk.tickets.criteria import MAX_DB_ID, SortKey, TicketCriteria

ViewSort = Literal["id", "updated"]
#: Rows per cursor page (InvGate returns 1000) and per offset page.
MAX_VIEW_PAGE = 1000
MAX_COLUMNS = 50


@dataclass(frozen=True)
class ViewPage:
    tickets: list[Ticket]
    next_page_key: str | None


def create_view(
    session: Session,
    actor: Actor,
    *,
    name: str,
    criteria: TicketCriteria,
    columns: list[str] | None = None,
    is_shared: bool = True,
) -> SavedView:
    require_agent(actor)
    view = SavedView(
        name=_checked_name(name),
        owner_id=actor.user_id,
        is_shared=is_shared,
        columns=_checked_columns(columns or []),
    )
    _store_criteria(view, criteria)
    session.add(view)
    session.flush()
    return view


def update_view(
    session: Session,
    actor: Actor,
    view_id: int,
    *,
    name: str | None = None,
    criteria: TicketCriteria | None = None,
    columns: list[str] | None = None,
) -> SavedView:
    """Change a view's name, criteria (sort included) or columns: admins only (a shared view
    is the desk's configuration); what is left None keeps its value."""
    require_admin(actor)
    view = session.get(SavedView, view_id)
    if view is None:
        raise not_found("view", view_id)
    if name is not None:
        view.name = _checked_name(name)
    if criteria is not None:
        _store_criteria(view, criteria)
    if columns is not None:
        view.columns = _checked_columns(columns)
    session.flush()
    return view


def delete_view(session: Session, actor: Actor, view_id: int) -> None:
    """Delete a view (admins only): nothing else refers to a view."""
    require_admin(actor)
    view = session.get(SavedView, view_id)
    if view is None:
        raise not_found("view", view_id)
    session.delete(view)
    session.flush()


def shared_views(session: Session, name: str | None = None) -> list[SavedView]:
    """The shared views (every agent's), by name then id; only those named ``name`` (case
    ignored) when it is given."""
    query = select(SavedView).where(SavedView.is_shared.is_(True))
    views = list(session.scalars(query.order_by(SavedView.name, SavedView.id)))
    if name is None:
        return views
    wanted = name.strip().casefold()
    return [view for view in views if view.name.casefold() == wanted]


def stored_criteria(view: SavedView) -> TicketCriteria:
    """The view's criteria with its own sort (the default sort when it has none)."""
    return _criteria(view, sort=None)


def _checked_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > 191:
        raise ValidationFailed("view.invalid_name", "name: 1 to 191 characters")
    return name


def _checked_columns(columns: list[str]) -> list[str]:
    if len(columns) > MAX_COLUMNS:
        raise ValidationFailed("view.too_many_columns", f"at most {MAX_COLUMNS} columns")
    return list(columns)


def _store_criteria(view: SavedView, criteria: TicketCriteria) -> None:
    view.filters = criteria.model_dump(mode="json", exclude={"sort"}, exclude_defaults=True)
    view.sort = [key.model_dump(mode="json") for key in criteria.sort]


def require_view(session: Session, actor: Actor, view_id: int) -> SavedView:
    require_agent(actor)
    view = session.get(SavedView, view_id)
    readable = view is not None and (view.is_shared or view.owner_id == actor.user_id)
    if view is None or not (readable or actor.is_admin):
        raise not_found("view", view_id)
    return view


def view_ticket_ids(
    session: Session, actor: Actor, view_id: int, *, limit: int, offset: int = 0
) -> tuple[list[int], int]:
    """One offset page of the view's ticket ids in its own sort, and the total."""
    view = require_view(session, actor, view_id)
    criteria = _criteria(view, sort=None)
    page = PageRequest(limit=_capped(limit), offset=offset)
    ids = list(session.scalars(criteria_query.build_search(session, actor, criteria, page)))
    total = int(session.scalar(criteria_query.build_count(session, actor, criteria)) or 0)
    return ids, total


def view_page(
    session: Session,
    actor: Actor,
    view_id: int,
    *,
    sort: ViewSort = "id",
    descending: bool = False,
    page_key: str | None = None,
    limit: int = MAX_VIEW_PAGE,
) -> ViewPage:
    """One cursor page of the view's tickets (loaded for rendering)."""
    view = require_view(session, actor, view_id)
    size = _capped(limit)
    key = [SortKey(key="id" if sort == "id" else "updated", descending=descending)]
    criteria = _criteria(view, sort=key)
    query = criteria_query.build_search(session, actor, criteria, PageRequest(limit=size + 1))
    if page_key is not None:
        query = query.where(_after(_decode(page_key, view.id, sort, descending), sort, descending))
    ids = list(session.scalars(query))
    more = len(ids) > size
    tickets = _load_in_order(session, ids[:size])
    next_key = _encode(tickets[-1], view.id, sort, descending) if more and tickets else None
    return ViewPage(tickets=tickets, next_page_key=next_key)


def _capped(limit: int) -> int:
    if limit < 1:
        raise ValidationFailed("validation.invalid_limit", "limit must be at least 1")
    return min(limit, MAX_VIEW_PAGE)


def _criteria(view: SavedView, *, sort: list[SortKey] | None) -> TicketCriteria:
    try:
        stored_sort = [SortKey(**key) for key in view.sort or []]
        return TicketCriteria(**view.filters, sort=sort or stored_sort or [SortKey(key="id")])
    except (ValidationError, TypeError) as exc:  # a view saved by an older schema
        raise ValidationFailed("view.invalid_definition", f"view {view.id}: {exc}") from exc


def _after(values: tuple[Any, int], sort: ViewSort, descending: bool) -> ColumnElement[bool]:
    value, last_id = values
    id_after = Ticket.id < last_id if descending else Ticket.id > last_id
    if sort == "id":
        return id_after
    beyond = Ticket.updated_at < value if descending else Ticket.updated_at > value
    return or_(beyond, and_(Ticket.updated_at == value, id_after))


def _encode(ticket: Ticket, view_id: int, sort: ViewSort, descending: bool) -> str:
    value = ticket.updated_at.isoformat() if sort == "updated" else None
    return encode_cursor([view_id, sort, int(descending), value, ticket.id])


def _decode(page_key: str, view_id: int, sort: ViewSort, descending: bool) -> tuple[Any, int]:
    values = decode_cursor(page_key)
    if (
        len(values) != 5
        or values[:3] != [view_id, sort, int(descending)]
        or not isinstance(values[4], int)
        or not 0 <= values[4] < MAX_DB_ID
    ):
        raise ValidationFailed("validation.invalid_cursor", "page key does not match this view")
    if sort == "id":
        return None, values[4]
    try:
        return datetime.fromisoformat(str(values[3])), values[4]
    except ValueError as exc:
        raise ValidationFailed("validation.invalid_cursor", "page key is not valid") from exc


def _load_in_order(session: Session, ids: list[int]) -> list[Ticket]:
    if not ids:
        return []
    query = select(Ticket).where(Ticket.id.in_(ids)).options(*repository.TICKET_LOAD_OPTIONS)
    by_id = {ticket.id: ticket for ticket in session.scalars(query).unique()}
    return [by_id[ticket_id] for ticket_id in ids if ticket_id in by_id]
