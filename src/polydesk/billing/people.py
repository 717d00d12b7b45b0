"""People named on billing records, by id or by login, checked for the role they play."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy.orm import Session

from polydesk.core.actor import Role
from polydesk.core.errors import not_found
from polydesk.models.users import User
from polydesk.users.service import get_user, get_user_by_login


def resolve_person(
    session: Session, entity: str, ref: int | str | None, roles: Collection[Role]
) -> int | None:
    """The id of the user ``ref`` names (an id, or a login matched ignoring case), if that
    user has one of ``roles``; ``None`` stays ``None``. Otherwise ``<entity>.not_found``."""
    if ref is None:
        return None
    user: User | None = (
        get_user(session, ref) if isinstance(ref, int) else get_user_by_login(session, ref)
    )
    if user is None or user.role not in roles:
        raise not_found(entity, ref)
    return user.id
