"""The user directory as InvGate keeps it: e-mail addresses and logins identify people (no
two users share either, ignoring case), and reads that leave out disabled users unless asked.

Who sees what is ``service.list_users``'s rule: agents and admins read every user, a
customer only themselves."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from pydantic import TypeAdapter
from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import Session

from polydesk.authz.tickets import require_admin
from polydesk.core.actor import Actor
from polydesk.core.errors import Conflict, ValidationFailed, not_found
from polydesk.models.users import User
from polydesk.users import repository
from polydesk.users.password_reset import ResetPurpose, issue_password_reset
from polydesk.users.schemas import Login, UserCreate, UserUpdate
from polydesk.users.service import create_user, require_user, update_user

#: ``users.by`` criteria -> the columns each one searches.
SEARCH_COLUMNS: dict[str, tuple[str, ...]] = {
    "login": ("login",),
    "email": ("email",),
    "phone": ("phone",),
    "office_phone": ("office_phone",),
    "fax": ("fax",),
    "mobile": ("mobile",),
    "other_phone": ("other_phone",),
    "employee_number": ("employee_number",),
    "any_phone": ("phone", "office_phone", "fax", "mobile", "other_phone"),
}


_LOGIN = TypeAdapter(Login)


@dataclass(frozen=True)
class DirectorySearch:
    """Every given criterion must match: a part of the value (any case), or all of it with
    ``exact``. No criterion finds nobody."""

    criteria: dict[str, str] = field(default_factory=dict)  # keys of SEARCH_COLUMNS
    exact: bool = False
    include_disabled: bool = False


def create_directory_user(
    session: Session, actor: Actor, cmd: UserCreate, *, welcome_base_url: str | None = None
) -> User:
    """Create a user; with ``welcome_base_url``, also mail them a link to set a first password
    (``password_reset``, pointing below that address). External users (mail only) get no
    password."""
    require_admin(actor)
    if cmd.is_external and cmd.password:
        raise ValidationFailed(
            "user.external_password", "an external user has no login, so no password"
        )
    _require_free(session, email=str(cmd.email) if cmd.email else None, login=cmd.login)
    user = create_user(session, actor, cmd)
    if welcome_base_url is not None:
        issue_password_reset(
            session, actor, user.id, purpose=ResetPurpose.NEW_USER, base_url=welcome_base_url
        )
    return user


def update_directory_user(
    session: Session, actor: Actor, user_id: int, cmd: UserUpdate, *, login: str | None = None
) -> User:
    """``update_user`` with the directory's rules; ``login`` renames (admins only; a login
    of the wrong form raises pydantic's ``ValidationError``, like a bad command field)."""
    if actor.user_id != user_id or login is not None:
        require_admin(actor)  # first, so a refusal says nothing of who holds an address
    user = require_user(session, user_id)
    email = str(cmd.email) if cmd.email else None
    if login is not None:
        login = _LOGIN.validate_python(login)
    _require_free(session, email=email, login=login, own_id=user.id)
    if login is not None:
        user.login = login
    return update_user(session, actor, user_id, cmd)


def find_directory_user(
    session: Session, actor: Actor, *, email: str | None, login: str | None
) -> User:
    """The user with this e-mail and/or login (both must match when both are given)."""
    query = select(User)
    if email is not None:
        query = query.where(func.lower(User.email) == email.lower())
    if login is not None:
        query = query.where(func.lower(User.login) == login.lower())
    user = session.scalars(_visible(actor, query).order_by(User.id)).first()
    if user is None:
        raise not_found("user", email if email is not None else login)
    return user


def get_directory_user(
    session: Session, actor: Actor, user_id: int, *, include_disabled: bool
) -> User:
    user = session.scalars(_visible(actor, select(User).where(User.id == user_id))).first()
    if user is None or (not user.is_enabled and not include_disabled):
        raise not_found("user", user_id)
    return user


def list_directory_users(
    session: Session,
    actor: Actor,
    *,
    ids: Sequence[int] | None,
    include_disabled: bool,
    limit: int,
) -> list[User]:
    """The users with these ids (all users when None), by id, at most ``limit``."""
    query = select(User)
    if ids is not None:
        query = query.where(User.id.in_(list(ids)))
    if not include_disabled:
        query = query.where(User.is_enabled.is_(True))
    return list(session.scalars(_visible(actor, query).order_by(User.id).limit(limit)))


def search_directory_users(
    session: Session, actor: Actor, search: DirectorySearch, *, after_id: int | None, limit: int
) -> list[User]:
    """A keyset page (ids above ``after_id``) of the users matching ``search``."""
    if not search.criteria:
        return []
    query = select(User).where(*(_matches(name, value, search.exact)
                                 for name, value in search.criteria.items()))  # fmt: skip
    if not search.include_disabled:
        query = query.where(User.is_enabled.is_(True))
    if after_id is not None:
        query = query.where(User.id > after_id)
    return list(session.scalars(_visible(actor, query).order_by(User.id).limit(limit)))


def _matches(name: str, value: str, exact: bool) -> ColumnElement[bool]:
    columns = [
        func.lower(func.coalesce(getattr(User, column), "")) for column in SEARCH_COLUMNS[name]
    ]
    wanted = value.lower()
    if exact:
        return or_(*(column == wanted for column in columns))
    return or_(*(column.contains(wanted, autoescape=True) for column in columns))


def _visible(actor: Actor, query: Select[User]) -> Select[User]:
    return query.where(User.id == actor.user_id) if actor.is_customer else query


def _require_free(
    session: Session, *, email: str | None, login: str | None, own_id: int | None = None
) -> None:
    if login is not None:
        holder = repository.by_login(session, login)
        if holder is not None and holder.id != own_id:
            raise Conflict("user.login_taken", f"login {login!r} is already in use")
    if email is not None:
        query = select(User.id).where(func.lower(User.email) == email.lower())
        if own_id is not None:
            query = query.where(User.id != own_id)
        if session.scalars(query.limit(1)).first() is not None:
            raise Conflict("user.email_taken", f"e-mail {email!r} is already in use")
