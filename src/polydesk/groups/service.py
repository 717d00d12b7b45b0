"""Group use cases: create, list, membership."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from polydesk.authz.tickets import require_admin, require_agent
from polydesk.core.actor import Actor
from polydesk.core.errors import Conflict, not_found
from polydesk.core.pagination import Page, PageRequest
from polydesk.db.listing import paged
from polydesk.models.groups import Group, GroupMember
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


def require_group(session: Session, group_id: int) -> Group:
    group = session.get(Group, group_id)
    if group is None:
        raise not_found("group", group_id)
    return group


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
