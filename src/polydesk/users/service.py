"""User use cases: create, update, look up, list, authenticate by password."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from polydesk.authz.tickets import require_admin
from polydesk.core.actor import Actor, Role
from polydesk.core.clock import utcnow
from polydesk.core.errors import Conflict, PermissionDenied, not_found
from polydesk.core.pagination import Page, PageRequest
from polydesk.db.listing import paged
from polydesk.models.companies import Company, Location
from polydesk.models.helpdesks import Helpdesk, HelpdeskMember, MemberAccess
from polydesk.models.users import User
from polydesk.users import repository
from polydesk.users.passwords import hash_password, needs_rehash, verify_password
from polydesk.users.schemas import UserCreate, UserFilter, UserUpdate


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
    )
    session.add(user)
    session.flush()
    for helpdesk_id in cmd.helpdesk_ids:
        add_helpdesk_membership(session, actor, user_id=user.id, helpdesk_id=helpdesk_id)
    return user


def update_user(session: Session, actor: Actor, user_id: int, cmd: UserUpdate) -> User:
    user = require_user(session, user_id)
    changes = cmd.model_dump(exclude_unset=True)
    if actor.user_id != user_id or {"role", "is_enabled", "company_id"} & changes.keys():
        require_admin(actor)
    _require_refs(session, company_id=changes.get("company_id"))
    password = changes.pop("password", None)
    if password:
        user.password_hash = hash_password(password)
    for name, value in changes.items():
        setattr(user, name, str(value) if name == "email" and value else value)
    session.flush()
    return user


def add_helpdesk_membership(
    session: Session, actor: Actor, *, user_id: int, helpdesk_id: int, writable: bool = True
) -> None:
    require_admin(actor)
    user = require_user(session, user_id)
    if user.role is Role.CUSTOMER:
        raise PermissionDenied("user.not_an_agent", "customers cannot join help desks")
    if session.get(Helpdesk, helpdesk_id) is None:
        raise not_found("helpdesk", helpdesk_id)
    access = MemberAccess.WRITE if writable else MemberAccess.READ
    existing = session.get(HelpdeskMember, (helpdesk_id, user_id))
    if existing is None:
        session.add(HelpdeskMember(helpdesk_id=helpdesk_id, user_id=user_id, access=access))
    else:
        existing.access = access
    session.flush()


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


def authenticate(session: Session, login: str, password: str) -> User | None:
    """The enabled user with this login and password, or None (same cost either way)."""
    user = repository.by_login(session, login)
    ok = verify_password(user.password_hash if user else None, password)
    if user is None or not ok or not user.is_enabled:
        return None
    if user.password_hash and needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    return user


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
