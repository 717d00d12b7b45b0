"""Waiting states: each kind of wait, the SLA pause, and each condition that ends a wait."""

from __future__ import annotations

from datetime import timedelta

import pytest

from polydesk.catalogs.service import get_catalog_item_by_name
from polydesk.comments.schemas import CommentCreate
from polydesk.comments.service import add_comment
from polydesk.core.clock import frozen
from polydesk.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from polydesk.db.uow import unit_of_work
from polydesk.jobs.worker import Worker
from polydesk.models.catalogs import StatusCategory
from polydesk.models.history import EventKind
from polydesk.models.tickets import Ticket, WaitingFor
from polydesk.runtime import Runtime
from polydesk.tickets.links import (
    create_external_entity,
    link_external_entity,
    unlink_external_entity,
)
from polydesk.tickets.schemas import TicketUpdate
from polydesk.tickets.service import update_ticket
from polydesk.tickets.solution import cancel_ticket
from polydesk.tickets.tasks import RESUME_WAITS_TASK
from polydesk.tickets.waiting import resume_due_waits, start_waiting, stop_waiting
from tests.unit.tickets.world import T0, World, make_world


def _say(world: World, body: str, *, as_customer: bool) -> None:
    who = world.customer_actor if as_customer else world.agent_actor
    add_comment(world.session, who, world.ticket.id, CommentCreate(body=body))


def test_waiting_for_the_customer_pauses_the_sla_until_the_customer_replies(
    world: World,
) -> None:
    with frozen(T0):
        start_waiting(world.session, world.agent_actor, world.ticket.id, WaitingFor.CUSTOMER)
    assert world.status().name == "Waiting for customer"
    assert world.ticket.waiting_for is WaitingFor.CUSTOMER
    assert world.ticket.sla_paused_at == T0
    with frozen(T0 + timedelta(minutes=10)):
        _say(world, "Any news? I still need the screenshot?", as_customer=False)
    assert world.ticket.waiting_for is WaitingFor.CUSTOMER  # an agent's comment changes nothing
    with frozen(T0 + timedelta(minutes=30)):
        _say(world, "Here is the screenshot.", as_customer=True)
    assert world.status().category is StatusCategory.OPEN
    assert world.ticket.waiting_for is None and world.ticket.sla_paused_at is None
    assert world.ticket.sla_paused_seconds == 30 * 60
    kinds = world.kinds()
    assert kinds.index(EventKind.WAITING_STARTED) < kinds.index(EventKind.WAITING_ENDED)
    ended = next(e for e in world.events() if e.kind is EventKind.WAITING_ENDED)
    assert (ended.old_value, ended.description) == ("customer", "customer replied")


def test_waiting_for_the_agent_ends_only_when_an_agent_stops_it(world: World) -> None:
    start_waiting(world.session, world.agent_actor, world.ticket.id, WaitingFor.AGENT)
    assert world.status().name == "Waiting for agent"
    _say(world, "Hello?", as_customer=True)
    assert world.ticket.waiting_for is WaitingFor.AGENT
    stop_waiting(world.session, world.agent_actor, world.ticket.id)
    assert world.ticket.waiting_for is None and world.status().name == "Open"
    with pytest.raises(Conflict) as caught:
        stop_waiting(world.session, world.agent_actor, world.ticket.id)
    assert caught.value.code == "waiting.not_waiting"


def test_waiting_for_a_date_ends_when_the_periodic_task_sees_it_pass(world: World) -> None:
    until = T0 + timedelta(hours=2)
    with frozen(T0):
        start_waiting(
            world.session, world.agent_actor, world.ticket.id, WaitingFor.DATE, until=until
        )
    assert world.ticket.pending_until == until and world.status().name == "On hold"
    with frozen(T0 + timedelta(hours=1)):
        assert resume_due_waits(world.session) == 0
    with frozen(until + timedelta(seconds=1)):
        assert resume_due_waits(world.session) == 1
    assert world.ticket.waiting_for is None and world.ticket.pending_until is None
    assert world.status().category is StatusCategory.OPEN
    ended = [e for e in world.events() if e.kind is EventKind.WAITING_ENDED]
    assert ended[0].actor_id is None and ended[0].description == "date reached"


def test_a_date_in_the_past_or_a_missing_target_is_refused_and_changes_nothing(
    world: World,
) -> None:
    before = world.kinds()
    attempts = [
        (WaitingFor.DATE, {"until": T0}, "waiting.date_in_past"),
        (WaitingFor.DATE, {}, "waiting.target_mismatch"),
        (WaitingFor.AGENT, {"other_ticket_id": world.ticket.id}, "waiting.target_mismatch"),
        (WaitingFor.TICKET, {"other_ticket_id": world.ticket.id}, "waiting.self"),
        (WaitingFor.APPROVAL, {}, "waiting.approval_not_direct"),
    ]
    for kind, target, code in attempts:
        with frozen(T0 + timedelta(days=1)), pytest.raises(ValidationFailed) as caught:
            start_waiting(world.session, world.agent_actor, world.ticket.id, kind, **target)
        assert caught.value.code == code
    assert world.kinds() == before and world.ticket.waiting_for is None
    assert world.status().category is StatusCategory.NEW


def test_customers_and_unknown_tickets_are_refused(world: World) -> None:
    with pytest.raises(PermissionDenied):
        start_waiting(world.session, world.customer_actor, world.ticket.id, WaitingFor.AGENT)
    with pytest.raises(NotFound):
        start_waiting(world.session, world.agent_actor, 999_999, WaitingFor.AGENT)


def test_an_ended_ticket_cannot_wait(world: World) -> None:
    cancel_ticket(world.session, world.agent_actor, world.ticket.id)
    with pytest.raises(Conflict) as caught:
        start_waiting(world.session, world.agent_actor, world.ticket.id, WaitingFor.CUSTOMER)
    assert caught.value.code == "waiting.ticket_not_open"


def test_waiting_for_another_ticket_ends_when_it_closes(world: World) -> None:
    blocker = world.new_ticket(title="Core switch replacement")
    start_waiting(
        world.session, world.agent_actor, world.ticket.id, WaitingFor.TICKET,
        other_ticket_id=blocker.id,
    )  # fmt: skip
    assert world.ticket.waiting_for_ticket_id == blocker.id
    closed = get_catalog_item_by_name(world.session, "status", "Closed")
    assert closed is not None
    update_ticket(world.session, world.agent_actor, blocker.id, TicketUpdate(status_id=closed.id))
    assert world.ticket.waiting_for is None and world.ticket.waiting_for_ticket_id is None
    assert world.status().category is StatusCategory.OPEN
    ended = next(e for e in world.events() if e.kind is EventKind.WAITING_ENDED)
    assert ended.description == f"ticket {blocker.id} ended"


def test_cannot_wait_for_a_ticket_that_already_ended(world: World) -> None:
    other = world.new_ticket()
    cancel_ticket(world.session, world.agent_actor, other.id)
    with pytest.raises(Conflict) as caught:
        start_waiting(
            world.session, world.agent_actor, world.ticket.id, WaitingFor.TICKET,
            other_ticket_id=other.id,
        )  # fmt: skip
    assert caught.value.code == "waiting.ticket_ended"


def test_the_sweep_resumes_tickets_whose_awaited_ticket_ended_unnoticed(world: World) -> None:
    other = world.new_ticket()
    start_waiting(
        world.session, world.agent_actor, world.ticket.id, WaitingFor.TICKET,
        other_ticket_id=other.id,
    )  # fmt: skip
    # Simulate an end the hooks did not see (e.g. more waiters than one batch).
    cancelled = get_catalog_item_by_name(world.session, "status", "Cancelled")
    assert cancelled is not None
    world.session.get_one(Ticket, other.id).status_id = cancelled.id
    world.session.flush()
    assert resume_due_waits(world.session) == 1
    assert world.ticket.waiting_for is None


def test_waiting_for_an_external_entity_needs_a_link_and_ends_when_unlinked(
    world: World,
) -> None:
    with pytest.raises(NotFound):
        start_waiting(
            world.session, world.agent_actor, world.ticket.id, WaitingFor.EXTERNAL_ENTITY,
            entity_link_id=12345,
        )  # fmt: skip
    carrier = create_external_entity(world.session, world.agent_actor, "Carrier Ltd")
    link = link_external_entity(world.session, world.agent_actor, world.ticket.id, carrier.id)
    start_waiting(
        world.session, world.agent_actor, world.ticket.id, WaitingFor.EXTERNAL_ENTITY,
        entity_link_id=link.id,
    )  # fmt: skip
    assert world.status().name == "Waiting for third party"
    assert link.is_waited_on and world.ticket.waiting_for_entity == "Carrier Ltd"
    unlink_external_entity(world.session, world.agent_actor, world.ticket.id, link.id)
    assert not link.is_waited_on and not link.is_enabled
    assert world.ticket.waiting_for is None and world.ticket.waiting_for_entity == ""


def test_a_new_wait_replaces_the_current_one(world: World) -> None:
    start_waiting(world.session, world.agent_actor, world.ticket.id, WaitingFor.CUSTOMER)
    with frozen(T0):
        start_waiting(
            world.session, world.agent_actor, world.ticket.id, WaitingFor.DATE,
            until=T0 + timedelta(days=1),
        )  # fmt: skip
    assert world.ticket.waiting_for is WaitingFor.DATE and world.status().name == "On hold"
    _say(world, "I am back", as_customer=True)
    assert world.ticket.waiting_for is WaitingFor.DATE  # no longer waiting for the customer


def test_the_worker_runs_the_resume_task(runtime: Runtime) -> None:
    with unit_of_work(runtime.factory) as session:
        world = make_world(session)
        with frozen(T0):
            start_waiting(
                session, world.agent_actor, world.ticket.id, WaitingFor.DATE,
                until=T0 + timedelta(minutes=5),
            )  # fmt: skip
        ticket_id = world.ticket.id
    worker = Worker(runtime.factory, handlers={}, periodic=runtime.periodic_tasks())
    with frozen(T0 + timedelta(minutes=6)):
        assert RESUME_WAITS_TASK in worker.tick()
    with unit_of_work(runtime.factory) as session:
        assert session.get_one(Ticket, ticket_id).waiting_for is None


def test_a_status_set_by_hand_ends_the_wait_like_its_condition_would(world: World) -> None:
    """``update_ticket`` to a non-waiting status: the wait's target is cleared and the end is
    recorded; the status asked for stays (no resume move on top of it)."""
    until = T0 + timedelta(days=1)
    with frozen(T0):
        start_waiting(
            world.session, world.agent_actor, world.ticket.id, WaitingFor.DATE, until=until
        )
    in_progress = get_catalog_item_by_name(world.session, "status", "In progress")
    assert in_progress is not None

    with frozen(T0 + timedelta(hours=1)):
        update_ticket(
            world.session, world.agent_actor, world.ticket.id,
            TicketUpdate(status_id=in_progress.id),
        )  # fmt: skip

    assert world.ticket.waiting_for is None and world.ticket.pending_until is None
    assert world.status().name == "In progress" and world.ticket.sla_paused_at is None
    ended = [e for e in world.events() if e.kind is EventKind.WAITING_ENDED]
    assert [(e.old_value, e.description) for e in ended] == [("date", "status changed")]
    with frozen(until + timedelta(seconds=1)):
        assert resume_due_waits(world.session) == 0  # nothing left to resume
