"""Schedules: add, partial update, recurrence rules, people and groups, filters, visibility."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from polydesk.core.actor import SYSTEM, Actor, Role
from polydesk.core.clock import frozen
from polydesk.core.errors import NotFound, PermissionDenied, ValidationFailed
from polydesk.core.pagination import PageRequest
from polydesk.groups.service import GroupCreate, create_group
from polydesk.models.schedules import (
    RepeatKind,
    RepeatUnit,
    Schedule,
    ScheduleMember,
    ScheduleStatus,
)
from polydesk.schedules.schemas import RepeatRule, ScheduleCreate, ScheduleFilter, ScheduleUpdate
from polydesk.schedules.service import (
    add_schedule,
    list_schedules,
    require_schedule,
    update_schedule,
)
from tests.factories import actor, make_helpdesk, make_ticket, make_user
from tests.queries import sql_statements

START = datetime(2026, 7, 1, 9, tzinfo=UTC)
PAGE = PageRequest(limit=50)


def _add(session: Session, title: str = "Visit", **fields: Any) -> Schedule:
    fields.setdefault("starts_at", START)
    return add_schedule(session, SYSTEM, ScheduleCreate(title=title, **fields))


def _ids(session: Session, who: Actor = SYSTEM, **filters: Any) -> list[int]:
    return [
        v.schedule.id for v in list_schedules(session, who, ScheduleFilter(**filters), PAGE).items
    ]


@pytest.fixture
def people(session: Session) -> None:
    make_user(session, Role.CUSTOMER, login="alice")
    make_user(session, Role.CUSTOMER, login="bob")
    make_user(session, login="tech1")
    make_user(session, Role.ADMIN, login="boss")
    create_group(session, SYSTEM, GroupCreate(name="Field Team"))
    create_group(session, SYSTEM, GroupCreate(name="Office"))


def test_add_stores_everything(session: Session, people: None) -> None:
    ticket = make_ticket(session)
    tech = make_user(session, Role.ADMIN, login="creator")
    schedule = add_schedule(
        session,
        actor(session, tech),
        ScheduleCreate(
            title="Install printer",
            category="Installs",
            status="on_hold",
            ticket_id=ticket.id,
            starts_at=START,
            ends_at=START + timedelta(hours=2),
            repeat=RepeatRule(kind="interval", every=2, unit="weeks"),
            customer_logins=["ALICE", "bob"],
            tech_logins=["tech1", "boss"],
            group_names=["field team"],
        ),
    )
    session.expire_all()
    view = list_schedules(session, SYSTEM, ScheduleFilter(), PAGE).items[0]
    s = view.schedule
    assert (s.id, s.user_id, s.title, s.category) == (
        schedule.id,
        tech.id,
        "Install printer",
        "Installs",
    )
    assert (s.status, s.ticket_id, s.completed_at) == (ScheduleStatus.ON_HOLD, ticket.id, None)
    assert (s.starts_at, s.ends_at) == (START, START + timedelta(hours=2))
    rule = (s.repeat_kind, s.repeat_every, s.repeat_unit, s.repeat_weekdays)
    assert rule == (RepeatKind.INTERVAL, 2, RepeatUnit.WEEKS, [])
    people = (view.customer_logins, view.tech_logins, view.group_names, view.creator_login)
    assert people == (["alice", "bob"], ["boss", "tech1"], ["Field Team"], "creator")


def test_defaults_and_weekday_rule(session: Session) -> None:
    schedule = _add(session, repeat={"kind": "weekdays", "weekdays": [5, 1, 3]})
    assert (schedule.status, schedule.ends_at, schedule.all_day) == (
        ScheduleStatus.ACTIVE,
        None,
        False,
    )
    assert (schedule.repeat_kind, schedule.repeat_weekdays) == (RepeatKind.WEEKDAYS, [1, 3, 5])
    assert schedule.repeat_every is None and schedule.repeat_unit is None


@pytest.mark.parametrize(
    "bad",
    [
        {"title": ""},
        {"title": "x" * 256},
        {"title": "x"},  # no start
        {"title": "x", "starts_at": "2026-07-01T09:00:00"},  # no time zone
        {"title": "x", "starts_at": START, "status": "A"},  # product codes belong to dialects
        {"title": "x", "starts_at": START, "repeat": {"kind": "interval", "every": 2}},
        {"title": "x", "starts_at": START, "repeat": {"kind": "interval", "unit": "days"}},
        {"title": "x", "starts_at": START, "repeat": {"kind": "weekdays", "weekdays": []}},
        {"title": "x", "starts_at": START, "repeat": {"kind": "weekdays", "weekdays": [8]}},
        {"title": "x", "starts_at": START, "repeat": {"kind": "weekdays", "weekdays": [1, 1]}},
        {
            "title": "x",
            "starts_at": START,
            "repeat": {"kind": "weekdays", "weekdays": [1], "every": 1},
        },
        {"title": "x", "starts_at": START, "repeat": {"kind": "x"}},
    ],
)
def test_commands_are_strict(bad: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        ScheduleCreate.model_validate(bad)


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"customer_logins": ["nobody"]}, "customer.not_found"),
        ({"customer_logins": ["tech1"]}, "customer.not_found"),  # a tech is not a customer
        ({"tech_logins": ["alice"]}, "tech.not_found"),
        ({"group_names": ["Office", "Nowhere"]}, "group.not_found"),
        ({"ticket_id": 987654}, "ticket.not_found"),
    ],
)
def test_add_rejects_unknown_references(
    session: Session, people: None, fields: dict[str, Any], code: str
) -> None:
    with pytest.raises(NotFound) as caught:
        _add(session, **fields)
    assert caught.value.code == code
    session.rollback()  # the edge's unit of work: nothing stays
    assert session.scalar(select(func.count()).select_from(Schedule)) == 0


def test_end_before_start_is_refused(session: Session) -> None:
    with pytest.raises(ValidationFailed) as caught:
        _add(session, ends_at=START - timedelta(minutes=1))
    assert caught.value.code == "schedule.ends_before_start"


def test_update_changes_only_what_is_given(session: Session, people: None) -> None:
    schedule = _add(
        session,
        category="Visits",
        customer_logins=["alice"],
        tech_logins=["tech1"],
        group_names=["Office"],
        repeat={"kind": "interval", "every": 1, "unit": "days"},
    )
    update_schedule(session, SYSTEM, schedule.id, ScheduleUpdate(customer_logins=["bob"]))
    update_schedule(session, SYSTEM, schedule.id, ScheduleUpdate(title="Moved", repeat=None))
    view = list_schedules(session, SYSTEM, ScheduleFilter(), PAGE).items[0]
    assert (view.schedule.title, view.schedule.category) == ("Moved", "Visits")
    assert view.schedule.repeat_kind is None and view.schedule.repeat_unit is None
    assert (view.customer_logins, view.tech_logins, view.group_names) == (
        ["bob"],
        ["tech1"],  # the technicians stayed when the customers were replaced
        ["Office"],
    )
    update_schedule(session, SYSTEM, schedule.id, ScheduleUpdate(group_names=[], tech_logins=[]))
    members = session.scalars(select(ScheduleMember.user_id)).all()
    assert len(members) == 1
    for field in ("title", "starts_at", "status", "category"):
        with pytest.raises(ValidationError):
            ScheduleUpdate.model_validate({field: None})


def test_completing_records_when(session: Session) -> None:
    schedule = _add(session)
    done = START + timedelta(days=3)
    with frozen(done):
        update_schedule(session, SYSTEM, schedule.id, ScheduleUpdate(status="completed"))
    assert schedule.completed_at == done
    given = START + timedelta(days=1)
    other = _add(session, status="completed", completed_at=given)
    assert other.completed_at == given
    with pytest.raises(ValidationFailed):
        update_schedule(
            session,
            SYSTEM,
            other.id,
            ScheduleUpdate(starts_at=START + timedelta(days=9), ends_at=START),
        )
    with pytest.raises(NotFound) as caught:
        update_schedule(session, SYSTEM, 987654, ScheduleUpdate(title="x"))
    assert caught.value.code == "schedule.not_found"


def test_filters_and_paging(session: Session, people: None) -> None:
    ticket = make_ticket(session)
    a = _add(session, "A", customer_logins=["alice"], tech_logins=["tech1"], ticket_id=ticket.id)
    b = _add(session, "B", customer_logins=["bob"], group_names=["Field Team"])
    c = _add(session, "C", tech_logins=["boss"], starts_at=START + timedelta(days=5))
    assert _ids(session) == [a.id, b.id, c.id]
    assert _ids(session, ids=[c.id, a.id]) == [a.id, c.id]
    assert _ids(session, ticket_ids=[ticket.id]) == [a.id]
    assert _ids(session, customer_logins=["BOB"]) == [b.id]
    assert _ids(session, customer_logins=["tech1"]) == []  # a tech is not a customer
    assert _ids(session, tech_logins=["b*"]) == [c.id]
    assert _ids(session, group_names=["field*"]) == [b.id]
    assert _ids(session, starts_after=START + timedelta(days=1)) == [c.id]
    assert _ids(session, sort="starts_at", descending=True) == [c.id, b.id, a.id]
    page = list_schedules(
        session, SYSTEM, ScheduleFilter(), PageRequest(limit=1, offset=1, with_total=True)
    )
    assert page.total == 3 and [v.schedule.id for v in page.items] == [b.id]


def test_list_costs_a_fixed_number_of_queries(session: Session, people: None) -> None:
    admin = actor(session, make_user(session, Role.ADMIN, login="planner"))
    for n in range(4):
        cmd = ScheduleCreate(
            title=f"S{n}",
            starts_at=START,
            customer_logins=["alice"],
            tech_logins=["tech1"],
            group_names=["Office"],
        )
        add_schedule(session, admin, cmd)
    session.expire_all()
    with sql_statements(session.get_bind()) as seen:
        views = list_schedules(session, SYSTEM, ScheduleFilter(), PAGE).items
    assert len(views) == 4 and len(seen) == 4  # schedules, members, creators, groups
    assert all(v.customer_logins == ["alice"] and v.creator_login == "planner" for v in views)


def test_visibility_and_permissions(session: Session, people: None) -> None:
    mine = _add(session, customer_logins=["alice"])
    other = _add(session, customer_logins=["bob"])
    from polydesk.users.service import get_user_by_login

    alice = get_user_by_login(session, "alice")
    assert alice is not None
    as_alice = actor(session, alice)
    assert _ids(session, as_alice) == [mine.id]
    with pytest.raises(NotFound):
        require_schedule(session, as_alice, other.id)
    with pytest.raises(PermissionDenied):
        add_schedule(session, as_alice, ScheduleCreate(title="x", starts_at=START))
    with pytest.raises(PermissionDenied):
        update_schedule(session, as_alice, mine.id, ScheduleUpdate(title="x"))
    agent = actor(session, make_user(session, helpdesks=[make_helpdesk(session)]))
    assert _ids(session, agent) == [mine.id, other.id]  # a shared calendar
    hidden = make_ticket(session, helpdesk_id=make_helpdesk(session).id)
    with pytest.raises(NotFound):
        add_schedule(
            session, agent, ScheduleCreate(title="x", starts_at=START, ticket_id=hidden.id)
        )
