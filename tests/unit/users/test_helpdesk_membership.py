"""A help desk member's level (the assignment engine's candidates are the members at the
ticket's level): set with the membership, kept when the membership is added again without
one, and only one of the desk's levels."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from polydesk.core.actor import SYSTEM
from polydesk.core.errors import ValidationFailed
from polydesk.helpdesks.service import HelpdeskCreate, create_helpdesk
from polydesk.models.helpdesks import HelpdeskMember, MemberAccess
from polydesk.users.service import add_helpdesk_membership
from tests.factories import make_user


def test_a_members_level_is_set_kept_and_checked(session: Session) -> None:
    desk = create_helpdesk(session, SYSTEM, HelpdeskCreate(name="Tiers", levels=["L1", "L2"]))
    user = make_user(session)
    add_helpdesk_membership(session, SYSTEM, user_id=user.id, helpdesk_id=desk.id, level=2)
    member = session.get_one(HelpdeskMember, (desk.id, user.id))
    assert (member.level, member.access) == (2, MemberAccess.WRITE)
    add_helpdesk_membership(session, SYSTEM, user_id=user.id, helpdesk_id=desk.id, writable=False)
    assert (member.level, member.access) == (2, MemberAccess.READ)  # the level is kept
    with pytest.raises(ValidationFailed) as caught:
        add_helpdesk_membership(session, SYSTEM, user_id=user.id, helpdesk_id=desk.id, level=3)
    assert caught.value.code == "helpdesk.level_not_found"
    assert member.level == 2
