"""Changing a help desk and its members (Issue 14)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError
from sqlalchemy.orm import Session

from polydesk.core.actor import SYSTEM, Role
from polydesk.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from polydesk.helpdesks.members import (
    helpdesk_member_logins,
    remove_helpdesk_membership,
    set_helpdesk_members,
)
from polydesk.helpdesks.service import HelpdeskUpdate, list_levels, update_helpdesk
from polydesk.models.helpdesks import AssignmentEngine, Helpdesk
from tests.factories import actor, make_helpdesk, make_ticket, make_user


def _update(session: Session, helpdesk: Helpdesk, **fields: object) -> Helpdesk:
    return update_helpdesk(session, SYSTEM, helpdesk.id, HelpdeskUpdate.model_validate(fields))


def _levels(session: Session, helpdesk: Helpdesk) -> list[tuple[int, str]]:
    return [(row.level, row.name) for row in list_levels(session, helpdesk.id)]


def test_update_changes_only_what_is_given(session: Session) -> None:
    parent, desk = make_helpdesk(session, "Parent"), make_helpdesk(session, "Desk")
    _update(
        session,
        desk,
        description="d",
        email="desk@example.com",
        parent_id=parent.id,
        assignment_engine="round_robin",
    )
    assert (desk.name, desk.description, desk.email) == ("Desk", "d", "desk@example.com")
    assert desk.parent_id == parent.id
    assert desk.assignment_engine is AssignmentEngine.ROUND_ROBIN
    _update(session, desk, description="e")
    assert desk.parent_id == parent.id
    _update(session, desk, parent_id=None)
    assert desk.parent_id is None


def test_names_stay_unique_ignoring_case(session: Session) -> None:
    make_helpdesk(session, "First")
    desk = make_helpdesk(session, "Second")
    with pytest.raises(Conflict) as raised:
        _update(session, desk, name="FIRST")
    assert raised.value.code == "helpdesk.name_taken"
    _update(session, desk, name="SECOND")
    assert desk.name == "SECOND"


def test_a_help_desk_cannot_be_below_itself(session: Session) -> None:
    top, middle = make_helpdesk(session), make_helpdesk(session)
    _update(session, middle, parent_id=top.id)
    for parent in (middle, top):  # below its child, below itself
        with pytest.raises(ValidationFailed) as raised:
            _update(session, top, parent_id=parent.id)
        assert raised.value.code == "helpdesk.parent_cycle"
    with pytest.raises(NotFound):
        _update(session, top, parent_id=999_999)


def test_levels_are_renamed_added_and_dropped(session: Session) -> None:
    desk = make_helpdesk(session)
    _update(session, desk, levels=["First line", "Second line", "Experts"])
    assert _levels(session, desk) == [(1, "First line"), (2, "Second line"), (3, "Experts")]
    _update(session, desk, levels=["L1"])
    assert _levels(session, desk) == [(1, "L1")]


def test_a_level_with_tickets_or_members_stays(session: Session) -> None:
    desk = make_helpdesk(session)
    _update(session, desk, levels=["L1", "L2", "L3"])
    make_ticket(session, helpdesk_id=desk.id, level=2)
    with pytest.raises(Conflict) as raised:
        _update(session, desk, levels=["Only"])
    assert raised.value.code == "helpdesk.level_in_use"
    assert raised.value.details["level"] == 2
    _update(session, desk, levels=["A", "B"])  # level 3 is unused
    assert _levels(session, desk) == [(1, "A"), (2, "B")]


def test_bad_levels_are_refused(session: Session) -> None:
    desk = make_helpdesk(session)
    with pytest.raises(ValidationError):
        HelpdeskUpdate(levels=[])
    with pytest.raises(ValidationFailed) as raised:
        _update(session, desk, levels=["ok", " "])
    assert raised.value.code == "helpdesk.invalid_level"
    with pytest.raises(ValidationError):
        HelpdeskUpdate.model_validate({"group": "x"})
    with pytest.raises(ValidationError):
        HelpdeskUpdate.model_validate({"assignment_engine": "random"})


def test_set_members_replaces_the_list(session: Session) -> None:
    desk = make_helpdesk(session)
    make_user(session, login="old", helpdesks=[desk])
    kept = make_user(session, login="kept", helpdesks=[desk])
    new, reader = make_user(session, login="new"), make_user(session, login="reader")
    set_helpdesk_members(session, SYSTEM, desk.id, [kept.id, new.id], read_only_ids=[reader.id])
    assert helpdesk_member_logins(session, desk.id) == {"kept": True, "new": True, "reader": False}
    assert remove_helpdesk_membership(session, SYSTEM, user_id=new.id, helpdesk_id=desk.id)
    assert not remove_helpdesk_membership(session, SYSTEM, user_id=new.id, helpdesk_id=desk.id)
    assert set(helpdesk_member_logins(session, desk.id)) == {"kept", "reader"}


def test_set_members_checks_every_user_first(session: Session) -> None:
    desk = make_helpdesk(session)
    member = make_user(session, login="member", helpdesks=[desk])
    customer = make_user(session, Role.CUSTOMER)
    with pytest.raises(PermissionDenied) as raised:
        set_helpdesk_members(session, SYSTEM, desk.id, [customer.id])
    assert raised.value.code == "user.not_an_agent"
    with pytest.raises(NotFound):
        set_helpdesk_members(session, SYSTEM, desk.id, [999_999])
    with pytest.raises(NotFound):
        set_helpdesk_members(session, SYSTEM, 999_999, [member.id])
    assert helpdesk_member_logins(session, desk.id) == {"member": True}


def test_only_admins_change_help_desks(session: Session) -> None:
    desk = make_helpdesk(session, "Mine")
    agent_user = make_user(session, helpdesks=[desk])
    agent = actor(session, agent_user)
    with pytest.raises(PermissionDenied):
        update_helpdesk(session, agent, desk.id, HelpdeskUpdate(name="Taken over"))
    with pytest.raises(PermissionDenied):
        set_helpdesk_members(session, agent, desk.id, [])
    with pytest.raises(PermissionDenied):
        remove_helpdesk_membership(session, agent, user_id=agent_user.id, helpdesk_id=desk.id)
    assert desk.name == "Mine"
