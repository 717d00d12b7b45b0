"""Triggers and workflows: ``triggers``, ``triggers.executions`` (the last hour), ``wf.deploy``
and ``wf.initialfields.by.category``, through ``automation.triggers`` and
``automation.workflows``. Triggers and deploying are admin data (others get 403); a category's
initial fields are open to anyone signed in (requesters fill them).

Decisions where the seed is silent:
- ``triggers`` with an unknown ``trigger_id`` answers ``[]`` (the seed: the trigger "if it
  exists"). Executions are every logged run (failed ones too), oldest first, at most 1000.
- ``wf.deploy``'s ``description`` is a text ("Workflow 3 deployed (version 2)"), though the
  seed types it INTEGER next to its own description "Confirmation message".
- ``workflow_initial_fields`` lists the deployed version's initial fields, each
  ``{"field", "required", "value"}`` (``value`` null when the field has no default).
  A category without a deployed workflow is refused (``workflow.not_found``).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from polydesk.automation.triggers import list_triggers as core_triggers
from polydesk.automation.triggers import recent_executions
from polydesk.automation.workflows import deploy_workflow as core_deploy
from polydesk.automation.workflows import workflow_of_category
from polydesk.core.clock import utcnow
from polydesk.dialects.invgate.context import Context
from polydesk.dialects.invgate.params import DateFormat, Params
from polydesk.dialects.invgate.render import date_value

LAST_HOUR = timedelta(hours=1)


def list_triggers(ctx: Context, params: Params) -> list[dict[str, Any]]:
    wanted = params.integer("trigger_id")
    found = core_triggers(ctx.session, ctx.actor, trigger_id=wanted)
    return [{"id": trigger.id, "trigger_name": trigger.name} for trigger in found]


def list_trigger_executions(ctx: Context, params: Params) -> list[dict[str, Any]]:
    wanted = params.integer("trigger_id")
    since = utcnow() - LAST_HOUR
    found = recent_executions(ctx.session, ctx.actor, since=since, trigger_id=wanted)
    return [
        {
            "id": run.id,
            "executed_at": date_value(run.started_at, DateFormat.EPOCH),
            "request_id": run.ticket_id,
            "trigger_id": run.trigger_id,
        }
        for run in found
    ]


def deploy_workflow(ctx: Context, params: Params) -> dict[str, Any]:
    workflow = core_deploy(ctx.session, ctx.actor, params.required_integer("workflow_id"))
    return {
        "status": "OK",
        "workflow_id": workflow.id,
        "description": f"Workflow {workflow.id} deployed (version {workflow.deployed_version})",
    }


def get_workflow_initial_fields(ctx: Context, params: Params) -> dict[str, Any]:
    category_id = params.required_integer("category_id")
    workflow, version = workflow_of_category(ctx.session, ctx.actor, category_id)
    fields = [
        {"field": item["field"], "required": bool(item.get("required")), "value": item.get("value")}
        for item in version.definition.get("initial_fields", [])
    ]
    return {
        "category_id": category_id,
        "associated_workflow_id": workflow.id,
        "associated_workflow_name": workflow.name,
        "workflow_initial_fields": fields,
    }
