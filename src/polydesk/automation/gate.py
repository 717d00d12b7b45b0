"""The workflow's transition rule, checked by every status move (``tickets.transition``).

Decisions:
- A ticket follows the workflow version it started with (``workflow_instances``); a move from a
  status the version lists under ``transitions`` must go to one of the listed statuses, else
  ``workflow.transition_not_allowed`` (a validation error every edge maps) and nothing changes.
  A status the version does not list is not restricted.
- The engine itself (the SYSTEM actor: waits that resume, pending auto-close, triggers) is not
  held to it: its moves are the configured consequences of the rules, not a person's choice.
- Cost: no query for the system or a move to the same status; one indexed query otherwise
  (none of it when the ticket has no workflow beyond that query).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from polydesk.core.actor import Actor
from polydesk.core.errors import ValidationFailed
from polydesk.models.automation import WorkflowInstance, WorkflowVersion
from polydesk.models.tickets import Ticket


def allowed_targets(definition: dict[str, object], status_id: int) -> list[int] | None:
    """The statuses a version allows from ``status_id``; None: not restricted."""
    transitions = definition.get("transitions") or {}
    if not isinstance(transitions, dict) or str(status_id) not in transitions:
        return None
    targets = transitions[str(status_id)]
    return [int(t) for t in targets] if isinstance(targets, list) else []


def check_transition(session: Session, actor: Actor, ticket: Ticket, new_status_id: int) -> None:
    if actor.user_id is None or ticket.status_id == new_status_id or ticket.id is None:
        return
    query = (
        select(WorkflowVersion.definition)
        .join(WorkflowInstance, WorkflowInstance.version_id == WorkflowVersion.id)
        .where(WorkflowInstance.ticket_id == ticket.id)
    )
    definition = session.scalar(query)
    if definition is None:
        return
    targets = allowed_targets(definition, ticket.status_id)
    if targets is not None and new_status_id not in targets:
        raise ValidationFailed(
            "workflow.transition_not_allowed",
            f"the ticket's workflow does not allow status {ticket.status_id} -> {new_status_id}",
            allowed=targets,
        )
