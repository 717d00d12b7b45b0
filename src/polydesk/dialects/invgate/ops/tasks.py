"""``incident.tasks``: the tasks of a request (``tickets.request_tasks.list_tasks``), a JSON
array in position order, dates as epoch integers (the seed's notes; the operation takes no
``date_format``).

Codes: ``status`` 0 OPEN, 1 FINISHED, 2 DELETED, 3 SKIPPED (core open / done / removed /
skipped); ``assignment_type`` 1 USER when the task has an agent, else 2 HELPDESK.
Decisions: ``is_predefined`` is true for tasks a workflow stage created, whose stage is
``wf_stage_id`` (``null`` for the others); tasks are created in the core (this part of the API
has no endpoint that creates them); removed tasks are listed with status 2, as InvGate keeps
them."""

from __future__ import annotations

from typing import Any

from polydesk.dialects.invgate.context import Context
from polydesk.dialects.invgate.params import DateFormat, Params
from polydesk.dialects.invgate.render import date_value
from polydesk.models.request_tasks import TaskStatus, TicketTask
from polydesk.tickets.request_tasks import list_tasks

STATUS_CODES = {
    TaskStatus.OPEN: 0,
    TaskStatus.DONE: 1,
    TaskStatus.REMOVED: 2,
    TaskStatus.SKIPPED: 3,
}
ASSIGNED_TO_USER, ASSIGNED_TO_HELPDESK = 1, 2


def list_request_tasks(ctx: Context, params: Params) -> list[dict[str, Any]]:
    ticket_id = params.required_integer("request_id")
    return [_task_row(task) for task in list_tasks(ctx.session, ctx.actor, ticket_id)]


def _task_row(task: TicketTask) -> dict[str, Any]:
    epoch = DateFormat.EPOCH
    return {
        "task_id": task.id,
        "name": task.name,
        "description": task.description,
        "status": STATUS_CODES[task.status],
        "is_required": task.is_required,
        "is_predefined": bool(task.workflow_stage),
        "wf_stage_id": task.workflow_stage or None,
        "assignment_type": ASSIGNED_TO_USER if task.assignee_id else ASSIGNED_TO_HELPDESK,
        "agent_id": task.assignee_id,
        "helpdesk_id": task.helpdesk_id,
        "linked_request_id": task.linked_ticket_id,
        "created_at": date_value(task.created_at, epoch),
        "expiration_date": date_value(task.due_at, epoch),
        "completed_at": date_value(task.completed_at, epoch),
    }
