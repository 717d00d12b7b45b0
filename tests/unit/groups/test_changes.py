"""Changing a group and its members (Issue 14)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError
from sqlalchemy.orm import Session

from polydesk.core.actor import SYSTEM, Role
from polydesk.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from polydesk.groups.service import (
    GroupCreate,
    GroupUpdate,
    add_member,
    create_group,
    get_group_by_name,
    group_member_logins,
    remove_member,
    set_group_members,
    update_group,
)
from polydesk.models.groups import Group
from tests.factories import actor, make_user


def _group(session: Session, name: str) -> Group:
    return create_group(session, SYSTEM, GroupCreate(name=name))


def test_update_changes_only_what_is_given(session: Session) -> None:
    parent, group = _group(session, "parent"), _group(session, "staff")
    update_group(
        session,
        SYSTEM,
        group.id,
        GroupUpdate(description="d", email="staff@example.com", parent_id=parent.id),
    )
    assert (group.name, group.description, group.email) == ("staff", "d", "staff@example.com")
    assert group.parent_id == parent.id
    update_group(session, SYSTEM, group.id, GroupUpdate(is_enabled=False))
    assert group.parent_id == parent.id and not group.is_enabled
    update_group(session, SYSTEM, group.id, GroupUpdate(parent_id=None))
    assert group.parent_id is None


def test_names_stay_unique(session: Session) -> None:
    _group(session, "admin")
    group = _group(session, "users")
    with pytest.raises(Conflict) as raised:
        update_group(session, SYSTEM, group.id, GroupUpdate(name="Admin"))
    assert raised.value.code == "group.name_taken"
    update_group(session, SYSTEM, group.id, GroupUpdate(name="Users"))
    assert group.name == "Users"


def test_a_group_cannot_be_below_itself(session: Session) -> None:
    top, child = _group(session, "top"), _group(session, "child")
    update_group(session, SYSTEM, child.id, GroupUpdate(parent_id=top.id))
    for parent in (child, top):
        with pytest.raises(ValidationFailed) as raised:
            update_group(session, SYSTEM, top.id, GroupUpdate(parent_id=parent.id))
        assert raised.value.code == "group.parent_cycle"
    with pytest.raises(NotFound):
        update_group(session, SYSTEM, top.id, GroupUpdate(parent_id=999_999))
    with pytest.raises(NotFound):
        update_group(session, SYSTEM, 999_999, GroupUpdate(name="x"))
    with pytest.raises(ValidationError):
        GroupUpdate.model_validate({"members": []})


def test_get_group_by_name_prefers_the_exact_name(session: Session) -> None:
    lower = _group(session, "ops")
    upper = _group(session, "OPS")
    assert get_group_by_name(session, "OPS") is upper
    assert get_group_by_name(session, "ops") is lower
    assert get_group_by_name(session, "Ops") is lower
    assert get_group_by_name(session, "nobody") is None


def test_members_are_set_listed_and_removed(session: Session) -> None:
    group = _group(session, "team")
    ann, bob, cy = (make_user(session, login=name) for name in ("ann", "bob", "cy"))
    add_member(session, SYSTEM, group_id=group.id, user_id=ann.id)
    set_group_members(session, SYSTEM, group.id, [cy.id, bob.id, cy.id])
    assert group_member_logins(session, group.id) == ["bob", "cy"]
    assert remove_member(session, SYSTEM, group_id=group.id, user_id=bob.id)
    assert not remove_member(session, SYSTEM, group_id=group.id, user_id=bob.id)
    assert group_member_logins(session, group.id) == ["cy"]
    with pytest.raises(NotFound):
        set_group_members(session, SYSTEM, group.id, [ann.id, 999_999])
    assert group_member_logins(session, group.id) == ["cy"]


def test_only_admins_change_groups(session: Session) -> None:
    group = _group(session, "locked")
    user = make_user(session, Role.AGENT)
    agent = actor(session, user)
    with pytest.raises(PermissionDenied):
        update_group(session, agent, group.id, GroupUpdate(name="mine"))
    with pytest.raises(PermissionDenied):
        set_group_members(session, agent, group.id, [user.id])
    with pytest.raises(PermissionDenied):
        remove_member(session, agent, group_id=group.id, user_id=user.id)
    assert group.name == "locked" and group_member_logins(session, group.id) == []
