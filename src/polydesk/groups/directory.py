"""Groups as a directory: the active groups with their member counts, several members added
or removed at once, and deleting a group.

Deleting (admins): the group's memberships, company links and observers go with it; the row
is removed when nothing else refers to it (help desks, levels, tickets, schedules), else it is
disabled (hidden from the active lists, its name still taken), so no history is lost.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from polydesk.authz.tickets import require_admin, require_agent
from polydesk.core.actor import Actor
from polydesk.core.errors import not_found
from polydesk.groups.service import require_group
from polydesk.models.companies import CompanyGroup
from polydesk.models.groups import Group, GroupMember
from polydesk.models.observers import ObservedKind
from polydesk.users.observers import forget_entities
from polydesk.users.service import require_user

#: The most groups one list answers (the product's list is not paged).
LIST_CAP = 1000


def active_groups(
    session: Session, actor: Actor, *, group_id: int | None = None, name: str | None = None
) -> list[tuple[Group, int]]:
    """The enabled groups by id, or the one with this id or exact name (``group.not_found``),
    each with its number of members."""
    require_agent(actor)
    query = select(Group).where(Group.is_enabled.is_(True)).order_by(Group.id)
    if group_id is not None:
        query = query.where(Group.id == group_id)
    if name is not None:
        query = query.where(Group.name == name)
    groups = list(session.scalars(query.limit(LIST_CAP)))
    if not groups and (group_id is not None or name is not None):
        raise not_found("group", group_id if group_id is not None else name)
    counts = member_counts(session, [group.id for group in groups])
    return [(group, counts[group.id]) for group in groups]


def member_counts(session: Session, group_ids: Iterable[int]) -> dict[int, int]:
    """Group id -> number of members, in one query."""
    wanted = sorted(set(group_ids))
    if not wanted:
        return {}
    query = (
        select(GroupMember.group_id, func.count())
        .where(GroupMember.group_id.in_(wanted))
        .group_by(GroupMember.group_id)
    )
    counts = {group_id: 0 for group_id in wanted}
    counts.update({group_id: count for group_id, count in session.execute(query)})
    return counts


def add_members(
    session: Session, actor: Actor, group_id: int, user_ids: Sequence[int]
) -> dict[int, bool]:
    """User id -> True when the user joined, False when already a member. Every user is
    checked before anything changes. A deleted (disabled) group takes no one."""
    require_admin(actor)
    if not require_group(session, group_id).is_enabled:
        raise not_found("group", group_id)
    wanted = _existing_users(session, user_ids)
    present = _members(session, group_id, wanted)
    for user_id in wanted:
        if user_id not in present:
            session.add(GroupMember(group_id=group_id, user_id=user_id))
    session.flush()
    return {user_id: user_id not in present for user_id in wanted}


def remove_members(
    session: Session, actor: Actor, group_id: int, user_ids: Sequence[int]
) -> dict[int, bool]:
    """User id -> True when the user left, False when they were not a member."""
    require_admin(actor)
    require_group(session, group_id)
    wanted = _existing_users(session, user_ids)
    present = _members(session, group_id, wanted)
    session.execute(
        delete(GroupMember).where(
            GroupMember.group_id == group_id, GroupMember.user_id.in_(wanted)
        ),
        execution_options={"synchronize_session": False},
    )
    return {user_id: user_id in present for user_id in wanted}


def delete_group(session: Session, actor: Actor, group_id: int) -> bool:
    """Delete a group; True when the row was removed, False when it was disabled."""
    require_admin(actor)
    group = require_group(session, group_id)
    forget_entities(session, ObservedKind.GROUP, [group_id])
    for table, column in (
        (GroupMember, GroupMember.group_id),
        (CompanyGroup, CompanyGroup.group_id),
    ):
        session.execute(delete(table).where(column == group_id))
    try:
        with session.begin_nested():
            session.execute(delete(Group).where(Group.id == group_id))
    except IntegrityError:
        group.is_enabled = False
        session.flush()
        return False
    session.expunge(group)
    return True


def _existing_users(session: Session, user_ids: Sequence[int]) -> list[int]:
    wanted = list(dict.fromkeys(user_ids))
    for user_id in wanted:
        require_user(session, user_id)
    return wanted


def _members(session: Session, group_id: int, user_ids: list[int]) -> set[int]:
    query = select(GroupMember.user_id).where(
        GroupMember.group_id == group_id, GroupMember.user_id.in_(user_ids)
    )
    return set(session.scalars(query))
