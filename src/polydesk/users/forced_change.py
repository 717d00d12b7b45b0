"""A forced password change: an admin gives a temporary password (InvGate
``force_password_change``, native ``must_change_password``) and the user must pick their own
before doing anything else. One rule for every edge that has logins:

- A password login of such a user is refused by ``users.service.authenticate`` (each edge's own
  failed-login answer) unless the edge asks for ``pending_change_ok``: only the native API and
  the web UI do, because they can then offer the change.
- There, the caller is told, not shown a wrong-password error: every request but reading
  oneself and changing the password is refused with ``auth.password_change_required``
  (``require_password_current``), whatever the credential (password or API token).
- The flag goes when the user sets a password themselves (``change_own_password``, their own
  ``PATCH``, a reset link); an admin setting a password sets it as the admin says.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from polydesk.core.actor import Actor
from polydesk.core.errors import PermissionDenied, ValidationFailed
from polydesk.models.users import User
from polydesk.users.lifecycle import change_password
from polydesk.users.service import authenticate, require_user

PASSWORD_CHANGE_REQUIRED = "auth.password_change_required"


def require_password_current(user: User) -> None:
    """Refuse a user who must change their password first (see the module's rule)."""
    if user.must_change_password:
        raise PermissionDenied(
            PASSWORD_CHANGE_REQUIRED,
            "this account must change its password before anything else",
            user_id=user.id,
        )


def change_own_password(
    session: Session, actor: Actor, *, current_password: str, new_password: str, address: str = ""
) -> User:
    """The caller sets their own password, proving the current one (checked like a login:
    throttled per address, so a stolen token cannot guess it); the new one must differ.
    Meets a forced change and ends the user's login sessions (``lifecycle.change_password``)."""
    if actor.user_id is None:
        raise PermissionDenied("user.no_account", "only a user account has a password")
    user = require_user(session, actor.user_id)
    checked = authenticate(
        session, user.login, current_password, address=address, pending_change_ok=True
    )
    if checked is None or checked.id != user.id:
        raise ValidationFailed("user.wrong_password", "the current password is not right")
    if new_password == current_password:
        raise ValidationFailed(
            "user.same_password", "the new password must differ from the current one"
        )
    return change_password(session, actor, user.id, new_password)
