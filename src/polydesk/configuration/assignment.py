"""Site-file kind ``assignment:``: per help desk, who gets its tickets besides its engine (the
help desk's ``assignment_engine``, section ``helpdesks``): the default owner of new tickets
(Integria's group default user) and the support level each member works at (the engine's
candidates are the members at the ticket's level). Applied after users, whose ``helpdesks:``
make the memberships.

Decisions:
- Keyed by help desk name; an entry's ``member_levels`` is the desk's whole mapping: a member
  left out works at level 1. Only members can be given a level (``helpdesk.not_a_member``), and
  only a level the desk has (``helpdesk.level_not_found``).
- A desk with no default owner and every member at level 1 has no entry: a file setting one
  creates it. Removing an entry clears the default owner and puts every member at level 1.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field
from sqlalchemy import select

from polydesk.configuration.kinds import Entry, Kind, Outcome
from polydesk.core.actor import Actor
from polydesk.core.errors import ValidationFailed, not_found
from polydesk.db import Session
from polydesk.helpdesks.members import Membership, list_helpdesk_members
from polydesk.helpdesks.service import HelpdeskUpdate, get_helpdesk_by_name, update_helpdesk
from polydesk.models.helpdesks import Helpdesk, HelpdeskMember
from polydesk.models.users import User
from polydesk.users.service import add_helpdesk_membership, get_user, get_user_by_login


class AssignmentEntry(Entry):
    helpdesk: str = Field(min_length=1, description="the help desk's name")
    default_owner: str | None = Field(
        default=None, description="login of the agent who owns its new tickets; null = none"
    )
    member_levels: dict[str, int] = Field(
        default_factory=dict,
        description="member login -> the level they work at; members left out: level 1",
    )


class Assignment(Kind[AssignmentEntry]):
    section = "assignment"
    entry = AssignmentEntry
    key_field = "helpdesk"

    def export(self, session: Session) -> list[AssignmentEntry]:
        desks = session.scalars(select(Helpdesk).order_by(Helpdesk.name))
        entries = [_entry(session, desk) for desk in desks]
        return [e for e in entries if e.default_owner or e.member_levels]

    def current(self, session: Session, key: str) -> AssignmentEntry | None:
        """None for a desk with nothing set (so a file setting it shows as a creation)."""
        desk = get_helpdesk_by_name(session, key)
        entry = None if desk is None else _entry(session, desk)
        return entry if entry and (entry.default_owner or entry.member_levels) else None

    def create(self, session: Session, actor: Actor, entry: AssignmentEntry) -> Outcome:
        changes = entry.model_dump(exclude={"helpdesk"})
        return self.update(session, actor, entry.helpdesk, changes)

    def update(self, session: Session, actor: Actor, key: str, changes: dict[str, Any]) -> Outcome:
        desk = get_helpdesk_by_name(session, key)
        if desk is None:
            raise not_found("helpdesk", key)
        if "default_owner" in changes:
            owner_id = _user_id(session, changes["default_owner"])
            update_helpdesk(session, actor, desk.id, HelpdeskUpdate(default_owner_id=owner_id))
        if "member_levels" in changes:
            _set_levels(session, actor, desk, changes["member_levels"])
        return Outcome()

    def remove(self, session: Session, actor: Actor, key: str) -> str:
        self.update(session, actor, key, {"default_owner": None, "member_levels": {}})
        return "deleted"


def _entry(session: Session, desk: Helpdesk) -> AssignmentEntry:
    owner = get_user(session, desk.default_owner_id) if desk.default_owner_id else None
    query = (
        select(User.login, HelpdeskMember.level)
        .join(HelpdeskMember, HelpdeskMember.user_id == User.id)
        .where(HelpdeskMember.helpdesk_id == desk.id, HelpdeskMember.level != 1)
        .order_by(User.login)
    )
    levels = {login: level for login, level in session.execute(query)}
    return AssignmentEntry(
        helpdesk=desk.name,
        default_owner=owner.login if owner else None,
        member_levels=levels,
    )


def _user_id(session: Session, login: str | None) -> int | None:
    if login is None:
        return None
    user = get_user_by_login(session, login)
    if user is None:
        raise not_found("user", login)
    return user.id


def _set_levels(session: Session, actor: Actor, desk: Helpdesk, wanted: dict[str, int]) -> None:
    members: dict[str, Membership] = {
        m.user.login.casefold(): m for m in list_helpdesk_members(session, actor, desk.id)
    }
    unknown = sorted(login for login in wanted if login.casefold() not in members)
    if unknown:
        raise ValidationFailed(
            "helpdesk.not_a_member",
            f"not members of help desk {desk.name!r}: {', '.join(unknown)}",
        )
    levels = {login.casefold(): level for login, level in wanted.items()}
    for login, member in members.items():
        level = levels.get(login, 1)
        if level != member.level:
            add_helpdesk_membership(
                session, actor, user_id=member.user.id, helpdesk_id=desk.id,
                writable=member.writable, level=level,
            )  # fmt: skip
