"""One-time password links: an admin (or the user) asks for one, the user gets it by mail and
sets a new password with it, once, before it expires.

The token is 32 random bytes shown only in the mail; the table keeps its SHA-256 digest
(``models.password_resets``). Asking again replaces the links not used yet, so only the newest
mail works. The mail is an outbox row in the caller's transaction (``mail.service``), sent by
the worker after commit, so a refused request sends nothing."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from polydesk.authz.tickets import require_admin
from polydesk.core.actor import Actor
from polydesk.core.clock import utcnow
from polydesk.core.errors import ValidationFailed
from polydesk.credentials.service import digest
from polydesk.mail.service import queue_mail
from polydesk.models.password_resets import PasswordResetToken
from polydesk.models.users import User
from polydesk.settings.service import NOTIFICATION_FROM, get_setting
from polydesk.users.passwords import hash_password
from polydesk.users.service import require_user

#: Where the link points, below the server's base URL; the native API serves it
#: (``GET`` checks a token, ``POST {token, password}`` uses it).
RESET_PATH = "polydesk/v1/password-reset"
FALLBACK_SENDER = "polydesk@localhost"


class ResetPurpose(StrEnum):
    NEW_USER = "new_user"  # a first password (new or converted account): a longer window
    RESET_PASSWORD = "reset_password"


LIFETIME = {
    ResetPurpose.NEW_USER: timedelta(days=3),
    ResetPurpose.RESET_PASSWORD: timedelta(hours=2),
}


@dataclass(frozen=True)
class IssuedReset:
    user_id: int
    expires_at: datetime
    mail_id: int


def issue_password_reset(
    session: Session, actor: Actor, user_id: int, *, purpose: ResetPurpose, base_url: str
) -> IssuedReset:
    """Queue a mail with a one-time link to set ``user_id``'s password. Admins may ask for
    anyone, others for themselves. The user needs an e-mail address and an enabled account
    that may log in (not external)."""
    if actor.user_id != user_id:
        require_admin(actor)
    user = require_user(session, user_id)
    _require_resettable(user)
    now = utcnow()
    _retire_open_links(session, user.id, now)
    token = secrets.token_urlsafe(32)
    row = PasswordResetToken(
        user_id=user.id,
        token_hash=digest(token),
        purpose=purpose.value,
        created_at=now,
        expires_at=now + LIFETIME[purpose],
    )
    session.add(row)
    mail = queue_mail(
        session,
        from_address=get_setting(session, NOTIFICATION_FROM) or FALLBACK_SENDER,
        to=[user.email or ""],
        subject=_subject(purpose),
        body=_body(user, purpose, reset_link(base_url, token), row.expires_at),
    )
    return IssuedReset(user.id, row.expires_at, mail.id)


def reset_link(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}/{RESET_PATH}?token={token}"


def check_password_reset(session: Session, token: str) -> PasswordResetToken:
    """The live link for ``token`` (nothing changes), or ``password_reset.invalid_token``."""
    row = _live(session, token)
    if row is None:
        raise _invalid()
    return row


def consume_password_reset(session: Session, token: str, password: str) -> User:
    """Set the password a live link was issued for and use the link up. Unknown, used, expired
    links, and links of users since disabled or deleted, are all refused the same way."""
    if not password or len(password) > 1024:
        raise ValidationFailed(
            "password_reset.invalid_password", "the password must be 1 to 1024 characters"
        )
    row = _live(session, token)
    if row is None:
        raise _invalid()
    user = require_user(session, row.user_id)
    user.password_hash = hash_password(password)
    user.must_change_password = False  # the user picked it (users.forced_change)
    row.used_at = utcnow()
    session.flush()
    return user


def _live(session: Session, token: str) -> PasswordResetToken | None:
    if not token or len(token) > 200:
        return None
    query = select(PasswordResetToken).where(PasswordResetToken.token_hash == digest(token))
    row = session.scalars(query).first()
    if row is None or row.used_at is not None or row.expires_at <= utcnow():
        return None
    user = session.get(User, row.user_id)
    if user is None or not user.is_enabled or user.deleted_at is not None:
        return None
    return row


def _retire_open_links(session: Session, user_id: int, now: datetime) -> None:
    session.execute(
        update(PasswordResetToken)
        .where(PasswordResetToken.user_id == user_id, PasswordResetToken.used_at.is_(None))
        .values(used_at=now)
    )


def _require_resettable(user: User) -> None:
    if not user.email:
        raise ValidationFailed("user.no_email", f"user {user.id} has no e-mail address")
    if not user.is_enabled or user.deleted_at is not None:
        raise ValidationFailed("user.disabled", f"user {user.id} is disabled")
    if user.is_external:
        raise ValidationFailed("user.external", f"user {user.id} is external and cannot log in")


def _invalid() -> ValidationFailed:
    return ValidationFailed(
        "password_reset.invalid_token", "this password link is unknown, used or expired"
    )


def _subject(purpose: ResetPurpose) -> str:
    if purpose is ResetPurpose.NEW_USER:
        return "Set the password of your help desk account"
    return "Reset the password of your help desk account"


def _body(user: User, purpose: ResetPurpose, link: str, expires_at: datetime) -> str:
    why = (
        "An account was opened for you on the help desk."
        if purpose is ResetPurpose.NEW_USER
        else "A new password was asked for your help desk account."
    )
    return (
        f"Hello {user.full_name},\n\n{why}\nSet your password with this link "
        f"(it works once, until {expires_at:%Y-%m-%d %H:%M} UTC):\n\n{link}\n\n"
        f"Your login is: {user.login}\n\n"
        "If you did not expect this message, you can ignore it.\n"
    )
