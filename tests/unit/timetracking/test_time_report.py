"""Time accounting report (Znuny TimeAccountingGet): a user's bookings with the desk at the time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from polydesk.core.actor import Actor, Role
from polydesk.core.clock import frozen
from polydesk.models.helpdesks import Helpdesk
from polydesk.models.tickets import Ticket
from polydesk.tickets.schemas import TicketUpdate
from polydesk.tickets.service import update_ticket
from polydesk.timetracking.service import TimeEntryCreate, TimeReportRow, log_time, time_report
from tests.factories import actor, make_company, make_helpdesk, make_ticket, make_user

T0 = datetime(2026, 4, 1, 8, 0, tzinfo=UTC)


def _at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def _log(session: Session, who: Actor, ticket: Ticket, minutes: int, seconds: int) -> None:
    with frozen(_at(minutes)):
        log_time(session, who, ticket.id, TimeEntryCreate(duration_seconds=seconds))


def _move(
    session: Session, who: Actor, ticket: Ticket, desk: Helpdesk | None, minutes: int
) -> None:
    with frozen(_at(minutes)):
        update_ticket(session, who, ticket.id, TicketUpdate(helpdesk_id=desk.id if desk else None))


def _report(
    session: Session,
    who: Actor,
    start: datetime = _at(0),
    end: datetime = _at(1000),
    limit: int = 100_000,
) -> list[TimeReportRow]:
    assert who.user_id is not None
    return time_report(session, who, user_id=who.user_id, start=start, end=end, limit=limit)


@pytest.fixture
def admin(session: Session) -> Actor:
    return actor(session, make_user(session, Role.ADMIN))


def test_each_booking_shows_the_help_desk_as_of_its_time(session: Session, admin: Actor) -> None:
    first, second, third = (make_helpdesk(session, name) for name in ("First", "Second", "Third"))
    company = make_company(session, "Initech")
    with frozen(_at(0)):
        ticket = make_ticket(
            session, helpdesk_id=first.id, company_id=company.id, extra={"DynamicField_X": "1"}
        )
    _log(session, admin, ticket, 10, 600)  # in First (the first move says it left First)
    _move(session, admin, ticket, second, 20)
    _log(session, admin, ticket, 30, 900)  # in Second
    _move(session, admin, ticket, third, 40)
    _log(session, admin, ticket, 50, 1200)  # in Third (also where it is now)

    rows = _report(session, admin)
    assert [(r.helpdesk_name, r.duration_seconds, r.created_at) for r in rows] == [
        ("First", 600, _at(10)),
        ("Second", 900, _at(30)),
        ("Third", 1200, _at(50)),
    ]
    assert {(r.ticket_id, r.ticket_number, r.ticket_title) for r in rows} == {
        (ticket.id, ticket.number, ticket.title)
    }
    assert all(r.company_code == "Initech" for r in rows)
    assert all(r.ticket_extra == {"DynamicField_X": "1"} for r in rows)


def test_a_booking_at_the_moment_of_a_move_counts_for_the_new_desk(
    session: Session, admin: Actor
) -> None:
    old, new = make_helpdesk(session, "Old"), make_helpdesk(session, "New")
    ticket = make_ticket(session, helpdesk_id=old.id)
    _move(session, admin, ticket, new, 10)
    _log(session, admin, ticket, 10, 60)
    _move(session, admin, ticket, None, 20)  # out of every desk
    _log(session, admin, ticket, 30, 120)
    assert [(r.helpdesk_name, r.duration_seconds) for r in _report(session, admin)] == [
        ("New", 60),
        (None, 120),
    ]


def test_unmoved_tickets_use_their_desk_and_rows_sort_by_time_ticket_and_entry(
    session: Session, admin: Actor
) -> None:
    desk = make_helpdesk(session, "Only")
    deskless, in_desk = make_ticket(session), make_ticket(session, helpdesk_id=desk.id)
    _log(session, admin, in_desk, 5, 30)
    _log(session, admin, deskless, 5, 40)
    _log(session, admin, in_desk, 1, 50)
    _log(session, admin, deskless, 5, 45)
    rows = _report(session, admin)
    assert [(r.ticket_id, r.duration_seconds, r.helpdesk_name) for r in rows] == [
        (in_desk.id, 50, "Only"),
        (deskless.id, 40, None),  # same minute: the lower ticket id first, then the entry id
        (deskless.id, 45, None),
        (in_desk.id, 30, "Only"),
    ]
    assert all(r.company_code is None and r.ticket_extra == {} for r in rows)


def test_only_the_users_bookings_in_the_inclusive_range_up_to_the_limit(
    session: Session, admin: Actor
) -> None:
    other = actor(session, make_user(session, Role.ADMIN))
    ticket = make_ticket(session)
    for minute in (0, 10, 20, 30):
        _log(session, admin, ticket, minute, 60 + minute)
    _log(session, other, ticket, 15, 999)
    rows = _report(session, admin, start=_at(10), end=_at(20))
    assert [r.duration_seconds for r in rows] == [70, 80]
    assert [r.duration_seconds for r in _report(session, admin, limit=3)] == [60, 70, 80]
    assert _report(session, admin, start=_at(31), end=_at(40)) == []


def test_the_report_takes_three_queries_however_many_tickets(
    session: Session, admin: Actor
) -> None:
    desks = [make_helpdesk(session) for _ in range(3)]
    for index in range(5):
        ticket = make_ticket(session, helpdesk_id=desks[0].id)
        _log(session, admin, ticket, index, 60)
        _move(session, admin, ticket, desks[index % 3], 10 + index)
    session.flush()
    statements: list[str] = []

    def count(_conn: Connection, _cursor: object, sql: str, *_: object) -> None:
        statements.append(sql)

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", count)
    try:
        rows = _report(session, admin)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(rows) == 5 and all(r.helpdesk_name == desks[0].name for r in rows)
    assert len(statements) == 3
