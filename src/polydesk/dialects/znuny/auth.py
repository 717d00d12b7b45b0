"""``Operation/Common.pm::Auth`` (spec §3.1): a SessionID alone decides; otherwise an agent's
UserLogin + Password; otherwise a customer's CustomerUserLogin + Password. Agents and customers
are the core's users, told apart by role."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from polydesk.authz.actors import actor_for
from polydesk.core.actor import Actor
from polydesk.core.errors import Unauthenticated, ValidationFailed
from polydesk.credentials.service import session_user
from polydesk.dialects.znuny.context import Context
from polydesk.dialects.znuny.values import text
from polydesk.models.users import User
from polydesk.settings.service import ZNUNY_SESSION_MAX_IDLE_TIME, get_setting
from polydesk.users.service import authenticate

AGENT_SESSION = "znuny-agent"
CUSTOMER_SESSION = "znuny-customer"

UserType = Literal["User", "Customer"]


@dataclass(frozen=True)
class Caller:
    user: User
    actor: Actor
    user_type: UserType

    @property
    def is_agent(self) -> bool:
        return self.user_type == "User"


def authenticate_caller(ctx: Context, data: Any) -> Caller | None:
    session_id = text(data, "SessionID")
    if session_id:
        return _from_session(ctx, session_id)
    password = text(data, "Password")
    login = text(data, "UserLogin")
    if login:
        return _with_password(ctx, login, password, "User")
    login = text(data, "CustomerUserLogin")
    if login:
        return _with_password(ctx, login, password, "Customer")
    return None


def check_password(ctx: Context, login: str, password: str, user_type: UserType) -> Caller | None:
    return _with_password(ctx, login, password, user_type)


def _with_password(ctx: Context, login: str, password: str, user_type: UserType) -> Caller | None:
    """A throttled login (too many failures from this address) fails like a wrong password:
    Znuny has no other answer for it (AuthFail)."""
    if not password:
        return None
    try:
        user = authenticate(ctx.session, login, password, address=ctx.remote_addr)
    except (Unauthenticated, ValidationFailed):  # throttled, or a login no account can have
        return None
    if user is None:
        return None
    return _caller(ctx, user, user_type)


def _from_session(ctx: Context, session_id: str) -> Caller | None:
    idle = int(get_setting(ctx.session, ZNUNY_SESSION_MAX_IDLE_TIME) or "21600")
    found = session_user(ctx.session, session_id, max_idle_seconds=idle)
    if found is None:
        return None
    row, user = found
    user_type: UserType = "Customer" if row.kind == CUSTOMER_SESSION else "User"
    return _caller(ctx, user, user_type)


def _caller(ctx: Context, user: User, user_type: UserType) -> Caller | None:
    """The account must be of the kind the login field names (agents log in as UserLogin)."""
    actor = actor_for(ctx.session, user)
    if actor.is_customer != (user_type == "Customer"):
        return None
    return Caller(user=user, actor=actor, user_type=user_type)
