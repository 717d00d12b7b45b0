"""SQL for the text criteria of ``TicketCriteria``: ``Pattern`` lists on ticket columns, company
codes, requester logins and attachment names; words in comment fields.

Decisions:
- Case-insensitive matching is ``lower()`` on both sides, so it behaves the same on SQLite
  (ASCII-only ``lower``) and PostgreSQL for any text typed the way it is stored.
- A missing value reads as ``''``, so a condition is never NULL and a negated one holds for a
  ticket without the value. A positive exact pattern with a value compares the bare column,
  so the column's index serves it (the native list's ``number``).
- Comment words and custom field ``like`` values keep their own convention: ``*`` and ``%``
  are wildcards, ``_`` is literal (``wildcards``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import SQLColumnExpression, and_, func, literal, not_, or_, select

from polydesk.models.comments import Comment
from polydesk.models.companies import Company
from polydesk.models.tickets import Ticket
from polydesk.models.users import User
from polydesk.tickets.criteria import ESCAPE, Pattern, TicketCriteria

Clause = SQLColumnExpression[bool]
Column = SQLColumnExpression[Any]
Predicate = Callable[[Column], Clause]
Target = Callable[[Predicate], Clause]

CUSTOMER_ID_KEY = "znuny.customer_id"
COMMENT_COLUMNS: dict[str, SQLColumnExpression[str]] = {
    "from": Comment.from_address,
    "to": Comment.to_addresses,
    "cc": Comment.cc_addresses,
    "subject": Comment.subject,
    "body": Comment.body,
}


def matches(pattern: Pattern) -> Predicate:
    """The column matches the pattern (its negation is the caller's: ``pattern_clause``)."""

    def match(column: Column) -> Clause:
        if pattern.exact:
            value = literal(pattern.value)
            if pattern.value and not pattern.negated:
                return column == value
            return func.coalesce(column, "") == value
        lowered = func.lower(func.coalesce(column, ""))
        if pattern.wildcard:
            return lowered.like(func.lower(literal(pattern.text)), escape=ESCAPE)
        return lowered == func.lower(literal(pattern.value))

    return match


def pattern_clause(patterns: list[Pattern] | None, target: Target) -> Clause | None:
    """Positive patterns ORed, negated ones ANDed (see ``criteria``); None: no filter."""
    given = patterns or []
    positive = [target(matches(p)) for p in given if not p.negated]
    negative = [not_(target(matches(p))) for p in given if p.negated]
    if positive:
        negative.insert(0, or_(*positive))
    return and_(*negative) if negative else None


def _company(match: Predicate) -> Clause:
    """Company code, or the free-text Znuny CustomerID kept in ``extra``."""
    companies = select(Company.id).where(match(Company.code))
    by_code = and_(Ticket.company_id.is_not(None), Ticket.company_id.in_(companies))
    return or_(by_code, match(Ticket.extra[CUSTOMER_ID_KEY].as_string()))


def _requester(match: Predicate) -> Clause:
    users = select(User.id).where(or_(match(User.login), match(User.email)))
    return and_(Ticket.requester_id.is_not(None), Ticket.requester_id.in_(users))


def pattern_clauses(c: TicketCriteria) -> list[Clause]:
    clauses = [
        pattern_clause(c.numbers, lambda match: match(Ticket.number)),
        pattern_clause(c.titles, lambda match: match(Ticket.title)),
        pattern_clause(c.company_codes, _company),
        pattern_clause(c.requester_logins, _requester),
    ]
    return [clause for clause in clauses if clause is not None]


def wildcards(text: str) -> str:
    """``text`` for LIKE with ``*`` and ``%`` as wildcards (``_`` and ``\\`` literal)."""
    return text.replace(ESCAPE, ESCAPE * 2).replace("_", ESCAPE + "_").replace("*", "%")


def _contains_words(column: SQLColumnExpression[str], text: str) -> Clause | None:
    """Every whitespace-separated word occurs in the column, case-insensitively."""
    words = [wildcards(word) for word in text.split()]
    clauses = [
        func.lower(column).like(func.lower(literal(f"%{word}%")), escape=ESCAPE) for word in words
    ]
    return and_(*clauses) if clauses else None


def comment_text(c: TicketCriteria) -> Clause | None:
    """The ``comment_text`` words, per comment field, joined by ``comment_text_mode``."""
    parts = [
        _contains_words(COMMENT_COLUMNS[part], text)
        for part, text in (c.comment_text or {}).items()
    ]
    given = [part for part in parts if part is not None]
    if not given:
        return None
    return and_(*given) if c.comment_text_mode == "AND" else or_(*given)
