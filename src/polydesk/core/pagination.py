"""Paging with a hard cap: offset pages and opaque keyset cursors."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Generic, TypeVar

from polydesk.core.errors import ValidationFailed
from polydesk.core.validation import text_problem

T = TypeVar("T")


@dataclass(frozen=True)
class PageRequest:
    limit: int
    offset: int = 0
    cursor: str | None = None
    with_total: bool = False

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
        return cls(min(limit or default, cap), offset, cursor, with_total)


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
