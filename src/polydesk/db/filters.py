"""WHERE-clause builders shared by list services: inclusive ranges, prefix ranges, text
patterns, keywords, and whitelisted sort keys. Every value is bound as a parameter, never
spliced. (Paging itself is in ``db.listing``.)

Decisions:
- Text matches ignore case through ``lower()`` on both sides (the same on SQLite and
  PostgreSQL for ASCII); ``*`` inside a value is a wildcard, ``_`` and ``%`` are literal.
- Prefix bounds compare ``lower(column)``: ``start`` keeps values >= the prefix, ``end`` keeps
  values < the prefix's successor (so ``end=j`` keeps ``jane``), the way ReadyDesk's
  ``start_cid`` / ``end_cid`` read ("starting with j or earlier in the alphabet").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from sqlalchemy import ColumnElement, SQLColumnExpression, and_, false, func, literal, or_
from sqlalchemy.sql.elements import UnaryExpression

Clause = ColumnElement[bool]
Column = SQLColumnExpression[Any]
ESCAPE = "\\"


class PrefixBounds(Protocol):
    """Case-insensitive prefix bounds, either open (``tickets.criteria.TextRange``)."""

    @property
    def start(self) -> str | None: ...

    @property
    def end(self) -> str | None: ...


_FIRST_SURROGATE, _AFTER_SURROGATES, _LAST_CODE_POINT = 0xD800, 0xE000, 0x10FFFF


def _like_pattern(value: str) -> str:
    escaped = (
        value.replace(ESCAPE, ESCAPE * 2).replace("%", ESCAPE + "%").replace("_", ESCAPE + "_")
    )
    return escaped.replace("*", "%")


def contains_pattern(text: str) -> str:
    """``%text%`` (lower case) for LIKE with ``*`` as the wildcard, ``%``/``_`` made literal."""
    return f"%{_like_pattern(text)}%".lower()


def text_matches(column: Column, values: Iterable[str]) -> Clause:
    """Any of ``values``, ignoring case; ``*`` is a wildcard. No values match nothing."""
    lowered = func.lower(column)
    clauses: list[Clause] = []
    for value in values:
        if "*" in value:
            clauses.append(lowered.like(func.lower(literal(_like_pattern(value))), escape=ESCAPE))
        else:
            clauses.append(lowered == func.lower(literal(value)))
    return or_(*clauses) if clauses else false()


def between(column: Column, low: Any | None, high: Any | None) -> list[Clause]:
    """Inclusive bounds; either may be open (None)."""
    clauses: list[Clause] = []
    if low is not None:
        clauses.append(column >= low)
    if high is not None:
        clauses.append(column <= high)
    return clauses


def prefix_range(column: Column, bounds: PrefixBounds) -> list[Clause]:
    """Case-insensitive prefix bounds on a text column; either may be open."""
    lowered = func.lower(column)
    clauses: list[Clause] = []
    if bounds.start is not None:
        clauses.append(lowered >= bounds.start.lower())
    if bounds.end is not None:
        above = successor(bounds.end.lower())
        if above is not None:
            clauses.append(lowered < above)
    return clauses


def successor(prefix: str) -> str | None:
    """The smallest string greater than every string starting with ``prefix``; None when no
    string is (the prefix is all U+10FFFF). Surrogates are skipped: databases refuse them."""
    for position in range(len(prefix) - 1, -1, -1):
        code = ord(prefix[position]) + 1
        if code == _FIRST_SURROGATE:
            code = _AFTER_SURROGATES
        if code <= _LAST_CODE_POINT:
            return prefix[:position] + chr(code)
    return None


def has_words(columns: Iterable[Column], text: str | None) -> Clause | None:
    """Every whitespace-separated word occurs in one of ``columns``, ignoring case."""
    targets = [func.lower(func.coalesce(column, "")) for column in columns]
    words = (text or "").split()
    if not words or not targets:
        return None
    per_word = []
    for word in words:
        pattern = func.lower(literal(f"%{_like_pattern(word)}%"))
        per_word.append(or_(*(target.like(pattern, escape=ESCAPE) for target in targets)))
    return and_(*per_word)


def sort_order(
    columns: Mapping[str, Column],
    key: str,
    descending: bool,
    tiebreak: Column,
) -> list[UnaryExpression[Any]]:
    """``columns[key]`` in the direction asked, then ``tiebreak`` the same way, for a stable
    page order. ``key`` comes from a closed set (a Literal or StrEnum) checked by the caller's
    command model, so an unknown key is a programming error (KeyError)."""
    chosen = [columns[key], tiebreak]
    return [column.desc() if descending else column.asc() for column in chosen]
