"""Replacing an agent's help-desk memberships or a user's group memberships at once (ReadyDesk
tech ``group`` and ``customer_groups``), and reading them for a page of users."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from polydesk.authz.tickets import require_admin
from polydesk.core.actor import Actor
from polydesk.groups.service import add_member
from polydesk.models.groups import GroupMember
from polydesk.models.helpdesks import HelpdeskMember
from polydesk.users.service import add_helpdesk_membership, require_user


def set_helpdesk_memberships(
    session: Session, actor: Actor, user_id: int, helpdesk_ids: Sequence[int]
) -> None:
    """Exactly these help desks, read-write; every id is checked before anything changes."""
    require_admin(actor)
    require_user(session, user_id)
    wanted = list(dict.fromkeys(helpdesk_ids))
    session.execute(
        delete(HelpdeskMember).where(
            HelpdeskMember.user_id == user_id, HelpdeskMember.helpdesk_id.not_in(wanted)
        )
    )
    for helpdesk_id in wanted:
        add_helpdesk_membership(session, actor, user_id=user_id, helpdesk_id=helpdesk_id)


def set_group_memberships(
    session: Session, actor: Actor, user_id: int, group_ids: Sequence[int]
) -> None:
    require_admin(actor)
    wanted = list(dict.fromkeys(group_ids))
    session.execute(
        delete(GroupMember).where(
            GroupMember.user_id == user_id, GroupMember.group_id.not_in(wanted)
        )
    )
    for group_id in wanted:
        add_member(session, actor, group_id=group_id, user_id=user_id)


def helpdesks_of(session: Session, user_ids: Sequence[int]) -> dict[int, list[int]]:
    """User id -> help desk ids (ascending), for a page of users, in one query."""
    result: dict[int, list[int]] = {}
    if not user_ids:
        return result
    query = select(HelpdeskMember.user_id, HelpdeskMember.helpdesk_id).where(
        HelpdeskMember.user_id.in_(sorted(set(user_ids)))
    )
    for user_id, helpdesk_id in session.execute(query.order_by(HelpdeskMember.helpdesk_id)):
        result.setdefault(user_id, []).append(helpdesk_id)
    return result


def groups_of(session: Session, user_ids: Sequence[int]) -> dict[int, list[int]]:
    result: dict[int, list[int]] = {}
    if not user_ids:
        return result
    query = select(GroupMember.user_id, GroupMember.group_id).where(
        GroupMember.user_id.in_(sorted(set(user_ids)))
    )
    for user_id, group_id in session.execute(query.order_by(GroupMember.group_id)):
        result.setdefault(user_id, []).append(group_id)
    return result
