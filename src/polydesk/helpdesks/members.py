"""A help desk's members (agents with read or read-write access), seen from the help desk.

``users.service.add_helpdesk_membership`` adds one; here an admin removes one or sets the whole
list at once (``set_helpdesk_members``: every user is checked before anything changes; a
customer cannot be a member, ``user.not_an_agent``), agents list the members with their
access and level (``list_helpdesk_members``), and anyone reads the list by login.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from polydesk.authz.tickets import require_admin, require_agent
from polydesk.core.actor import Actor, Role
from polydesk.core.errors import PermissionDenied
from polydesk.helpdesks.service import require_helpdesk
from polydesk.models.helpdesks import HelpdeskMember, MemberAccess
from polydesk.models.users import User
from polydesk.users.service import add_helpdesk_membership, require_user


class Membership(NamedTuple):
    """A member of a help desk: the agent, whether they may write, and their level."""

    user: User
    writable: bool
    level: int


def list_helpdesk_members(session: Session, actor: Actor, helpdesk_id: int) -> list[Membership]:
    """The members of a help desk, by login (agents)."""
    require_agent(actor)
    require_helpdesk(session, helpdesk_id)
    query = (
        select(User, HelpdeskMember.access, HelpdeskMember.level)
        .join(HelpdeskMember, HelpdeskMember.user_id == User.id)
        .where(HelpdeskMember.helpdesk_id == helpdesk_id)
        .order_by(User.login, User.id)
    )
    return [
        Membership(user, access is MemberAccess.WRITE, level)
        for user, access, level in session.execute(query)
    ]


def set_helpdesk_members(
    session: Session,
    actor: Actor,
    helpdesk_id: int,
    user_ids: Sequence[int],
    *,
    read_only_ids: Sequence[int] = (),
) -> None:
    """Exactly these members: ``user_ids`` read-write, ``read_only_ids`` read-only (an id in
    both is read-write). Members kept keep their level."""
    require_admin(actor)
    require_helpdesk(session, helpdesk_id)
    writable = list(dict.fromkeys(user_ids))
    read_only = [user_id for user_id in dict.fromkeys(read_only_ids) if user_id not in writable]
    for user_id in writable + read_only:
        if require_user(session, user_id).role is Role.CUSTOMER:
            raise PermissionDenied("user.not_an_agent", "customers cannot join help desks")
    session.execute(
        delete(HelpdeskMember).where(
            HelpdeskMember.helpdesk_id == helpdesk_id,
            HelpdeskMember.user_id.not_in(writable + read_only),
        ),
        execution_options={"synchronize_session": "fetch"},
    )
    for ids, flag in ((writable, True), (read_only, False)):
        for user_id in ids:
            add_helpdesk_membership(
                session, actor, user_id=user_id, helpdesk_id=helpdesk_id, writable=flag
            )
    session.flush()


def remove_helpdesk_membership(
    session: Session, actor: Actor, *, user_id: int, helpdesk_id: int
) -> bool:
    """Remove a member; False when the user was not one."""
    require_admin(actor)
    require_helpdesk(session, helpdesk_id)
    member = session.get(HelpdeskMember, (helpdesk_id, user_id))
    if member is None:
        return False
    session.delete(member)
    session.flush()
    return True


def helpdesk_member_logins(session: Session, helpdesk_id: int) -> dict[str, bool]:
    """Login -> whether the member may write, by login."""
    query = (
        select(User.login, HelpdeskMember.access)
        .join(HelpdeskMember, HelpdeskMember.user_id == User.id)
        .where(HelpdeskMember.helpdesk_id == helpdesk_id)
        .order_by(User.login)
    )
    return {login: access is MemberAccess.WRITE for login, access in session.execute(query)}
