"""Keyset paging for short ascending lists (a ticket's comments, attachments, time entries,
history), as the ticket list pages: a cursor names the last row seen, so a page does not shift
when rows are added while a client walks the list, and deep pages cost no OFFSET scan.

A cursor is ``[list name, key values...]``; one made for another list, or edited, is refused
(``validation.invalid_cursor``). Without a cursor, ``offset`` still applies.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import DateTime, Select, tuple_
from sqlalchemy.orm import InstrumentedAttribute, Session

from polydesk.core.errors import ValidationFailed
from polydesk.core.pagination import Page, PageRequest, decode_cursor, encode_cursor
from polydesk.db.listing import count_of
from polydesk.db.types import UTCDateTime

T = TypeVar("T")
Key = InstrumentedAttribute[Any]


def keyset_page(
    session: Session, query: Select[T], page: PageRequest, name: str, *keys: Key
) -> Page[T]:
    """One page of ``query`` ascending by ``keys`` (the last one unique), after
    ``page.cursor`` when given; one extra row tells whether there is a next page."""
    total = count_of(session, query) if page.with_total else None
    if page.cursor is not None:
        after = _cursor_values(page.cursor, name, keys)
        query = query.where(tuple_(*keys) > tuple_(*after))
    else:
        query = query.offset(page.offset)
    rows = list(session.scalars(query.order_by(*keys).limit(page.limit + 1)).all())
    items = rows[: page.limit]
    next_cursor = None
    if len(rows) > page.limit and items:
        values = [_plain(getattr(items[-1], key.key)) for key in keys]
        next_cursor = encode_cursor([name, *values])
    return Page(items=items, next_cursor=next_cursor, total=total)


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def _cursor_values(cursor: str, name: str, keys: tuple[Key, ...]) -> list[Any]:
    values = decode_cursor(cursor)
    if len(values) != len(keys) + 1 or values[0] != name:
        raise ValidationFailed("validation.invalid_cursor", "cursor does not belong to this list")
    return [_key_value(key, value) for key, value in zip(keys, values[1:], strict=True)]


def _key_value(key: Key, value: Any) -> Any:
    if isinstance(key.type, UTCDateTime | DateTime):
        try:
            parsed = datetime.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            parsed = None
        if parsed is None or parsed.tzinfo is None:
            raise ValidationFailed("validation.invalid_cursor", "cursor is not valid")
        return parsed
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValidationFailed("validation.invalid_cursor", "cursor is not valid")
    return value
