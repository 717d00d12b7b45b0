"""A company's users and users groups (InvGate ``companies.users`` / ``companies.groups``).

Rules (the seed's, and where it is silent ours):
- A user belongs to one company (``users.company_id``). Adding a user to a company makes
  them join every group of the company; a user who was in another company leaves it first,
  as a removal would (below).
- Removing a user from a company also removes them from the company's groups.
- Linking a group to a company makes the company's current users join it (the seed's unlink
  option ``unlink_users_too`` breaks exactly that relation); unlinking keeps them unless
  ``unlink_users_too``.
- Admins change these; agents list them. Every id is checked before anything changes.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from polydesk.authz.tickets import require_admin, require_agent
from polydesk.core.actor import Actor
from polydesk.core.errors import not_found
from polydesk.groups.directory import member_counts
from polydesk.groups.service import require_group
from polydesk.models.companies import Company, CompanyGroup
from polydesk.models.groups import Group, GroupMember
from polydesk.models.users import User
from polydesk.users.service import require_user


def require_company_row(session: Session, company_id: int) -> Company:
    company = session.get(Company, company_id)
    if company is None:
        raise not_found("company", company_id)
    return company


def _require_active(session: Session, company_id: int) -> None:
    """A deleted (disabled) company takes no users or groups."""
    if not require_company_row(session, company_id).is_enabled:
        raise not_found("company", company_id)


def list_company_users(
    session: Session, actor: Actor, company_id: int, *, user_id: int | None = None
) -> list[User]:
    """The company's users by id (or only ``user_id``, when a member)."""
    require_agent(actor)
    require_company_row(session, company_id)
    query = select(User).where(User.company_id == company_id).order_by(User.id)
    if user_id is not None:
        query = query.where(User.id == user_id)
    return list(session.scalars(query))


def add_company_users(
    session: Session, actor: Actor, company_id: int, user_ids: Sequence[int]
) -> dict[int, bool]:
    """User id -> True (each user is in the company and its groups afterwards)."""
    require_admin(actor)
    _require_active(session, company_id)
    users = [require_user(session, user_id) for user_id in dict.fromkeys(user_ids)]
    groups = company_group_ids(session, company_id)
    for user in users:
        if user.company_id is not None and user.company_id != company_id:
            _leave(session, user, user.company_id)
        user.company_id = company_id
        _join(session, user.id, groups)
    session.flush()
    return {user.id: True for user in users}


def remove_company_users(
    session: Session, actor: Actor, company_id: int, user_ids: Sequence[int]
) -> dict[int, bool]:
    """User id -> True when the user left the company, False when not in it."""
    require_admin(actor)
    require_company_row(session, company_id)
    users = [require_user(session, user_id) for user_id in dict.fromkeys(user_ids)]
    result: dict[int, bool] = {}
    for user in users:
        result[user.id] = user.company_id == company_id
        if result[user.id]:
            _leave(session, user, company_id)
    session.flush()
    return result


def list_company_groups(session: Session, actor: Actor, company_id: int) -> list[tuple[Group, int]]:
    """The company's groups by id, each with its number of members."""
    require_agent(actor)
    require_company_row(session, company_id)
    query = (
        select(Group)
        .join(CompanyGroup, CompanyGroup.group_id == Group.id)
        .where(CompanyGroup.company_id == company_id)
        .order_by(Group.id)
    )
    groups = list(session.scalars(query))
    counts = member_counts(session, [group.id for group in groups])
    return [(group, counts[group.id]) for group in groups]


def link_company_groups(
    session: Session, actor: Actor, company_id: int, group_ids: Sequence[int]
) -> dict[int, bool]:
    """Group id -> True (each group belongs to the company afterwards); the company's users
    join the groups."""
    require_admin(actor)
    _require_active(session, company_id)
    wanted = [_active_group(session, group_id) for group_id in dict.fromkeys(group_ids)]
    linked = set(company_group_ids(session, company_id))
    for group_id in wanted:
        if group_id not in linked:
            session.add(CompanyGroup(company_id=company_id, group_id=group_id))
    users = session.scalars(select(User.id).where(User.company_id == company_id)).all()
    for user_id in users:
        _join(session, user_id, wanted)
    session.flush()
    return {group_id: True for group_id in wanted}


def unlink_company_groups(
    session: Session,
    actor: Actor,
    company_id: int,
    group_ids: Sequence[int],
    *,
    unlink_users_too: bool = False,
) -> dict[int, bool]:
    """Group id -> True when the link was removed, False when there was none. With
    ``unlink_users_too`` the company's users also leave those groups."""
    require_admin(actor)
    require_company_row(session, company_id)
    wanted = [require_group(session, group_id).id for group_id in dict.fromkeys(group_ids)]
    linked = set(company_group_ids(session, company_id))
    session.execute(
        delete(CompanyGroup).where(
            CompanyGroup.company_id == company_id, CompanyGroup.group_id.in_(wanted)
        )
    )
    unlinked = [group_id for group_id in wanted if group_id in linked]
    if unlink_users_too and unlinked:  # only the links this call removed
        session.execute(
            delete(GroupMember).where(
                GroupMember.group_id.in_(unlinked),
                GroupMember.user_id.in_(select(User.id).where(User.company_id == company_id)),
            )
        )
    return {group_id: group_id in unlinked for group_id in wanted}


def _active_group(session: Session, group_id: int) -> int:
    """A group that was not deleted (kept disabled), else ``group.not_found``."""
    if not require_group(session, group_id).is_enabled:
        raise not_found("group", group_id)
    return group_id


def company_group_ids(session: Session, company_id: int) -> list[int]:
    query = select(CompanyGroup.group_id).where(CompanyGroup.company_id == company_id)
    return list(session.scalars(query.order_by(CompanyGroup.group_id)))


def _join(session: Session, user_id: int, group_ids: Sequence[int]) -> None:
    if not group_ids:
        return
    present = set(
        session.scalars(
            select(GroupMember.group_id).where(
                GroupMember.user_id == user_id, GroupMember.group_id.in_(group_ids)
            )
        )
    )
    for group_id in group_ids:
        if group_id not in present:
            session.add(GroupMember(group_id=group_id, user_id=user_id))
    session.flush()


def _leave(session: Session, user: User, company_id: int) -> None:
    """The user leaves the company and the company's groups."""
    groups = company_group_ids(session, company_id)
    if groups:
        session.execute(
            delete(GroupMember).where(
                GroupMember.user_id == user.id, GroupMember.group_id.in_(groups)
            )
        )
    user.company_id = None
