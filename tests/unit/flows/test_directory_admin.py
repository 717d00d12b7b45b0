"""What the admin pages read and write beside the rooms' own calls: read-only help desk
memberships through the person flows, members added by login, the pages' views (admins only),
level names checked when a help desk is made."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from polydesk.core.actor import SYSTEM, Role
from polydesk.core.errors import NotFound, PermissionDenied, ValidationFailed
from polydesk.flows.commands import ChangePerson, NewPerson
from polydesk.flows.directory_admin import (
    add_group_member_by_login,
    add_helpdesk_member_by_login,
    helpdesk_page,
    user_form,
)
from polydesk.flows.people import add_person, change_person
from polydesk.groups.service import GroupCreate, create_group, list_group_members
from polydesk.helpdesks.service import HelpdeskCreate, create_helpdesk
from polydesk.users.memberships import helpdesk_access_of
from polydesk.users.schemas import UserCreate, UserUpdate
from tests.factories import actor, make_user


def test_a_person_joins_some_desks_read_only(session: Session) -> None:
    admin = actor(session, make_user(session, Role.ADMIN))
    one, two = (create_helpdesk(session, SYSTEM, HelpdeskCreate(name=n)) for n in ("One", "Two"))
    user = add_person(session, admin, NewPerson(
        user=UserCreate(login="ro", role=Role.AGENT), helpdesk_ids=[one.id, two.id],
        read_only_helpdesk_ids=frozenset({two.id}),
    ))  # fmt: skip
    assert helpdesk_access_of(session, user.id) == {one.id: True, two.id: False}
    change_person(session, admin, user.id, ChangePerson(
        user=UserUpdate(), helpdesk_ids=[two.id], read_only_helpdesk_ids=frozenset({one.id}),
    ))  # fmt: skip
    assert helpdesk_access_of(session, user.id) == {two.id: True}


def test_members_by_login(session: Session) -> None:
    admin = actor(session, make_user(session, Role.ADMIN))
    make_user(session, Role.AGENT, login="ann")
    group = create_group(session, SYSTEM, GroupCreate(name="Night"))
    desk = create_helpdesk(session, SYSTEM, HelpdeskCreate(name="Desk", levels=["L1", "L2"]))
    add_group_member_by_login(session, admin, group.id, "ann")
    assert [u.login for u in list_group_members(session, admin, group.id)] == ["ann"]
    add_helpdesk_member_by_login(session, admin, desk.id, "ann", writable=False, level=2)
    members = helpdesk_page(session, admin, desk.id).members
    assert [(m.user.login, m.writable, m.level) for m in members] == [("ann", False, 2)]
    with pytest.raises(NotFound):
        add_group_member_by_login(session, admin, group.id, "nobody")


def test_the_views_are_for_admins(session: Session) -> None:
    agent = actor(session, make_user(session, Role.AGENT))
    with pytest.raises(PermissionDenied):
        user_form(session, agent, None)
    with pytest.raises(PermissionDenied):
        helpdesk_page(session, agent, None)


def test_a_new_help_desk_checks_its_level_names(session: Session) -> None:
    with pytest.raises(ValidationFailed):
        create_helpdesk(session, SYSTEM, HelpdeskCreate(name="Long", levels=["x" * 151]))
