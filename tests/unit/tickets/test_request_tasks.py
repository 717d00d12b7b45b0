"""Tasks on a ticket: creation and assignment, status changes with their rules, listing,
permissions and the history they leave."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pydantic import ValidationError
from sqlalchemy import func, select

from polydesk.core.actor import Role
from polydesk.core.clock import frozen
from polydesk.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from polydesk.models.history import EventKind
from polydesk.models.request_tasks import TicketTask
from polydesk.tickets.deletion import delete_ticket
from polydesk.tickets.request_tasks import (
    MAX_TASKS_PER_TICKET,
    TaskCreate,
    TaskStatus,
    create_task,
    list_tasks,
    set_task_status,
)
from tests.factories import actor, make_helpdesk, make_ticket, make_user
from tests.unit.tickets.world import T0, World


def _task(world: World, name: str = "Check the cable", **fields: object) -> TicketTask:
    data = TaskCreate.model_validate({"name": name, **fields})
    return create_task(world.session, world.agent_actor, world.ticket.id, data)


def _count(world: World) -> int:
    return int(world.session.scalar(select(func.count()).select_from(TicketTask)) or 0)


def test_tasks_are_created_in_order_and_listed_by_position(world: World) -> None:
    due = T0 + timedelta(days=2)
    with frozen(T0):
        first = _task(world, "Check the cable", description="Floor 2", due_at=due)
        second = _task(world, "Replace the router", assignee_id=world.agent.id, is_required=True)

    tasks = list_tasks(world.session, world.customer_actor, world.ticket.id)

    assert [task.id for task in tasks] == [first.id, second.id]
    assert [task.position for task in tasks] == [1, 2]
    assert (first.status, first.description, first.due_at) == (TaskStatus.OPEN, "Floor 2", due)
    assert first.created_at == first.updated_at == T0 and first.completed_at is None
    assert first.created_by_id == world.agent.id
    # Without an assignee the task goes to the ticket's help desk; with one, to the agent.
    assert (first.assignee_id, first.helpdesk_id) == (None, world.desk.id)
    assert (second.assignee_id, second.helpdesk_id, second.is_required) == (
        world.agent.id,
        None,
        True,
    )


def test_open_tasks_are_done_skipped_or_removed(world: World) -> None:
    done, skipped, removed = _task(world), _task(world), _task(world)
    with frozen(T0):
        set_task_status(world.session, world.agent_actor, done.id, TaskStatus.DONE)
    set_task_status(world.session, world.agent_actor, skipped.id, TaskStatus.SKIPPED)
    set_task_status(world.session, world.agent_actor, removed.id, TaskStatus.REMOVED)

    assert (done.status, done.completed_at, done.updated_at) == (TaskStatus.DONE, T0, T0)
    assert (skipped.status, skipped.completed_at) == (TaskStatus.SKIPPED, None)
    assert (removed.status, removed.completed_at) == (TaskStatus.REMOVED, None)


def test_finished_tasks_can_only_be_removed(world: World) -> None:
    done, skipped = _task(world), _task(world)
    with frozen(T0):
        set_task_status(world.session, world.agent_actor, done.id, TaskStatus.DONE)
    set_task_status(world.session, world.agent_actor, skipped.id, TaskStatus.SKIPPED)
    for task, target in ((done, TaskStatus.OPEN), (skipped, TaskStatus.DONE)):
        with pytest.raises(Conflict) as refused:
            set_task_status(world.session, world.agent_actor, task.id, target)
        assert refused.value.code == "task.not_open"
    set_task_status(world.session, world.agent_actor, done.id, TaskStatus.REMOVED)
    assert (done.status, done.completed_at) == (TaskStatus.REMOVED, T0)  # when it was done


def test_required_tasks_cannot_be_skipped_and_removed_tasks_are_final(world: World) -> None:
    required, other = _task(world, is_required=True), _task(world)
    with pytest.raises(ValidationFailed) as skipped:
        set_task_status(world.session, world.agent_actor, required.id, TaskStatus.SKIPPED)
    assert skipped.value.code == "task.required" and required.status is TaskStatus.OPEN

    set_task_status(world.session, world.agent_actor, other.id, TaskStatus.REMOVED)
    with pytest.raises(Conflict) as final:
        set_task_status(world.session, world.agent_actor, other.id, TaskStatus.OPEN)
    assert final.value.code == "task.removed"
    with pytest.raises(Conflict) as same:
        set_task_status(world.session, world.agent_actor, required.id, TaskStatus.OPEN)
    assert same.value.code == "task.unchanged"
    listed = list_tasks(world.session, world.agent_actor, world.ticket.id)
    assert [task.status for task in listed] == [TaskStatus.OPEN, TaskStatus.REMOVED]


def test_history_records_creation_and_status_changes(world: World) -> None:
    task = _task(world, "Call the vendor")
    set_task_status(world.session, world.agent_actor, task.id, TaskStatus.DONE)

    events = [e for e in world.events() if e.field in ("task", "task_status")]

    assert [(e.kind, e.field, e.old_value, e.new_value) for e in events] == [
        (EventKind.UPDATED, "task", None, "Call the vendor"),
        (EventKind.UPDATED, "task_status", "open", "done"),
    ]
    assert {e.related_id for e in events} == {task.id}
    assert {e.actor_id for e in events} == {world.agent.id}


def test_only_agents_who_may_change_the_ticket_manage_tasks(world: World) -> None:
    data = TaskCreate(name="Reboot")
    outsider = actor(
        world.session, make_user(world.session, helpdesks=[make_helpdesk(world.session)])
    )
    with pytest.raises(PermissionDenied):
        create_task(world.session, world.customer_actor, world.ticket.id, data)
    with pytest.raises(NotFound):  # the outsider cannot read the ticket
        create_task(world.session, outsider, world.ticket.id, data)
    task = _task(world)
    with pytest.raises(PermissionDenied):
        set_task_status(world.session, world.customer_actor, task.id, TaskStatus.DONE)
    with pytest.raises(NotFound) as hidden:
        set_task_status(world.session, outsider, task.id, TaskStatus.DONE)
    assert hidden.value.code == "task.not_found"
    with pytest.raises(NotFound):
        list_tasks(world.session, outsider, world.ticket.id)
    assert task.status is TaskStatus.OPEN and _count(world) == 1


def test_bad_assignments_and_links_are_refused_and_add_nothing(world: World) -> None:
    customer = make_user(world.session, Role.CUSTOMER)
    no_desk = make_ticket(world.session, title="No desk")
    admin = actor(world.session, make_user(world.session, Role.ADMIN))
    cases: list[tuple[dict[str, object], str]] = [
        ({"assignee_id": 999_999}, "user.not_found"),
        ({"assignee_id": customer.id}, "task.assignee_not_agent"),
        ({"helpdesk_id": 999_999}, "helpdesk.not_found"),
        ({"linked_ticket_id": 999_999}, "ticket.not_found"),
        ({"linked_ticket_id": world.ticket.id}, "task.linked_to_itself"),
    ]
    for fields, code in cases:
        with pytest.raises((NotFound, ValidationFailed)) as refused:
            _task(world, **fields)
        assert refused.value.code == code
    with pytest.raises(ValidationFailed) as unassigned:
        create_task(world.session, admin, no_desk.id, TaskCreate(name="x"))
    assert unassigned.value.code == "task.unassigned"
    assert _count(world) == 0
    with pytest.raises(NotFound):
        set_task_status(world.session, world.agent_actor, 999_999, TaskStatus.DONE)


def test_a_task_may_link_another_readable_ticket(world: World) -> None:
    other = world.new_ticket(title="Order a router")
    task = _task(world, linked_ticket_id=other.id, workflow_stage="stage-7")
    assert (task.linked_ticket_id, task.workflow_stage) == (other.id, "stage-7")


def test_task_input_is_validated() -> None:
    with pytest.raises(ValidationError):
        TaskCreate(name="")
    with pytest.raises(ValidationError):
        TaskCreate.model_validate({"name": "x", "owner": 1})


def test_a_ticket_holds_a_bounded_number_of_tasks(world: World) -> None:
    for index in range(MAX_TASKS_PER_TICKET):
        world.session.add(
            TicketTask(
                ticket_id=world.ticket.id, position=index, name=f"t{index}", created_at=T0,
                updated_at=T0,
            )
        )  # fmt: skip
    world.session.flush()
    with pytest.raises(ValidationFailed) as full:
        _task(world)
    assert full.value.code == "task.too_many" and _count(world) == MAX_TASKS_PER_TICKET


def test_deleting_a_ticket_deletes_its_tasks_and_unlinks_tasks_pointing_at_it(
    world: World,
) -> None:
    other = world.new_ticket(title="Order a router")
    pointing = _task(world, linked_ticket_id=other.id)
    world.session.add(TicketTask(ticket_id=other.id, name="own task", created_at=T0, updated_at=T0))
    world.session.flush()

    delete_ticket(world.session, world.agent_actor, other.id)
    world.session.expire_all()

    assert world.session.get(TicketTask, pointing.id) is not None
    assert world.session.get_one(TicketTask, pointing.id).linked_ticket_id is None
    assert _count(world) == 1
