"""Group use cases: create, change, list, membership.

Changing a group (admins only): names stay unique, also compared case-insensitively
(``group.name_taken``); a parent must exist and not be the group or one below it
(``group.parent_cycle``). Group names are matched exactly where a product does (Znuny's
``is_group_member``); ``get_group_by_name`` prefers the exact name, then ignores case.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from polydesk.authz.tickets import require_admin, require_agent
from polydesk.core.actor import Actor
from polydesk.core.errors import Conflict, ValidationFailed, not_found
from polydesk.core.pagination import Page, PageRequest
from polydesk.db.hierarchy import is_below
from polydesk.db.listing import paged
from polydesk.db.names import name_in_use, names_by_id
from polydesk.models.groups import Group, GroupMember
from polydesk.models.users import User
from polydesk.users.service import require_user


class GroupCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=191)
    description: str = Field(default="", max_length=1000)
    email: str = Field(default="", max_length=254)
    parent_id: int | None = None


def create_group(session: Session, actor: Actor, cmd: GroupCreate) -> Group:
    require_admin(actor)
    if session.scalars(select(Group.id).where(Group.name == cmd.name)).first() is not None:
        raise Conflict("group.name_taken", f"group {cmd.name!r} already exists")
    if cmd.parent_id is not None:
        require_group(session, cmd.parent_id)
    group = Group(**cmd.model_dump())
    session.add(group)
    session.flush()
    return group


class GroupUpdate(BaseModel):
    """Only the fields given change; ``None`` leaves a field as is, except ``parent_id``, where a
    given ``None`` makes the group a top-level one."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=191)
    description: str | None = Field(default=None, max_length=1000)
    email: str | None = Field(default=None, max_length=254)
    parent_id: int | None = None
    is_enabled: bool | None = None


def update_group(session: Session, actor: Actor, group_id: int, cmd: GroupUpdate) -> Group:
    """Change the given fields of a group."""
    require_admin(actor)
    group = require_group(session, group_id)
    changes = cmd.model_dump(exclude_unset=True, exclude={"parent_id"})
    changes = {key: value for key, value in changes.items() if value is not None}
    name = changes.get("name")
    if (
        name is not None
        and name != group.name
        and name_in_use(session, Group.id, Group.name, name, own_id=group.id)
    ):
        raise Conflict("group.name_taken", f"group {name!r} already exists")
    if "parent_id" in cmd.model_fields_set:
        _check_parent(session, group, cmd.parent_id)
        changes["parent_id"] = cmd.parent_id
    for key, value in changes.items():
        setattr(group, key, value)
    session.flush()
    return group


def _check_parent(session: Session, group: Group, parent_id: int | None) -> None:
    if parent_id is None:
        return
    require_group(session, parent_id)
    if is_below(session, Group.id, Group.parent_id, group.id, parent_id):
        raise ValidationFailed(
            "group.parent_cycle",
            f"group {group.name!r} cannot be below itself",
            id=group.id,
            parent_id=parent_id,
        )


def get_group_by_name(session: Session, name: str) -> Group | None:
    """The group of exactly this name, else the first (by id) whose name matches ignoring case."""
    exact = session.scalars(select(Group).where(Group.name == name)).first()
    if exact is not None:
        return exact
    query = select(Group).where(func.lower(Group.name) == name.lower()).order_by(Group.id)
    return session.scalars(query).first()


def group_names(session: Session, group_ids: Sequence[int]) -> dict[int, str]:
    """Group id -> name for the given ids, in one query."""
    return names_by_id(session, Group, group_ids)


def require_group(session: Session, group_id: int) -> Group:
    group = session.get(Group, group_id)
    if group is None:
        raise not_found("group", group_id)
    return group


def require_visible_group(session: Session, actor: Actor, group_id: int) -> Group:
    """A group, for agents (who may list them all); customers are refused."""
    require_agent(actor)
    return require_group(session, group_id)


def list_group_members(session: Session, actor: Actor, group_id: int) -> list[User]:
    """The members of a group, by login (agents)."""
    require_agent(actor)
    require_group(session, group_id)
    query = (
        select(User)
        .join(GroupMember, GroupMember.user_id == User.id)
        .where(GroupMember.group_id == group_id)
        .order_by(User.login, User.id)
    )
    return list(session.scalars(query))


def list_groups(session: Session, actor: Actor, page: PageRequest) -> Page[Group]:
    require_agent(actor)
    return paged(session, select(Group), page, Group.name, Group.id)


def add_member(session: Session, actor: Actor, *, group_id: int, user_id: int) -> None:
    require_admin(actor)
    require_group(session, group_id)
    require_user(session, user_id)
    if session.get(GroupMember, (group_id, user_id)) is None:
        session.add(GroupMember(group_id=group_id, user_id=user_id))
        session.flush()


def remove_member(session: Session, actor: Actor, *, group_id: int, user_id: int) -> bool:
    """Take a user out of a group; False when the user was not in it."""
    require_admin(actor)
    require_group(session, group_id)
    member = session.get(GroupMember, (group_id, user_id))
    if member is None:
        return False
    session.delete(member)
    session.flush()
    return True


def set_group_members(
    session: Session, actor: Actor, group_id: int, user_ids: Sequence[int]
) -> None:
    """Exactly these members; every user is checked before anything changes."""
    require_admin(actor)
    require_group(session, group_id)
    wanted = list(dict.fromkeys(user_ids))
    for user_id in wanted:
        require_user(session, user_id)
    session.execute(
        delete(GroupMember).where(
            GroupMember.group_id == group_id, GroupMember.user_id.not_in(wanted)
        ),
        execution_options={"synchronize_session": "fetch"},
    )
    for user_id in wanted:
        add_member(session, actor, group_id=group_id, user_id=user_id)


def group_member_logins(session: Session, group_id: int) -> list[str]:
    """The members' logins, sorted."""
    query = (
        select(User.login)
        .join(GroupMember, GroupMember.user_id == User.id)
        .where(GroupMember.group_id == group_id)
        .order_by(User.login)
    )
    return list(session.scalars(query))


def is_group_member(session: Session, user_id: int, group_name: str) -> bool:
    """Whether the user belongs to the enabled group of that exact name (Znuny dialect: the
    ``timeaccounting_webservice`` group gates TimeAccountingGet)."""
    query = (
        select(GroupMember.user_id)
        .join(Group, Group.id == GroupMember.group_id)
        .where(
            GroupMember.user_id == user_id,
            Group.name == group_name,
            Group.is_enabled.is_(True),
        )
    )
    return session.scalars(query.limit(1)).first() is not None
