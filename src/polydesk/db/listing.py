"""Paging any select by the core's one paging type, ``PageRequest`` (its hard cap is enforced
by the request itself, ``core.pagination``): ``paged`` takes the order (optional total),
``sorted_page`` adds a whitelisted sort key, ``count_of`` counts a listing separately.
(WHERE-clause builders are in ``db.filters``.)"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from polydesk.core.pagination import Page, PageRequest
from polydesk.db.filters import Column, sort_order

T = TypeVar("T")
#: The page a directory listing (users, companies, help desks) reads when asked for none.
DIRECTORY_PAGE = PageRequest(limit=1000)


class SortChoice(Protocol):
    """A list command's sort key (a Literal checked by its model) and direction."""

    @property
    def sort(self) -> str: ...

    @property
    def descending(self) -> bool: ...


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


def count_of(session: Session, query: Select[Any]) -> int:
    return int(
        session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    )
