"""Tasks on a ticket (InvGate request tasks): small pieces of work, each assigned to an agent
or to a help desk, done, skipped or removed one by one.

Rules: only agents who may change the ticket create tasks and change their status; anyone who
can read the ticket can list them (oldest position first). A task is assigned to an agent
(enabled, not a customer) and/or a help desk; with neither it goes to the ticket's help desk,
and a ticket without one needs an explicit assignment. Status follows InvGate's machine: an
open task becomes done, skipped or removed; a done or skipped task can still be removed; a
removed task is final (it stays listed, for the record). A required task cannot be skipped.
``completed_at`` is when a task was done. A ticket holds at most ``MAX_TASKS_PER_TICKET``
tasks, so listing them is bounded.

History: the core has no task event kinds, so tasks are recorded as ``UPDATED`` events about
the ticket with ``field`` ``task`` (created; ``new`` = the task's name) or ``task_status``
(``old`` / ``new`` = the status words), ``related_id`` = the task id.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from polydesk.authz.tickets import require_agent
from polydesk.core.actor import Actor, Role
from polydesk.core.clock import utcnow
from polydesk.core.errors import Conflict, NotFound, ValidationFailed, not_found
from polydesk.core.validation import AwareDatetime
from polydesk.events.catalogue import TaskAdded, TaskStatusChanged
from polydesk.events.service import emit
from polydesk.history.service import record_event
from polydesk.models.helpdesks import Helpdesk
from polydesk.models.history import EventKind
from polydesk.models.request_tasks import TaskStatus, TicketTask
from polydesk.models.tickets import Ticket
from polydesk.models.users import User
from polydesk.tickets.access import require_changeable, require_ticket

MAX_TASKS_PER_TICKET = 200


class TaskCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=100_000)
    assignee_id: int | None = None
    helpdesk_id: int | None = None
    is_required: bool = False
    due_at: AwareDatetime | None = None
    workflow_stage: str = Field(default="", max_length=64)
    linked_ticket_id: int | None = None


def create_task(session: Session, actor: Actor, ticket_id: int, data: TaskCreate) -> TicketTask:
    require_agent(actor)
    ticket = require_changeable(session, actor, ticket_id)
    count = _task_count(session, ticket.id)
    if count >= MAX_TASKS_PER_TICKET:
        raise ValidationFailed(
            "task.too_many", f"a ticket holds at most {MAX_TASKS_PER_TICKET} tasks"
        )
    _check_assignee(session, data.assignee_id)
    helpdesk_id = _assigned_helpdesk(session, ticket, data)
    _check_linked_ticket(session, actor, ticket, data.linked_ticket_id)
    now = utcnow()
    task = TicketTask(
        ticket_id=ticket.id,
        position=count + 1,
        status=TaskStatus.OPEN,
        **data.model_dump(exclude={"helpdesk_id"}),
        helpdesk_id=helpdesk_id,
        created_by_id=actor.user_id,
        created_at=now,
        updated_at=now,
    )
    session.add(task)
    session.flush()
    record_event(
        session,
        actor,
        ticket_id=ticket.id,
        kind=EventKind.UPDATED,
        field="task",
        new=task.name,
        related_id=task.id,
        description="task added",
    )
    emit(session, actor, TaskAdded(ticket_id=ticket.id, task_id=task.id, name=task.name))
    return task


def set_task_status(session: Session, actor: Actor, task_id: int, status: TaskStatus) -> TicketTask:
    require_agent(actor)
    task = session.get(TicketTask, task_id)
    try:
        if task is not None:
            require_changeable(session, actor, task.ticket_id)
    except NotFound:
        task = None  # a task on a ticket the actor cannot read does not exist for it
    if task is None:
        raise not_found("task", task_id)
    old = task.status
    _check_transition(task, status)
    now = utcnow()
    task.status = status
    if status is TaskStatus.DONE:
        task.completed_at = now
    task.updated_at = now
    record_event(
        session,
        actor,
        ticket_id=task.ticket_id,
        kind=EventKind.UPDATED,
        field="task_status",
        old=old.value,
        new=status.value,
        related_id=task.id,
    )
    moved = TaskStatusChanged(
        ticket_id=task.ticket_id, task_id=task.id, old_status=old.value, new_status=status.value
    )
    emit(session, actor, moved)
    session.flush()
    return task


def list_tasks(session: Session, actor: Actor, ticket_id: int) -> list[TicketTask]:
    """The ticket's tasks by position (at most ``MAX_TASKS_PER_TICKET``)."""
    ticket = require_ticket(session, actor, ticket_id)
    query = select(TicketTask).where(TicketTask.ticket_id == ticket.id)
    ordered = query.order_by(TicketTask.position, TicketTask.id).limit(MAX_TASKS_PER_TICKET)
    return list(session.scalars(ordered))


def _task_count(session: Session, ticket_id: int) -> int:
    query = select(func.count()).where(TicketTask.ticket_id == ticket_id)
    return int(session.scalar(query) or 0)


def _check_assignee(session: Session, user_id: int | None) -> None:
    if user_id is None:
        return
    user = session.get(User, user_id)
    if user is None or not user.is_enabled:
        raise not_found("user", user_id)
    if user.role is Role.CUSTOMER:
        raise ValidationFailed("task.assignee_not_agent", f"user {user_id} is not an agent")


def _assigned_helpdesk(session: Session, ticket: Ticket, data: TaskCreate) -> int | None:
    if data.helpdesk_id is not None:
        if session.get(Helpdesk, data.helpdesk_id) is None:
            raise not_found("helpdesk", data.helpdesk_id)
        return data.helpdesk_id
    if data.assignee_id is None and ticket.helpdesk_id is None:
        raise ValidationFailed(
            "task.unassigned", "assign the task to an agent or a help desk (the ticket has none)"
        )
    return ticket.helpdesk_id if data.assignee_id is None else None


def _check_linked_ticket(
    session: Session, actor: Actor, ticket: Ticket, linked_id: int | None
) -> None:
    if linked_id is None:
        return
    if linked_id == ticket.id:
        raise ValidationFailed("task.linked_to_itself", "a task cannot link its own ticket")
    require_ticket(session, actor, linked_id)


def _check_transition(task: TicketTask, status: TaskStatus) -> None:
    if task.status is TaskStatus.REMOVED:
        raise Conflict("task.removed", f"task {task.id} was removed")
    if task.status is status:
        raise Conflict("task.unchanged", f"task {task.id} is already {status.value}")
    if task.status is not TaskStatus.OPEN and status is not TaskStatus.REMOVED:
        raise Conflict(
            "task.not_open", f"task {task.id} is {task.status.value}; only removing it is left"
        )
    if status is TaskStatus.SKIPPED and task.is_required:
        raise ValidationFailed("task.required", f"task {task.id} is required and cannot be skipped")


__all__ = [
    "MAX_TASKS_PER_TICKET",
    "TaskCreate",
    "TaskStatus",
    "create_task",
    "list_tasks",
    "set_task_status",
]
