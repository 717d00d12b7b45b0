"""Web UI sessions, kept in the database so any number of app processes share them.

Rules this module keeps (docs/web.md):
- Signing in checks the password through ``users.service.authenticate``: the same failed-login
  throttle as every other login, the same answer for an unknown login, a disabled account and
  a wrong password. A new session id is drawn at every sign-in (no fixation), and the session
  the browser had before, if any, ends.
- The cookie carries a random 256-bit token; the row keeps its SHA-256 digest only.
- A session ends at its absolute end (``expires_at``), after ``idle_seconds`` without a
  request, when its user is disabled or deleted, and at sign-out (the row is deleted).
- Each session has its own CSRF secret; the edge checks it on every unsafe request.
- Activity is recorded at most once a minute, so browsing writes a row rarely.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.orm import Session

from polydesk.authz.actors import actor_for
from polydesk.core.actor import Actor
from polydesk.core.clock import utcnow
from polydesk.core.errors import Unauthenticated, ValidationFailed
from polydesk.models.credentials import WebSession
from polydesk.models.users import User
from polydesk.users.service import authenticate

#: Activity is written when the last write is older than this (the idle limit's precision).
TOUCH_PRECISION = timedelta(minutes=1)
#: What a cookie value may look like (``secrets.token_urlsafe(32)`` makes 43 characters).
_TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{20,128}")
MAX_LOGIN, MAX_PASSWORD = 191, 1024


@dataclass(frozen=True)
class SessionLimits:
    """How long a session lives: ``idle_seconds`` without a request, ``max_seconds`` at most."""

    idle_seconds: int
    max_seconds: int


@dataclass(frozen=True)
class LiveSession:
    """A valid session: who acts, the CSRF token its forms carry, and who to greet."""

    actor: Actor
    csrf_token: str
    display_name: str
    expires_at: datetime
    #: An admin gave this user a temporary password: every page but ``/password`` waits
    #: until they choose their own (users/forced_change.py).
    must_change_password: bool = False


@dataclass(frozen=True)
class SignedIn:
    """A new session; ``token`` (the cookie value) exists nowhere else after this."""

    token: str
    session: LiveSession


def start_web_session(
    session: Session,
    login: str,
    password: str,
    *,
    address: str,
    limits: SessionLimits,
    replacing: str | None = None,
) -> SignedIn:
    """Sign in with a password: a new session, or ``Unauthenticated`` ``auth.invalid`` (wrong
    login or password, disabled account) / ``auth.throttled`` (too many failures)."""
    _check_credentials_shape(login, password)
    # A temporary password signs in to change it, and only that (the web edge sends such a
    # user to its password page); the product APIs refuse it (users/forced_change.py).
    user = authenticate(session, login, password, address=address, pending_change_ok=True)
    if user is None:
        raise Unauthenticated("auth.invalid", "wrong login or password")
    if replacing:
        end_web_session(session, replacing)
    token = secrets.token_urlsafe(32)
    now = utcnow()
    row = WebSession(
        id=token_digest(token),
        user_id=user.id,
        csrf_secret=secrets.token_urlsafe(32),
        created_at=now,
        last_seen_at=now,
        expires_at=now + timedelta(seconds=limits.max_seconds),
    )
    session.add(row)
    session.flush()
    return SignedIn(token=token, session=_live(session, row, user))


def web_session_for(
    session: Session, token: str | None, *, limits: SessionLimits, touch: bool = True
) -> LiveSession | None:
    """The live session behind a cookie value, or None (unknown, ended, expired, idle too
    long, or its user disabled). Records the activity, at most once per ``TOUCH_PRECISION``;
    ``touch=False`` for a page's own background requests (the ticket page's live refresh),
    which are no activity of the person: a page left open still goes idle."""
    if not token or not _TOKEN_SHAPE.fullmatch(token):
        return None
    row = session.get(WebSession, token_digest(token))
    now = utcnow()
    if row is None or row.expires_at <= now:
        return None
    if now - row.last_seen_at > timedelta(seconds=limits.idle_seconds):
        return None
    user = session.get(User, row.user_id)
    if user is None or not user.is_enabled or user.deleted_at is not None:
        return None
    if touch and now - row.last_seen_at >= TOUCH_PRECISION:
        row.last_seen_at = now
        session.flush()
    return _live(session, row, user)


def end_web_session(session: Session, token: str | None) -> bool:
    """Sign out: delete the session's row. False when there was none."""
    if not token or not _TOKEN_SHAPE.fullmatch(token):
        return False
    result = session.execute(delete(WebSession).where(WebSession.id == token_digest(token)))
    return bool(getattr(result, "rowcount", 0))


def purge_expired_web_sessions(session: Session) -> None:
    """Delete the rows past their absolute end (idle ones go then too, at the latest)."""
    session.execute(delete(WebSession).where(WebSession.expires_at < utcnow()))


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _live(session: Session, row: WebSession, user: User) -> LiveSession:
    return LiveSession(
        actor=actor_for(session, user),
        csrf_token=row.csrf_secret,
        display_name=user.full_name,
        expires_at=row.expires_at,
        must_change_password=user.must_change_password,
    )


def _check_credentials_shape(login: str, password: str) -> None:
    if not login.strip() or not password:
        raise ValidationFailed("auth.missing", "enter your login and password")
    if len(login) > MAX_LOGIN or len(password) > MAX_PASSWORD:
        raise Unauthenticated("auth.invalid", "wrong login or password")
