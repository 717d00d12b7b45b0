"""Listing users by login lists, patterns, prefix ranges, role and date; memberships."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from polydesk.core.actor import SYSTEM, Role
from polydesk.core.errors import NotFound, PermissionDenied
from polydesk.core.pagination import PageRequest
from polydesk.groups.service import GroupCreate, create_group
from polydesk.tickets.criteria import TextRange, Window
from polydesk.users.listing import UserQuery, count_users, search_users
from polydesk.users.memberships import (
    groups_of,
    helpdesks_of,
    set_group_memberships,
    set_helpdesk_memberships,
)
from tests.factories import actor, make_helpdesk, make_user


def _logins(session: Session, **query: object) -> list[str]:
    found = search_users(session, SYSTEM, UserQuery(roles=(Role.CUSTOMER,), **query))  # type: ignore[arg-type]
    return [user.login for user in found]


def test_filters_sorts_and_pages(session: Session) -> None:
    for login in ("carol", "Alice", "bob"):
        make_user(session, Role.CUSTOMER, login=login)
    make_user(session, Role.AGENT, login="agent")
    assert _logins(session) == ["carol", "Alice", "bob"]
    assert _logins(session, logins=["ALICE", "bob"]) == ["Alice", "bob"]
    assert _logins(session, logins=["a*"]) == ["Alice"]
    assert _logins(session, login_range=TextRange(start="b", end="b")) == ["bob"]
    assert _logins(session, sort="login") == ["Alice", "bob", "carol"]
    one = PageRequest(limit=1, offset=1)
    assert _logins(session, sort="login", descending=True, page=one) == ["bob"]
    future = Window(after=datetime.now(UTC) + timedelta(days=1))
    assert _logins(session, created=future) == []
    assert count_users(session, SYSTEM, UserQuery(roles=(Role.AGENT, Role.CUSTOMER))) == 4


def test_customers_see_only_themselves(session: Session) -> None:
    me = make_user(session, Role.CUSTOMER, login="me")
    make_user(session, Role.CUSTOMER, login="you")
    found = search_users(session, actor(session, me), UserQuery(roles=(Role.CUSTOMER,)))
    assert [user.login for user in found] == ["me"]


def test_memberships_are_replaced(session: Session) -> None:
    agent = make_user(session)
    one, two = make_helpdesk(session), make_helpdesk(session)
    group = create_group(session, SYSTEM, GroupCreate(name="VIP"))
    set_helpdesk_memberships(session, SYSTEM, agent.id, [one.id, two.id])
    set_helpdesk_memberships(session, SYSTEM, agent.id, [two.id])
    set_group_memberships(session, SYSTEM, agent.id, [group.id])
    assert helpdesks_of(session, [agent.id]) == {agent.id: [two.id]}
    assert groups_of(session, [agent.id]) == {agent.id: [group.id]}
    with pytest.raises(NotFound):
        set_helpdesk_memberships(session, SYSTEM, agent.id, [9999])
    with pytest.raises(PermissionDenied):
        set_group_memberships(session, actor(session, agent), agent.id, [])
