"""The breach check: marks, events, escalation; nothing twice, even with two workers."""

from __future__ import annotations

import threading

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from polydesk.core.actor import SYSTEM
from polydesk.core.clock import frozen
from polydesk.db.engine import make_session_factory
from polydesk.db.uow import unit_of_work
from polydesk.events.service import ticket_events
from polydesk.groups.service import GroupCreate, create_group
from polydesk.helpdesks.slas import SlaUpdate, update_sla
from polydesk.models.events import EventRecord
from polydesk.models.history import EventKind, HistoryEvent
from polydesk.models.sla import TicketSlaMark
from polydesk.models.tickets import Ticket
from polydesk.runtime import LIFECYCLE_TASKS
from polydesk.sla.check import check_due
from polydesk.sla.tasks import SLA_CHECK_TASK
from tests.factories import make_user
from tests.unit.sla.conftest import SlaWorld, build_sla_world, minutes
from tests.unit.sla.test_clock import _say


def _kinds(session: Session, ticket: Ticket) -> list[str]:
    return [e.kind for e in ticket_events(session, ticket.id) if e.kind.startswith("sla.")]


def test_warning_then_breach_then_escalation_to_the_next_level(sla_world: SlaWorld) -> None:
    session = sla_world.session
    ticket = sla_world.ticket()
    assert check_due(session, minutes(29)) == 0
    assert check_due(session, minutes(31)) == 1
    assert sla_world.marks(ticket) == [("first_response", "warning")]
    assert _kinds(session, ticket) == ["sla.warning"] and not ticket.sla_breached
    assert ticket.sla_next_check_at == minutes(60)
    with frozen(minutes(61)):
        assert check_due(session, minutes(61)) == 1
    assert ("first_response", "breach") in sla_world.marks(ticket)
    assert ticket.sla_breached and ticket.level == 2
    assert _kinds(session, ticket) == ["sla.warning", "sla.breached"]
    assert "ticket.assigned" in [e.kind for e in ticket_events(session, ticket.id)]
    history = session.scalars(select(HistoryEvent).where(HistoryEvent.ticket_id == ticket.id))
    assert any(h.kind is EventKind.UPDATED and h.field == "level" for h in history)
    # Idempotent: checking again (even later) reports nothing new.
    assert check_due(session, minutes(62)) == 0
    with frozen(minutes(130)):  # the next update's warning point (50 % of 240) is at 120
        check_due(session, minutes(130))
    assert _kinds(session, ticket) == ["sla.warning", "sla.breached", "sla.warning"]  # update's
    assert ticket.level == 2


def test_breach_escalates_to_the_named_agent_and_group(sla_world: SlaWorld) -> None:
    session = sla_world.session
    group = create_group(session, SYSTEM, GroupCreate(name="Escalations"))
    update_sla(
        session,
        SYSTEM,
        sla_world.sla.id,
        SlaUpdate(
            escalate_to_next_level=False,
            escalate_to_user_id=sla_world.agent.id,
            escalate_to_group_id=group.id,
            warning_percent=None,
        ),
    )
    ticket = sla_world.ticket()
    with frozen(minutes(60)):
        assert check_due(session, minutes(60)) == 1
    assert ticket.owner_id == sla_world.agent.id and ticket.assigned_group_id == group.id
    assert ticket.level == 1 and sla_world.status(ticket).name == "Open"


def test_a_recomputed_due_time_is_reported_again_when_it_passes(sla_world: SlaWorld) -> None:
    session = sla_world.session
    update_sla(session, SYSTEM, sla_world.sla.id, SlaUpdate(warning_percent=None))
    ticket = sla_world.ticket()
    _say(sla_world, ticket, 10, agent=True)
    with frozen(minutes(250)):
        check_due(session, minutes(250))  # update due at 250
    assert _kinds(session, ticket) == ["sla.breached"]
    _say(sla_world, ticket, 300, agent=True)  # a new update due: 540
    assert check_due(session, minutes(480)) == 1  # resolution due
    with frozen(minutes(540)):
        check_due(session, minutes(540))
    assert _kinds(session, ticket) == ["sla.breached"] * 3
    mark = session.scalars(
        select(TicketSlaMark).where(
            TicketSlaMark.ticket_id == ticket.id, TicketSlaMark.target == "update"
        )
    ).one()
    assert mark.due_at == minutes(540)


def test_the_worker_runs_the_check_every_minute() -> None:
    task = next(task for task in LIFECYCLE_TASKS if task.name == SLA_CHECK_TASK)
    assert task.every.total_seconds() == 60


def test_two_workers_report_each_breach_once(clean_engine: Engine) -> None:
    factory = make_session_factory(clean_engine)
    with unit_of_work(factory) as session:
        world = build_sla_world(session)
        ids = [world.ticket().id for _ in range(6)]
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def check() -> None:
        try:
            barrier.wait()
            with unit_of_work(factory) as own:
                check_due(own, minutes(500))
        except BaseException as error:  # reported to the test
            errors.append(error)

    threads = [threading.Thread(target=check) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with factory() as session:
        breached = session.scalar(
            select(func.count())
            .select_from(EventRecord)
            .where(EventRecord.kind == "sla.breached", EventRecord.ticket_id.in_(ids))
        )
        marks = session.scalar(select(func.count()).select_from(TicketSlaMark))
    # Each ticket: first response, update and resolution breached, once each.
    assert breached == 3 * len(ids) and marks == 3 * len(ids) + 3 * len(ids)  # + warnings


def test_an_escalation_the_data_refuses_is_skipped_and_the_breach_still_reported(
    sla_world: SlaWorld,
) -> None:
    session = sla_world.session
    outsider = make_user(session)  # an agent of no help desk: reassignment refuses him
    update_sla(
        session,
        SYSTEM,
        sla_world.sla.id,
        SlaUpdate(escalate_to_user_id=outsider.id, warning_percent=None),
    )
    ticket = sla_world.ticket()
    with frozen(minutes(60)):
        assert check_due(session, minutes(60)) == 1
    assert ticket.sla_breached and _kinds(session, ticket) == ["sla.breached"]
    assert ticket.owner_id is None and ticket.level == 1  # the whole step was refused
