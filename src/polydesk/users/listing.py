"""Listing users by login (exact list, pattern or prefix range), id, role and creation time,
sorted by a whitelisted column and paged with a hard cap (ReadyDesk get_customers / get_techs).
Customers only ever see themselves, as in ``service.list_users``. Also the two login helpers
other listings share: a subquery of the users a login filter picks, and id -> login lookup."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from polydesk.core.actor import Actor, Role
from polydesk.core.pagination import PageRequest
from polydesk.db.filters import between, prefix_range, sort_order, text_matches
from polydesk.db.listing import DIRECTORY_PAGE, count_of, paged
from polydesk.models.users import User
from polydesk.tickets.criteria import TextRange, Window
from polydesk.users.service import users_by_ids

UserSort = Literal["id", "login", "name", "email", "created"]


@dataclass(frozen=True)
class UserQuery:
    roles: tuple[Role, ...]
    ids: list[int] | None = None
    logins: list[str] | None = None  # exact, any case; ``*`` inside a value is a wildcard
    login_range: TextRange | None = None
    created: Window | None = None
    sort: UserSort = "id"
    descending: bool = False  # the sort key's direction, then the id's
    page: PageRequest = DIRECTORY_PAGE


def search_users(session: Session, actor: Actor, query: UserQuery) -> list[User]:
    order = sort_order(_SORTS, query.sort, query.descending, User.id)
    return paged(session, _filtered(actor, query), query.page, *order).items


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
        statement = statement.where(text_matches(User.login, query.logins))
    if query.login_range is not None:
        statement = statement.where(*prefix_range(User.login, query.login_range))
    if query.created is not None:
        window = query.created
        statement = statement.where(*between(User.created_at, window.after, window.before))
    return statement


def users_matching(
    logins: list[str] | None = None, login_range: TextRange | None = None
) -> Select[int] | None:
    """Ids of the users whose login is one of ``logins`` (any case, ``*`` wildcards) and in
    ``login_range``; None when neither filter is given."""
    clauses = [] if logins is None else [text_matches(User.login, logins)]
    if login_range is not None:
        clauses.extend(prefix_range(User.login, login_range))
    return select(User.id).where(*clauses) if clauses else None


def login_lookup(
    session: Session, user_ids: Iterable[int | None]
) -> Callable[[int | None], str | None]:
    """One query for the users' logins; the lookup answers None for no user or an unknown id."""
    people = users_by_ids(session, {user_id for user_id in user_ids if user_id})

    def login(user_id: int | None) -> str | None:
        user = people.get(user_id) if user_id is not None else None
        return user.login if user else None

    return login
