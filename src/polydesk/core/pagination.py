"""Paging with a hard cap: offset pages and opaque keyset cursors.

``PageRequest`` is the one paging type of every core list, whoever builds it. It enforces the
core's hard cap itself: a limit of 1 to ``MAX_PAGE_SIZE`` rows and an offset of 0 to
``MAX_OFFSET``, anything else is refused (``validation.invalid_limit`` /
``validation.invalid_offset``), so no service can be asked for an unbounded page. An edge that
reads a client's limit builds the request with ``PageRequest.capped``, which clamps it to the
edge's own cap (the native API's ``POLYDESK_MAX_PAGE_SIZE``, a product's documented maximum)
and never above the core's. Sort order is the list's business, not the page's.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Generic, TypeVar

from polydesk.core.errors import ValidationFailed
from polydesk.core.validation import text_problem

T = TypeVar("T")

#: The most rows one page may hold: the largest answer a product asks for in one call (Znuny's
#: TicketSearch ``Limit`` and TicketHistoryGet, both capped at 10,000).
MAX_PAGE_SIZE = 10_000
#: The deepest row a page may start at: 32 bits, the bound every edge already keeps.
MAX_OFFSET = 2**31 - 1


@dataclass(frozen=True)
class PageRequest:
    limit: int
    offset: int = 0
    cursor: str | None = None
    with_total: bool = False

    def __post_init__(self) -> None:
        if not 1 <= self.limit <= MAX_PAGE_SIZE:
            raise ValidationFailed(
                "validation.invalid_limit", f"limit must be 1 to {MAX_PAGE_SIZE}", limit=self.limit
            )
        if not 0 <= self.offset <= MAX_OFFSET:
            raise ValidationFailed(
                "validation.invalid_offset", f"offset must be 0 to {MAX_OFFSET}", offset=self.offset
            )

    @classmethod
    def capped(
        cls,
        limit: int | None,
        *,
        default: int,
        cap: int,
        offset: int = 0,
        cursor: str | None = None,
        with_total: bool = False,
    ) -> PageRequest:
        if limit is not None and limit < 1:
            raise ValidationFailed("validation.invalid_limit", "limit must be at least 1")
        if offset < 0:
            raise ValidationFailed("validation.invalid_offset", "offset must not be negative")
        return cls(min(limit or default, cap, MAX_PAGE_SIZE), offset, cursor, with_total)


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    next_cursor: str | None = None
    total: int | None = None


def encode_cursor(values: list[object]) -> str:
    raw = json.dumps(values, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> list[object]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, UnicodeDecodeError) as exc:
        raise ValidationFailed("validation.invalid_cursor", "cursor is not valid") from exc
    if not isinstance(values, list) or not all(map(_plain_key, values)):
        raise ValidationFailed("validation.invalid_cursor", "cursor is not valid")
    return values


def _plain_key(value: object) -> bool:
    """A cursor is client input: its keys are scalars a query may bind. Every integer key we
    page by is an INTEGER column (ids, positions), 32-bit on PostgreSQL."""
    if isinstance(value, str):
        return text_problem(value) is None
    if isinstance(value, bool) or value is None:
        return True
    return isinstance(value, int) and -(2**31) <= value < 2**31
