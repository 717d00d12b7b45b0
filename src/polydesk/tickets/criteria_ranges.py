"""SQL for ``RangeCriteria`` (see ``criteria``): id and login ranges, keyword, due day,
(help desk, level) pairs. Every clause reads indexed ticket columns or the users' login index.

Decisions:
- Login prefix bounds are ``db.filters.prefix_range`` (``end=j`` keeps ``jane``).
- The keyword is a case-insensitive substring of the title or the description; ``*`` inside it
  is a wildcard, ``%`` and ``_`` are literal.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import SQLColumnExpression, and_, func, literal, or_, select

from polydesk.db.filters import ESCAPE, between, contains_pattern, prefix_range
from polydesk.models.tickets import Ticket
from polydesk.models.users import User
from polydesk.tickets.criteria import RangeCriteria, Window

Clause = SQLColumnExpression[bool]


def range_clauses(ranges: RangeCriteria | None) -> list[Clause]:
    if ranges is None:
        return []
    clauses: list[Clause] = [*between(Ticket.id, ranges.first_id, ranges.last_id)]
    if ranges.due is not None:
        clauses.append(in_window(Ticket.due_at, ranges.due))
    if ranges.keyword is not None:
        clauses.append(_keyword(ranges.keyword))
    if ranges.helpdesk_levels is not None:
        clauses.append(_levels(ranges.helpdesk_levels))
    clauses.extend(_requester(ranges))
    return clauses


def _keyword(keyword: str) -> Clause:
    pattern = literal(contains_pattern(keyword))
    return or_(
        func.lower(Ticket.title).like(pattern, escape=ESCAPE),
        func.lower(Ticket.description).like(pattern, escape=ESCAPE),
    )


def _levels(pairs: list[tuple[int, int]]) -> Clause:
    if not pairs:
        return Ticket.id.in_([])
    return or_(*(and_(Ticket.helpdesk_id == desk, Ticket.level == level) for desk, level in pairs))


def _requester(ranges: RangeCriteria) -> list[Clause]:
    conditions: list[Clause] = []
    if ranges.requester_logins is not None:
        wanted = sorted({login.lower() for login in ranges.requester_logins})
        conditions.append(func.lower(User.login).in_(wanted))
    if ranges.requester_login_range is not None:
        conditions.extend(prefix_range(User.login, ranges.requester_login_range))
    if not conditions:
        return []
    users = select(User.id).where(*conditions)
    return [and_(Ticket.requester_id.is_not(None), Ticket.requester_id.in_(users))]


def in_window(moment: SQLColumnExpression[Any], window: Window) -> Clause:
    """Both ends inclusive; a NULL moment never matches."""
    return and_(moment.is_not(None), *between(moment, window.after, window.before))
