"""Paging any select, with a hard cap: ``paged`` takes a ``PageRequest`` (optional total) and
``sorted_page`` adds a whitelisted sort key; ``page_of`` / ``count_of`` serve the directory
listings (users, companies, help desks), which page by a ``Slice`` and count separately.
(WHERE-clause builders are in ``db.filters``.)"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from polydesk.core.pagination import Page, PageRequest
from polydesk.db.filters import Column, sort_order

T = TypeVar("T")
MAX_ROWS = 1000


class SortChoice(Protocol):
    """A list command's sort key (a Literal checked by its model) and direction."""

    @property
    def sort(self) -> str: ...

    @property
    def descending(self) -> bool: ...


@dataclass(frozen=True)
class Slice:
    limit: int = MAX_ROWS
    offset: int = 0
    descending: bool = False


def paged(session: Session, query: Select[T], page: PageRequest, *order_by: Any) -> Page[T]:
    total = count_of(session, query) if page.with_total else None
    rows = session.scalars(query.order_by(*order_by).offset(page.offset).limit(page.limit))
    return Page(items=list(rows.all()), total=total)


def sorted_page(
    session: Session,
    query: Select[T],
    page: PageRequest,
    columns: Mapping[str, Column],
    choice: SortChoice,
    tiebreak: Column,
) -> Page[T]:
    """``paged`` in the order ``choice`` asks for (see ``filters.sort_order``)."""
    order = sort_order(columns, choice.sort, choice.descending, tiebreak)
    return paged(session, query, page, *order)


def page_of(session: Session, query: Select[T], column: Any, tie: Any, page: Slice) -> list[T]:
    """Rows ordered by ``column`` then ``tie`` (both in the slice's direction), capped."""
    order = (column.desc(), tie.desc()) if page.descending else (column.asc(), tie.asc())
    limited = query.order_by(*order).limit(min(page.limit, MAX_ROWS)).offset(page.offset)
    return list(session.scalars(limited).all())


def count_of(session: Session, query: Select[Any]) -> int:
    return int(
        session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    )
