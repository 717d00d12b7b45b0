"""Offset paging of any select, with an optional total (the hard cap is in PageRequest)."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from polydesk.core.pagination import Page, PageRequest

T = TypeVar("T")


def paged(session: Session, query: Select[T], page: PageRequest, *order_by: Any) -> Page[T]:
    total = None
    if page.with_total:
        total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    rows = session.scalars(query.order_by(*order_by).offset(page.offset).limit(page.limit))
    return Page(items=list(rows.all()), total=total)
