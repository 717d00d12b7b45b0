"""Group membership lookups."""

from __future__ import annotations

from sqlalchemy.orm import Session

from polydesk.core.actor import SYSTEM
from polydesk.groups.service import GroupCreate, add_member, create_group, is_group_member
from tests.factories import make_user


def test_is_group_member_by_exact_name(session: Session) -> None:
    member, other = make_user(session), make_user(session)
    group = create_group(session, SYSTEM, GroupCreate(name="timeaccounting_webservice"))
    add_member(session, SYSTEM, group_id=group.id, user_id=member.id)

    assert is_group_member(session, member.id, "timeaccounting_webservice")
    assert not is_group_member(session, other.id, "timeaccounting_webservice")
    assert not is_group_member(session, member.id, "TimeAccounting_Webservice")
    assert not is_group_member(session, member.id, "admin")


def test_a_disabled_group_grants_nothing(session: Session) -> None:
    member = make_user(session)
    group = create_group(session, SYSTEM, GroupCreate(name="admin"))
    add_member(session, SYSTEM, group_id=group.id, user_id=member.id)
    group.is_enabled = False
    session.flush()

    assert not is_group_member(session, member.id, "admin")
