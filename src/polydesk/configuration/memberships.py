"""Memberships by name: who belongs to a group or a help desk, for the CLI's member verbs.

The same facts a site file's ``users: - groups: [...]`` / ``helpdesks: [...]`` hold, one at a
time; adding a member it already has, or removing one it lacks, changes nothing.
"""

from __future__ import annotations

from enum import StrEnum

from polydesk.authz.tickets import require_admin
from polydesk.core.actor import Actor
from polydesk.core.errors import NotFound
from polydesk.db import Session
from polydesk.groups.service import (
    add_member,
    get_group_by_name,
    group_member_logins,
    remove_member,
)
from polydesk.helpdesks.members import helpdesk_member_logins, remove_helpdesk_membership
from polydesk.helpdesks.service import get_helpdesk_by_name
from polydesk.users.service import add_helpdesk_membership, get_user_by_login


class Team(StrEnum):
    GROUP = "group"
    HELPDESK = "helpdesk"


def members(session: Session, actor: Actor, team: Team, name: str) -> dict[str, bool]:
    """Member logins, each with whether it may write (always true for a group)."""
    require_admin(actor)
    if team is Team.GROUP:
        return dict.fromkeys(group_member_logins(session, _group_id(session, name)), True)
    return helpdesk_member_logins(session, _helpdesk_id(session, name))


def join(
    session: Session, actor: Actor, team: Team, name: str, login: str, *, writable: bool = True
) -> None:
    user_id = _user_id(session, login)
    if team is Team.GROUP:
        add_member(session, actor, group_id=_group_id(session, name), user_id=user_id)
    else:
        desk_id = _helpdesk_id(session, name)
        add_helpdesk_membership(
            session, actor, user_id=user_id, helpdesk_id=desk_id, writable=writable
        )


def leave(session: Session, actor: Actor, team: Team, name: str, login: str) -> bool:
    """False when the user was not a member."""
    user_id = _user_id(session, login)
    if team is Team.GROUP:
        return remove_member(session, actor, group_id=_group_id(session, name), user_id=user_id)
    desk_id = _helpdesk_id(session, name)
    return remove_helpdesk_membership(session, actor, user_id=user_id, helpdesk_id=desk_id)


def _user_id(session: Session, login: str) -> int:
    user = get_user_by_login(session, login)
    if user is None:
        raise NotFound("user.not_found", f"no user with login {login!r}", id=login)
    return user.id


def _group_id(session: Session, name: str) -> int:
    group = get_group_by_name(session, name)
    if group is None:
        raise NotFound("group.not_found", f"no group named {name!r}", id=name)
    return group.id


def _helpdesk_id(session: Session, name: str) -> int:
    desk = get_helpdesk_by_name(session, name)
    if desk is None:
        raise NotFound("helpdesk.not_found", f"no help desk named {name!r}", id=name)
    return desk.id
