"""Time entries across tickets: filters by customer, dates, people; visibility; paging."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy.orm import Session

from polydesk.core.actor import SYSTEM, Actor, Role
from polydesk.core.pagination import PageRequest
from polydesk.models.timetracking import TimeEntry
from polydesk.timetracking.service import (
    TimeEntryCreate,
    TimeEntryFilter,
    find_time_entries,
    log_time,
)
from polydesk.users.service import get_user_by_login
from tests.factories import actor, make_helpdesk, make_ticket, make_user

T0 = datetime(2026, 6, 1, 9, tzinfo=UTC)
PAGE = PageRequest(limit=50)


def _ids(session: Session, who: Actor = SYSTEM, **filters: Any) -> list[int]:
    found = find_time_entries(session, who, TimeEntryFilter(**filters), PAGE)
    return [view.entry.id for view in found.items]


@pytest.fixture
def entries(session: Session) -> list[TimeEntry]:
    desk = make_helpdesk(session)
    tech = make_user(session, login="tech1", helpdesks=[desk])
    alice = make_user(session, Role.CUSTOMER, login="alice")
    bob = make_user(session, Role.CUSTOMER, login="bob")
    as_tech = actor(session, tech)
    first = make_ticket(session, helpdesk_id=desk.id, requester_id=alice.id)
    second = make_ticket(session, requester_id=bob.id)
    return [
        log_time(session, as_tech, first.id, TimeEntryCreate(duration_seconds=600, started_at=T0)),
        log_time(
            session,
            SYSTEM,
            second.id,
            TimeEntryCreate(duration_seconds=60, started_at=T0 + timedelta(days=1)),
        ),
        log_time(
            session,
            as_tech,
            first.id,
            TimeEntryCreate(
                duration_seconds=3600, started_at=T0 + timedelta(days=2), is_public=False
            ),
        ),
    ]


def test_filters(session: Session, entries: list[TimeEntry]) -> None:
    a, b, c = (entry.id for entry in entries)
    assert _ids(session) == [a, b, c]
    assert _ids(session, ids=[b]) == [b]
    assert _ids(session, ticket_ids=[entries[0].ticket_id]) == [a, c]
    assert _ids(session, customer_logins=["Alice"]) == [a, c]
    assert _ids(session, customer_logins=["b*"]) == [b]
    assert _ids(session, customer_range={"start": "b"}) == [b]
    assert _ids(session, customer_range={"end": "a"}) == [a, c]
    assert _ids(session, user_logins=["tech1"]) == [a, c]
    assert _ids(session, started_after=T0 + timedelta(days=1)) == [b, c]
    assert _ids(session, started_after=T0, started_before=T0 + timedelta(days=1)) == [a, b]
    assert _ids(session, sort="duration", descending=True) == [c, a, b]


def test_views_and_paging(session: Session, entries: list[TimeEntry]) -> None:
    page = find_time_entries(
        session, SYSTEM, TimeEntryFilter(), PageRequest(limit=2, offset=1, with_total=True)
    )
    assert page.total == 3
    assert [(v.entry.id, v.user_login, v.customer_login) for v in page.items] == [
        (entries[1].id, None, "bob"),  # logged by the system: no user
        (entries[2].id, "tech1", "alice"),
    ]


def test_visibility(session: Session, entries: list[TimeEntry]) -> None:
    a, _, c = (entry.id for entry in entries)
    tech, alice = get_user_by_login(session, "tech1"), get_user_by_login(session, "alice")
    assert tech is not None and alice is not None
    assert _ids(session, actor(session, tech)) == [a, c]  # its desk's ticket only
    outsider = actor(session, make_user(session, helpdesks=[make_helpdesk(session)]))
    assert _ids(session, outsider) == []
    assert _ids(session, actor(session, alice)) == [a]  # her ticket, public entries only
