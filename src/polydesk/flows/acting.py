"""Acting on behalf of another user: an edge whose product names the author of a change in the
request (InvGate ``creator_id`` / ``author_id``) asks here who acts. Only an admin may act as
someone else; naming yourself (or no one) is acting as yourself."""

from __future__ import annotations

from sqlalchemy.orm import Session

from polydesk.authz.actors import actor_for
from polydesk.core.actor import Actor
from polydesk.core.errors import PermissionDenied
from polydesk.users.service import require_user


def act_as(session: Session, caller: Actor, user_id: int | None) -> Actor:
    if user_id is None or user_id == caller.user_id:
        return caller
    if not caller.is_admin:
        raise PermissionDenied(
            "actor.act_as_denied", f"only admins may act as another user ({user_id})"
        )
    return actor_for(session, require_user(session, user_id))
