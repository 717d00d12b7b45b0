"""User use cases: create, update, look up, list, authenticate by password, out of office."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import ColumnElement, and_, delete, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from polydesk.authz.tickets import require_admin
from polydesk.core.actor import Actor, Role
from polydesk.core.clock import utcnow
from polydesk.core.errors import Conflict, PermissionDenied, ValidationFailed, not_found
from polydesk.core.pagination import Page, PageRequest
from polydesk.credentials import throttle
from polydesk.db.listing import paged
from polydesk.models.companies import Company, Location
from polydesk.models.helpdesks import Helpdesk, HelpdeskLevel, HelpdeskMember, MemberAccess
from polydesk.models.users import User
from polydesk.users import repository
from polydesk.users.passwords import hash_password, needs_rehash, verify_password
from polydesk.users.schemas import (
    ACCESS_FIELDS,
    PROFILE_FIELDS,
    UserCreate,
    UserFilter,
    UserUpdate,
)
from polydesk.users.verified import VERIFIED

#: last_login_at is kept to the minute, so a client logging in per request writes no row.
LAST_LOGIN_PRECISION = timedelta(minutes=1)


def get_user(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def require_user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise not_found("user", user_id)
    return user


def get_user_by_login(session: Session, login: str) -> User | None:
    return repository.by_login(session, login)


def get_user_by_email(session: Session, email: str) -> User | None:
    return repository.by_email(session, email)


def users_by_ids(session: Session, user_ids: Iterable[int]) -> dict[int, User]:
    wanted = set(user_ids)
    if not wanted:
        return {}
    return {user.id: user for user in session.scalars(select(User).where(User.id.in_(wanted)))}


def create_user(session: Session, actor: Actor, cmd: UserCreate) -> User:
    require_admin(actor)
    if repository.by_login(session, cmd.login) is not None:
        raise Conflict("user.login_taken", f"login {cmd.login!r} is already in use")
    _require_refs(session, company_id=cmd.company_id, location_id=cmd.location_id)
    user = User(
        login=cmd.login,
        email=str(cmd.email) if cmd.email else None,
        first_name=cmd.first_name,
        last_name=cmd.last_name,
        password_hash=hash_password(cmd.password) if cmd.password else None,
        role=cmd.role,
        company_id=cmd.company_id,
        location_id=cmd.location_id,
        phone=cmd.phone,
        mobile=cmd.mobile,
        language=cmd.language,
        comments=cmd.comments,
        is_external=cmd.is_external,
        must_change_password=cmd.must_change_password,
        **{name: getattr(cmd, name) for name in PROFILE_FIELDS},
        **{name: getattr(cmd, name) for name in ACCESS_FIELDS},
    )
    if cmd.manager_id is not None:
        user.manager_id = require_user(session, cmd.manager_id).id
    session.add(user)
    session.flush()
    for helpdesk_id in cmd.helpdesk_ids:
        add_helpdesk_membership(session, actor, user_id=user.id, helpdesk_id=helpdesk_id)
    return user


UNSET_BY_NONE = frozenset(
    {
        "chat_enabled", "is_power_user", "contract_ids", "chat_queue_ids",
        "must_change_password", "ticket_scope",
    }
)  # fmt: skip
ADMIN_ONLY = frozenset(
    {"role", "is_enabled", "company_id", "manager_id", "must_change_password", *ACCESS_FIELDS}
)


def update_user(session: Session, actor: Actor, user_id: int, cmd: UserUpdate) -> User:
    user = require_user(session, user_id)
    changes = cmd.model_dump(exclude_unset=True)
    # Only the portal can be removed; the other entitlements are a flag or a list.
    changes = {k: v for k, v in changes.items() if v is not None or k not in UNSET_BY_NONE}
    if actor.user_id != user_id or ADMIN_ONLY & changes.keys():
        require_admin(actor)
    _require_refs(
        session, company_id=changes.get("company_id"), location_id=changes.get("location_id")
    )
    if changes.get("manager_id") is not None:
        require_user(session, changes["manager_id"])
    password = changes.pop("password", None)
    if password:
        user.password_hash = hash_password(password)
        # a new password meets a forced change unless the admin marks it again just below
        # (users.forced_change), as lifecycle.change_password does
        user.must_change_password = False
    for name, value in changes.items():
        setattr(user, name, str(value) if name == "email" and value else value)
    session.flush()
    return user


def add_helpdesk_membership(
    session: Session,
    actor: Actor,
    *,
    user_id: int,
    helpdesk_id: int,
    writable: bool = True,
    level: int | None = None,
) -> None:
    """``level``: the support level the member works at (the assignment engine's candidates
    per level); ``None`` keeps a member's level, a new member starts at level 1."""
    require_admin(actor)
    user = require_user(session, user_id)
    if user.role is Role.CUSTOMER:
        raise PermissionDenied("user.not_an_agent", "customers cannot join help desks")
    if session.get(Helpdesk, helpdesk_id) is None:
        raise not_found("helpdesk", helpdesk_id)
    if level is not None and level != 1:  # a desk without level rows has level 1 only
        _require_level(session, helpdesk_id, level)
    access = MemberAccess.WRITE if writable else MemberAccess.READ
    existing = session.get(HelpdeskMember, (helpdesk_id, user_id))
    if existing is None:
        existing = HelpdeskMember(helpdesk_id=helpdesk_id, user_id=user_id, access=access)
        session.add(existing)
    existing.access = access
    if level is not None:
        existing.level = level
    session.flush()


def _require_level(session: Session, helpdesk_id: int, level: int) -> None:
    query = select(HelpdeskLevel.id).where(
        HelpdeskLevel.helpdesk_id == helpdesk_id, HelpdeskLevel.level == level
    )
    if session.scalars(query).first() is None:
        raise ValidationFailed(
            "helpdesk.level_not_found", f"help desk {helpdesk_id} has no level {level}"
        )


def list_users(
    session: Session, actor: Actor, filters: UserFilter, page: PageRequest
) -> Page[User]:
    query = repository.filtered(filters)
    if actor.is_customer:  # customers see only themselves
        query = query.where(User.id == actor.user_id)
    return paged(session, query, page, User.id)


def delete_user(session: Session, actor: Actor, user_id: int) -> bool:
    """Admins delete users. A user nothing refers to is removed (with memberships and
    credentials); one that tickets, comments or other records name is disabled instead, so no
    history is lost. Returns True when the row was removed. Admins cannot delete themselves."""
    require_admin(actor)
    user = require_user(session, user_id)
    if user.id == actor.user_id:
        raise PermissionDenied("user.delete_self", "you cannot delete your own account")
    try:
        with session.begin_nested():  # memberships and credentials cascade
            session.execute(delete(User).where(User.id == user.id))
    except IntegrityError:
        user.is_enabled = False
        session.flush()
        return False
    session.expunge(user)
    return True


def authenticate(
    session: Session,
    login: str,
    password: str,
    *,
    address: str = "",
    pending_change_ok: bool = False,
) -> User | None:
    """The enabled user with this login and password, or None: the same answer, at the same
    cost, for an unknown login, a disabled account and a wrong password. Throttled per client
    ``address`` and per login from it (credentials.throttle): while locked, raises
    ``Unauthenticated`` ``auth.throttled`` before any password is checked.

    A user who must change their password (``must_change_password``, users.forced_change) is
    None too, unless ``pending_change_ok``: only an edge that can then offer the change (the
    native API, the web UI) lets such a login through, and it opens nothing else there."""

    def check() -> User | None:
        user = repository.by_login(session, login)
        if not _password_matches(user, login, password) or user is None or not user.is_enabled:
            return None
        return user

    user = throttle.guarded(session, login, address, check)
    if user is None or (user.must_change_password and not pending_change_ok):
        return None
    if user.last_login_at is None or utcnow() - user.last_login_at >= LAST_LOGIN_PRECISION:
        user.last_login_at = utcnow()  # not on every request: a write costs the lock
    return user


def _password_matches(user: User | None, login: str, password: str) -> bool:
    known_hash = user.password_hash if user is not None else None
    if user is None or known_hash is None:
        verify_password(None, password)  # the same argon2 cost as a real check
        return False
    if VERIFIED.is_verified(login, password, user.id, known_hash):
        return True
    if not verify_password(known_hash, password):
        return False
    if needs_rehash(known_hash):
        user.password_hash = hash_password(password)
    VERIFIED.remember(login, password, user.id, user.password_hash or "")
    return True


def _require_refs(
    session: Session, *, company_id: int | None = None, location_id: int | None = None
) -> None:
    if company_id is not None and session.get(Company, company_id) is None:
        raise not_found("company", company_id)
    if location_id is not None and session.get(Location, location_id) is None:
        raise not_found("location", location_id)


def require_visible_user(session: Session, actor: Actor, user_id: int) -> User:
    """Agents see every user; customers see only themselves."""
    if actor.is_customer and actor.user_id != user_id:
        raise not_found("user", user_id)
    return require_user(session, user_id)


def is_member_of_any(session: Session, user_id: int, helpdesk_ids: Iterable[int]) -> bool:
    wanted = list(set(helpdesk_ids))
    if not wanted:
        return False
    query = select(HelpdeskMember.helpdesk_id).where(
        HelpdeskMember.user_id == user_id, HelpdeskMember.helpdesk_id.in_(wanted)
    )
    return session.scalars(query.limit(1)).first() is not None


def find_users(
    session: Session,
    *,
    email: str | None = None,
    search: str | None = None,
    login: str | None = None,
    limit: int = 2,
) -> list[User]:
    """Users matching every given criterion, by id, at most ``limit`` (callers that need one
    user ask for two and check they got exactly one). ``login`` and ``email`` match exactly,
    ignoring case; ``search`` is Znuny's: words joined by ``+``, each a case-insensitive part
    of the login, first name, last name or email (``*`` wildcards are implied and dropped).
    No criterion, or a search without words, finds nobody."""
    conditions = []
    if login is not None:
        conditions.append(func.lower(User.login) == login.lower())
    if email is not None:
        conditions.append(func.lower(User.email) == email.lower())
    if search is not None:
        words = [w for w in (part.replace("*", "").strip() for part in search.split("+")) if w]
        if not words:
            return []
        conditions.extend(_matches_word(word) for word in words)
    if not conditions:
        return []
    query = select(User).where(and_(*conditions)).order_by(User.id).limit(max(limit, 1))
    return list(session.scalars(query))


def _matches_word(word: str) -> ColumnElement[bool]:
    columns = (User.login, User.first_name, User.last_name, User.email)
    return or_(*(func.lower(c).contains(word.lower(), autoescape=True) for c in columns))


def set_out_of_office(
    session: Session,
    actor: Actor,
    user_id: int,
    *,
    enabled: bool,
    start: date | None,
    end: date | None,
) -> User:
    """Switch a user's out-of-office window (Znuny User::OutOfOffice; admins only).

    Off clears the window. On with a start date sets start and end to those days at 00:00 UTC
    (no end: open-ended). On without a start keeps a window already set, or opens one now
    (ending on ``end`` if given). Like Znuny, an end before the start is not refused."""
    require_admin(actor)
    user = require_user(session, user_id)
    if not enabled:
        user.out_of_office_start = user.out_of_office_end = None
    elif start is not None:
        user.out_of_office_start = _midnight(start)
        user.out_of_office_end = _midnight(end) if end is not None else None
    elif user.out_of_office_start is None:
        user.out_of_office_start = utcnow()
        user.out_of_office_end = _midnight(end) if end is not None else None
    session.flush()
    return user


def out_of_office_days_left(user: User, today: date) -> int | None:
    """Whole days from ``today`` to the last day out (0 on that day), compared as UTC dates
    with the end day included. None when the user is not out of office today. An open-ended
    window (no end) counts as 0 days left: there is no known day of return."""
    start, end = user.out_of_office_start, user.out_of_office_end
    if start is None or today < start.astimezone(UTC).date():
        return None
    if end is None:
        return 0
    last_day = end.astimezone(UTC).date()
    return None if today > last_day else (last_day - today).days


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=UTC)
