"""A user's account state, as a directory admin changes it: enable, disable, delete (kept,
marked), external -> internal, and a new password.

Deleting keeps the row: tickets, comments and history keep naming the person, and InvGate shows
deleted users with ``is_deleted``. A deleted user is disabled, loses every login session and
API token at once, and cannot be enabled again."""

from __future__ import annotations

from sqlalchemy import delete, update
from sqlalchemy.orm import Session

from polydesk.authz.tickets import require_admin
from polydesk.core.actor import Actor
from polydesk.core.clock import utcnow
from polydesk.core.errors import PermissionDenied, ValidationFailed
from polydesk.models.credentials import ApiToken, AuthSession, WebSession
from polydesk.models.users import User
from polydesk.users.password_reset import IssuedReset, ResetPurpose, issue_password_reset
from polydesk.users.passwords import hash_password
from polydesk.users.service import require_user

MAX_PASSWORD = 1024


def set_user_enabled(session: Session, actor: Actor, user_id: int, *, enabled: bool) -> User:
    """Admins switch accounts on and off; a disabled user cannot log in anywhere (every edge
    authenticates through ``users.service``) and its sessions end now."""
    require_admin(actor)
    user = require_user(session, user_id)
    if not enabled and user.id == actor.user_id:
        raise PermissionDenied("user.disable_self", "you cannot disable your own account")
    if enabled and user.deleted_at is not None:
        raise ValidationFailed("user.deleted", f"user {user.id} is deleted")
    user.is_enabled = enabled
    if not enabled:
        _end_sessions(session, user.id)
    session.flush()
    return user


def mark_user_deleted(session: Session, actor: Actor, user_id: int) -> User:
    """Admins delete users; the row stays, disabled and marked, with its history."""
    require_admin(actor)
    user = require_user(session, user_id)
    if user.id == actor.user_id:
        raise PermissionDenied("user.delete_self", "you cannot delete your own account")
    if user.deleted_at is not None:
        raise ValidationFailed("user.deleted", f"user {user.id} is already deleted")
    user.deleted_at = utcnow()
    user.is_enabled = False
    _end_sessions(session, user.id)
    session.execute(
        update(ApiToken)
        .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=user.deleted_at)
    )
    session.flush()
    return user


def convert_to_internal(
    session: Session, actor: Actor, user_id: int, *, base_url: str
) -> IssuedReset:
    """An external user (mail only, no login) becomes one who logs in: the flag goes and a
    mail with a one-time link to set a first password is queued."""
    require_admin(actor)
    user = require_user(session, user_id)
    if not user.is_external:
        raise ValidationFailed("user.not_external", f"user {user.id} is not external")
    user.is_external = False
    session.flush()
    return issue_password_reset(
        session, actor, user.id, purpose=ResetPurpose.NEW_USER, base_url=base_url
    )


def change_password(
    session: Session, actor: Actor, user_id: int, password: str, *, force_change: bool = False
) -> User:
    """Admins set anyone's password, users their own; the user's other sessions end. External
    users (mail only) have none: convert them first. ``force_change`` makes it a temporary
    password (InvGate ``force_password_change``): the user must pick their own at the next
    login (users.forced_change); without it, any earlier demand is met."""
    if actor.user_id != user_id:
        require_admin(actor)
    if not password or len(password) > MAX_PASSWORD:
        raise ValidationFailed(
            "user.invalid_password", f"the password must be 1 to {MAX_PASSWORD} characters"
        )
    user = require_user(session, user_id)
    if user.deleted_at is not None:
        raise ValidationFailed("user.deleted", f"user {user.id} is deleted")
    if user.is_external:
        raise ValidationFailed("user.external", f"user {user.id} is external and cannot log in")
    user.password_hash = hash_password(password)
    user.must_change_password = force_change
    _end_sessions(session, user.id)
    session.flush()
    return user


def _end_sessions(session: Session, user_id: int) -> None:
    """Every login session of the user ends: the dialects' (Znuny) and the web UI's."""
    session.execute(delete(AuthSession).where(AuthSession.user_id == user_id))
    session.execute(delete(WebSession).where(WebSession.user_id == user_id))
