"""Shared pieces of the directory listings (users, companies, help desks): a page request with
one whitelisted sort column, and the count of a filtered query."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

T = TypeVar("T")
MAX_ROWS = 1000


@dataclass(frozen=True)
class Slice:
    limit: int = MAX_ROWS
    offset: int = 0
    descending: bool = False


def page_of(session: Session, query: Select[T], column: Any, tie: Any, page: Slice) -> list[T]:
    """Rows ordered by ``column`` then ``tie`` (both in the slice's direction), capped."""
    order = (column.desc(), tie.desc()) if page.descending else (column.asc(), tie.asc())
    limited = query.order_by(*order).limit(min(page.limit, MAX_ROWS)).offset(page.offset)
    return list(session.scalars(limited).all())


def count_of(session: Session, query: Select[Any]) -> int:
    return int(
        session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    )
