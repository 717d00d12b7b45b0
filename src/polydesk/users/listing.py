"""Listing users by login (exact list, pattern or prefix range), id, role and creation time,
sorted by a whitelisted column and paged with a hard cap (ReadyDesk get_customers / get_techs).
Customers only ever see themselves, as in ``service.list_users``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import Select, func, literal, or_, select
from sqlalchemy.orm import Session

from polydesk.core.actor import Actor, Role
from polydesk.db.ranged import Slice, count_of, page_of
from polydesk.models.users import User
from polydesk.tickets.criteria import TextRange, Window
from polydesk.tickets.criteria_ranges import ESCAPE, prefix_range

UserSort = Literal["id", "login", "name", "email", "created"]


@dataclass(frozen=True)
class UserQuery:
    roles: tuple[Role, ...]
    ids: list[int] | None = None
    logins: list[str] | None = None  # exact, any case; ``*`` inside a value is a wildcard
    login_range: TextRange | None = None
    created: Window | None = None
    sort: UserSort = "id"
    page: Slice = field(default_factory=Slice)


def search_users(session: Session, actor: Actor, query: UserQuery) -> list[User]:
    return page_of(session, _filtered(actor, query), _SORTS[query.sort], User.id, query.page)


def count_users(session: Session, actor: Actor, query: UserQuery) -> int:
    return count_of(session, _filtered(actor, query))


_SORTS: dict[str, Any] = {
    "id": User.id,
    "login": func.lower(User.login),
    "name": func.lower(User.first_name),
    "email": func.lower(func.coalesce(User.email, "")),
    "created": User.created_at,
}


def _filtered(actor: Actor, query: UserQuery) -> Select[User]:
    statement = select(User).where(User.role.in_(query.roles))
    if actor.is_customer:
        statement = statement.where(User.id == actor.user_id)
    if query.ids is not None:
        statement = statement.where(User.id.in_(query.ids))
    if query.logins is not None:
        statement = statement.where(_login_in(query.logins))
    if query.login_range is not None:
        statement = statement.where(*prefix_range(User.login, query.login_range))
    window = query.created
    if window is not None and window.after is not None:
        statement = statement.where(User.created_at >= window.after)
    if window is not None and window.before is not None:
        statement = statement.where(User.created_at <= window.before)
    return statement


def _login_in(logins: list[str]) -> Any:
    lowered = func.lower(User.login)
    exact = sorted({login.lower() for login in logins if "*" not in login})
    patterns = [_like(login) for login in logins if "*" in login]
    clauses = [lowered.in_(exact)] if exact else []
    clauses += [lowered.like(literal(pattern), escape=ESCAPE) for pattern in patterns]
    return or_(*clauses)


def _like(value: str) -> str:
    escaped = value.lower().replace(ESCAPE, ESCAPE * 2).replace("%", ESCAPE + "%")
    return escaped.replace("_", ESCAPE + "_").replace("*", "%")
