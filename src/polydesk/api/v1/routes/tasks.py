"""A ticket's tasks (InvGate request tasks): list, add, and move one through its states."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter
from pydantic import ConfigDict, Field

from polydesk.api.v1.deps import CurrentActor, DbSession
from polydesk.api.v1.inputs import Guarded, Id, PathId
from polydesk.api.v1.schemas import Out
from polydesk.models.request_tasks import TaskStatus
from polydesk.tickets import request_tasks as tasks

router = APIRouter(tags=["tickets"])


class TaskCreateBody(Guarded, tasks.TaskCreate):
    """A new task: assigned to an agent and/or a help desk (neither: the ticket's help desk)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"name": "Order the laptop", "assignee_id": 2, "is_required": True}]
        },
    )

    assignee_id: Id | None = None
    helpdesk_id: Id | None = None
    linked_ticket_id: Id | None = None


class TaskStatusBody(Guarded):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"status": "done"}]})

    status: TaskStatus = Field(
        description="open -> done | skipped | removed; done/skipped -> removed"
    )


class TaskOut(Out):
    id: int
    ticket_id: int
    position: int
    name: str
    description: str
    status: TaskStatus
    assignee_id: int | None
    helpdesk_id: int | None
    is_required: bool
    workflow_stage: str
    linked_ticket_id: int | None
    due_at: datetime | None
    completed_at: datetime | None
    created_by_id: int | None
    created_at: datetime
    updated_at: datetime


@router.get("/tickets/{ticket_id}/tasks", response_model=list[TaskOut])
def list_tasks(session: DbSession, actor: CurrentActor, ticket_id: PathId) -> list[TaskOut]:
    """Every task of the ticket, in order (a ticket holds at most 200)."""
    return [TaskOut.model_validate(task) for task in tasks.list_tasks(session, actor, ticket_id)]


@router.post("/tickets/{ticket_id}/tasks", status_code=201, response_model=TaskOut)
def add_task(
    session: DbSession, actor: CurrentActor, ticket_id: PathId, body: TaskCreateBody
) -> TaskOut:
    """Add a task (agents who may change the ticket)."""
    return TaskOut.model_validate(tasks.create_task(session, actor, ticket_id, body))


@router.put("/tasks/{task_id}/status", response_model=TaskOut)
def set_task_status(
    session: DbSession, actor: CurrentActor, task_id: PathId, body: TaskStatusBody
) -> TaskOut:
    """Mark a task done, skipped (not a required one) or removed."""
    return TaskOut.model_validate(tasks.set_task_status(session, actor, task_id, body.status))
