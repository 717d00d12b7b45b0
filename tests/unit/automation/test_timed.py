"""Time triggers with a frozen clock: fire once a ticket's anchor is old enough, once per
qualifying period, in bounded batches."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from polydesk.automation import timed
from polydesk.automation.timed import run_time_triggers
from polydesk.core.actor import SYSTEM
from polydesk.core.clock import frozen
from polydesk.db.engine import make_session_factory
from polydesk.db.uow import unit_of_work
from polydesk.models.automation import Trigger
from polydesk.tickets.schemas import TicketUpdate
from polydesk.tickets.service import update_ticket
from tests.factories import make_ticket
from tests.unit.automation.conftest import add_trigger, executions, status_id

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _reminder(session: Session, name: str = "remind the customer") -> Trigger:
    return add_trigger(
        session, name, "time",
        [
            {"field": "status", "op": "is", "value": status_id(session, "Waiting for customer")},
            {"field": "updated_at", "op": "older_than", "value": "3d"},
        ],
        [{"type": "add_tags", "tags": ["reminded"]}],
    )  # fmt: skip


def _run_at(session: Session, at: datetime) -> int:
    with frozen(at):
        fired = run_time_triggers(session)
    session.flush()
    return fired


def test_fires_once_the_ticket_waited_long_enough_and_once_per_period(session: Session) -> None:
    waiting = status_id(session, "Waiting for customer")
    with frozen(T0):
        ticket = make_ticket(session, status_id=waiting)
        other = make_ticket(session)  # not waiting: never fires
        trigger = _reminder(session)

    assert _run_at(session, T0 + timedelta(days=2)) == 0
    assert _run_at(session, T0 + timedelta(days=3, minutes=1)) == 1
    assert _run_at(session, T0 + timedelta(days=3, minutes=2)) == 0  # same period: once

    (run,) = executions(session)
    assert (run.trigger_id, run.ticket_id, run.event) == (trigger.id, ticket.id, "time")
    assert run.period == T0.isoformat() and run.actions_done == ["add_tags"]
    assert other.id not in {r.ticket_id for r in executions(session)}

    # The trigger's own change started a new period (updated_at moved): three days later,
    # if the ticket still waits, it is reminded again.
    assert _run_at(session, T0 + timedelta(days=5)) == 0
    assert _run_at(session, T0 + timedelta(days=6, minutes=2)) == 1
    assert len(executions(session)) == 2


def test_a_ticket_changed_in_time_does_not_qualify(session: Session) -> None:
    waiting = status_id(session, "Waiting for customer")
    with frozen(T0):
        ticket = make_ticket(session, status_id=waiting)
        _reminder(session)
    with frozen(T0 + timedelta(days=2)):
        update_ticket(session, SYSTEM, ticket.id, TicketUpdate(title="customer called"))

    assert _run_at(session, T0 + timedelta(days=3, minutes=1)) == 0
    assert _run_at(session, T0 + timedelta(days=5, minutes=1)) == 1


def test_scans_in_bounded_batches_and_remembers_where_it_was(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(timed, "TIME_BATCH", 2)
    waiting = status_id(session, "Waiting for customer")
    with frozen(T0):
        trigger = _reminder(session)
        tickets = [make_ticket(session, status_id=waiting) for _ in range(3)]

    at = T0 + timedelta(days=4)
    assert _run_at(session, at) == 2
    assert (trigger.scanned_until, trigger.scanned_until_id) == (T0, tickets[1].id)
    assert _run_at(session, at) == 1
    assert _run_at(session, at) == 0
    assert sorted(r.ticket_id for r in executions(session)) == [t.id for t in tickets]


def test_unassigned_for_two_hours(session: Session) -> None:
    with frozen(T0):
        ticket = make_ticket(session)
        add_trigger(
            session, "unassigned", "time",
            [
                {"field": "owner", "op": "is", "value": None},
                {"field": "created_at", "op": "older_than", "value": "2h"},
            ],
            [{"type": "add_tags", "tags": ["unassigned"]}],
        )  # fmt: skip

    assert _run_at(session, T0 + timedelta(hours=1, minutes=59)) == 0
    assert _run_at(session, T0 + timedelta(hours=2)) == 1
    assert [r.ticket_id for r in executions(session)] == [ticket.id]


def test_two_workers_scanning_at_once_fire_each_ticket_once(clean_engine: Engine) -> None:
    factory = make_session_factory(clean_engine)
    waiting = status_id_in(factory, "Waiting for customer")
    with frozen(T0), unit_of_work(factory) as session:
        _reminder(session)
        ids = [make_ticket(session, status_id=waiting).id for _ in range(6)]

    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def work() -> None:
        try:
            barrier.wait()
            with unit_of_work(factory) as session:
                run_time_triggers(session)
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    with frozen(T0 + timedelta(days=4)):
        threads = [threading.Thread(target=work) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert errors == []
    with factory() as session:
        fired = sorted(run.ticket_id for run in executions(session))
    assert fired == ids


def status_id_in(factory: sessionmaker[Session], name: str) -> int:
    with factory() as session:
        return status_id(session, name)


def test_a_scan_costs_the_same_few_statements_for_more_tickets(session: Session) -> None:
    from tests.queries import sql_statements

    def scan_cost(count: int) -> int:
        with frozen(T0):
            trigger = _reminder(session, f"remind {count}")
            for _ in range(count):
                make_ticket(session)  # not waiting: read, checked, not fired
        session.flush()
        with sql_statements(session.connection()) as seen, frozen(T0 + timedelta(days=4)):
            run_time_triggers(session)
            session.flush()
        trigger.is_enabled = False
        session.flush()
        return len(seen)

    assert scan_cost(2) == scan_cost(8)
