"""SQL for ``RangeCriteria`` (see ``criteria``): id and login ranges, keyword, source, due day,
(help desk, level) pairs. Every clause reads indexed ticket columns or the users' login index.

Decisions:
- Login prefix bounds compare ``lower(login)``: ``start`` keeps logins >= the prefix, ``end``
  keeps logins < the prefix's successor (so ``end=j`` keeps ``jane``), the way ReadyDesk's
  ``start_cid`` / ``end_cid`` read ("starting with j or earlier in the alphabet").
- The keyword is a case-insensitive substring of the title or the description; ``*`` inside it
  is a wildcard, ``%`` and ``_`` are literal.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, SQLColumnExpression, and_, func, literal, or_, select
from sqlalchemy.orm import InstrumentedAttribute

from polydesk.models.tickets import Ticket
from polydesk.models.users import User
from polydesk.tickets.criteria import RangeCriteria, TextRange, Window

Clause = SQLColumnExpression[bool]
ESCAPE = "\\"


def range_clauses(ranges: RangeCriteria | None) -> list[Clause]:
    if ranges is None:
        return []
    clauses: list[Clause] = []
    if ranges.first_id is not None:
        clauses.append(Ticket.id >= ranges.first_id)
    if ranges.last_id is not None:
        clauses.append(Ticket.id <= ranges.last_id)
    if ranges.source_ids is not None:
        clauses.append(Ticket.source_id.in_(ranges.source_ids))
    if ranges.due is not None:
        clauses.append(_in_window(Ticket.due_at, ranges.due))
    if ranges.keyword is not None:
        clauses.append(_keyword(ranges.keyword))
    if ranges.helpdesk_levels is not None:
        clauses.append(_levels(ranges.helpdesk_levels))
    clauses.extend(_requester(ranges))
    return clauses


def prefix_range(column: Any, bounds: TextRange) -> list[ColumnElement[bool]]:
    """Case-insensitive prefix bounds on a text column (shared by other listings)."""
    lowered = func.lower(column)
    clauses: list[ColumnElement[bool]] = []
    if bounds.start is not None:
        clauses.append(lowered >= bounds.start.lower())
    if bounds.end is not None:
        clauses.append(lowered < successor(bounds.end.lower()))
    return clauses


def successor(prefix: str) -> str:
    """The smallest string greater than every string starting with ``prefix``."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def contains_pattern(text: str) -> str:
    """``%text%`` for LIKE with ``*`` as the wildcard and ``%``/``_`` made literal."""
    escaped = text.replace(ESCAPE, ESCAPE * 2).replace("%", ESCAPE + "%").replace("_", ESCAPE + "_")
    return f"%{escaped.replace('*', '%')}%".lower()


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


def _in_window(moment: InstrumentedAttribute[Any], window: Window) -> Clause:
    parts: list[Clause] = [moment.is_not(None)]
    if window.after is not None:
        parts.append(moment >= window.after)
    if window.before is not None:
        parts.append(moment <= window.before)
    return and_(*parts)
