"""Automation admin (admins): triggers, their execution log, webhooks and their deliveries,
workflows with their versions and deployment. Each route is one call of
``polydesk.automation``; the site file's ``triggers``, ``webhooks`` and ``workflows`` sections
write the same things by name (docs/automation.md)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Query, Response
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError

from polydesk.api.v1.deps import CurrentActor, DbSession
from polydesk.api.v1.inputs import PathId, QueryId
from polydesk.api.v1.schemas import Out
from polydesk.automation import triggers, webhooks, workflows
from polydesk.core.errors import ValidationFailed

router = APIRouter()
C = TypeVar("C", bound=BaseModel)


def _command(cls: type[C], body: BaseModel, *, partial: bool = False) -> C:
    """The service's command from the wire body; its limits (lengths, ranges) answer 422."""
    try:
        return cls(**body.model_dump(exclude_unset=partial))
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise ValidationFailed("validation.invalid_request", f"{where}: {first['msg']}") from exc


def _error(code: str, message: str) -> dict[str, Any]:
    body = {"error": {"code": code, "message": message, "details": {}}}
    return {"description": message, "content": {"application/json": {"example": body}}}


ERRORS: dict[int | str, dict[str, Any]] = {
    403: _error("permission_denied", "administrator rights required"),
    404: _error("trigger.not_found", "trigger 42 not found"),
    409: _error("trigger.name_taken", "a trigger named 'Escalate' exists"),
    422: _error("trigger.bad_condition", "condition 1: unknown field 'colour'"),
}


def _body(*examples: dict[str, Any]) -> ConfigDict:
    return ConfigDict(extra="forbid", json_schema_extra={"examples": list(examples)})


_TRIGGER = {
    "name": "Remind waiting customers", "event": "time", "position": 10, "is_enabled": True,
    "conditions": [
        {"field": "status", "op": "is", "value": 9},
        {"field": "updated_at", "op": "older_than", "value": "3d"},
    ],
    "actions": [{"type": "mail", "to": "requester", "subject": "Ticket {{number}}",
                 "body": "We are waiting for your answer."}],
}  # fmt: skip


class TriggerBody(BaseModel):
    model_config = _body(_TRIGGER)

    name: str
    event: str = Field(description="a domain event kind (ticket.opened ...) or time")
    conditions: list[Any] = Field(default_factory=list)
    actions: list[Any]
    position: int = 0
    is_enabled: bool = True


class TriggerPatch(BaseModel):
    model_config = _body({"is_enabled": False}, {"position": 5})

    name: str | None = None
    event: str | None = None
    conditions: list[Any] | None = None
    actions: list[Any] | None = None
    position: int | None = None
    is_enabled: bool | None = None


class TriggerOut(Out):
    id: int
    name: str
    event: str
    conditions: list[Any]
    actions: list[Any]
    position: int
    is_enabled: bool


class ExecutionOut(Out):
    id: int
    trigger_id: int
    ticket_id: int
    event: str
    event_id: int | None
    period: str | None
    started_at: datetime
    finished_at: datetime | None
    outcome: str
    error: str
    actions_done: list[str]


class WebhookBody(BaseModel):
    model_config = _body(
        {"name": "Ops chat", "url": "https://hooks.example.com/polydesk",
         "secret": "a-long-random-secret", "is_enabled": True}
    )  # fmt: skip

    name: str
    url: str
    secret: str
    is_enabled: bool = True


class WebhookPatch(BaseModel):
    model_config = _body({"url": "https://hooks.example.com/v2"}, {"is_enabled": False})

    name: str | None = None
    url: str | None = None
    secret: str | None = None
    is_enabled: bool | None = None


class WebhookOut(Out):
    """The secret is write-only."""

    id: int
    name: str
    url: str
    is_enabled: bool
    has_secret: bool = True


class DeliveryOut(Out):
    id: int
    uuid: str
    execution_id: int | None
    status: str
    attempts: int
    next_attempt_at: datetime
    last_error: str
    response_status: int | None
    created_at: datetime
    sent_at: datetime | None


_DEFINITION = {
    "initial_fields": [
        {"field": "priority_id", "value": 4, "label": "Priority"},
        {"field": "description", "required": True, "label": "What do you need?"},
    ],
    "transitions": {"1": [3, 20], "3": [16]},
}


class WorkflowBody(BaseModel):
    model_config = _body(
        {"name": "New hire", "category_id": 2, "definition": _DEFINITION, "deploy": True}
    )

    name: str
    category_id: int | None = None
    definition: dict[str, Any] = Field(default_factory=dict)
    is_enabled: bool = True
    deploy: bool = False


class WorkflowPatch(BaseModel):
    model_config = _body({"definition": _DEFINITION, "deploy": True})

    name: str | None = None
    category_id: int | None = None
    definition: dict[str, Any] | None = None
    is_enabled: bool | None = None
    deploy: bool = False


class WorkflowOut(Out):
    id: int
    name: str
    category_id: int | None
    definition: dict[str, Any]
    is_enabled: bool
    latest_version: int
    deployed_version: int | None


class VersionOut(Out):
    id: int
    version: int
    definition: dict[str, Any]
    created_at: datetime
    deployed_at: datetime | None


class InitialFieldsOut(BaseModel):
    workflow_id: int
    workflow_name: str
    version: int
    category_id: int
    initial_fields: list[dict[str, Any]]


# --- triggers -------------------------------------------------------------------------------


@router.get("/triggers", response_model=list[TriggerOut], tags=["automation"],
            summary="List triggers", responses=ERRORS)  # fmt: skip
def list_triggers(session: DbSession, actor: CurrentActor) -> list[TriggerOut]:
    """Every trigger, in the order they run (admins)."""
    return [TriggerOut.model_validate(t) for t in triggers.list_triggers(session, actor)]


@router.post("/triggers", response_model=TriggerOut, status_code=201, tags=["automation"],
             summary="Create a trigger", responses=ERRORS)  # fmt: skip
def create_trigger(session: DbSession, actor: CurrentActor, body: TriggerBody) -> TriggerOut:
    """Conditions and actions are checked when saved (docs/automation.md)."""
    command = _command(triggers.TriggerCreate, body)
    return TriggerOut.model_validate(triggers.create_trigger(session, actor, command))


@router.get("/triggers/executions", response_model=list[ExecutionOut], tags=["automation"],
            summary="The trigger execution log", responses=ERRORS)  # fmt: skip
def list_executions(
    session: DbSession,
    actor: CurrentActor,
    trigger_id: QueryId = None,
    since: Annotated[AwareDatetime | None, Query()] = None,
) -> list[ExecutionOut]:
    """Runs since ``since`` (default: the last hour), newest first (admins)."""
    rows = webhooks.list_executions(session, actor, trigger_id=trigger_id, since=since)
    return [ExecutionOut.model_validate(row) for row in rows]


@router.get("/triggers/{trigger_id}", response_model=TriggerOut, tags=["automation"],
            summary="Get a trigger", responses=ERRORS)  # fmt: skip
def get_trigger(session: DbSession, actor: CurrentActor, trigger_id: PathId) -> TriggerOut:
    """One trigger (admins)."""
    return TriggerOut.model_validate(triggers.get_trigger(session, actor, trigger_id))


@router.patch("/triggers/{trigger_id}", response_model=TriggerOut, tags=["automation"],
              summary="Change a trigger", responses=ERRORS)  # fmt: skip
def update_trigger(
    session: DbSession, actor: CurrentActor, trigger_id: PathId, body: TriggerPatch
) -> TriggerOut:
    """Only the fields given change; conditions and actions are checked again."""
    command = _command(triggers.TriggerUpdate, body, partial=True)
    return TriggerOut.model_validate(triggers.update_trigger(session, actor, trigger_id, command))


@router.delete("/triggers/{trigger_id}", status_code=204, tags=["automation"],
               summary="Delete a trigger", responses=ERRORS)  # fmt: skip
def delete_trigger(session: DbSession, actor: CurrentActor, trigger_id: PathId) -> Response:
    """Deletes the trigger and its execution log (admins)."""
    triggers.delete_trigger(session, actor, trigger_id)
    return Response(status_code=204)


# --- webhooks -------------------------------------------------------------------------------


@router.get("/webhooks", response_model=list[WebhookOut], tags=["automation"],
            summary="List webhooks", responses=ERRORS)  # fmt: skip
def list_webhooks(session: DbSession, actor: CurrentActor) -> list[WebhookOut]:
    """Every webhook endpoint, by name (admins); secrets are never shown."""
    return [WebhookOut.model_validate(w) for w in webhooks.list_webhooks(session, actor)]


@router.post("/webhooks", response_model=WebhookOut, status_code=201, tags=["automation"],
             summary="Create a webhook", responses=ERRORS)  # fmt: skip
def create_webhook(session: DbSession, actor: CurrentActor, body: WebhookBody) -> WebhookOut:
    """An http(s) endpoint and the secret (16+ characters) that signs its deliveries."""
    command = _command(webhooks.WebhookCreate, body)
    return WebhookOut.model_validate(webhooks.create_webhook(session, actor, command))


@router.get("/webhooks/{webhook_id}", response_model=WebhookOut, tags=["automation"],
            summary="Get a webhook", responses=ERRORS)  # fmt: skip
def get_webhook(session: DbSession, actor: CurrentActor, webhook_id: PathId) -> WebhookOut:
    """One webhook endpoint (admins)."""
    return WebhookOut.model_validate(webhooks.get_webhook(session, actor, webhook_id))


@router.patch("/webhooks/{webhook_id}", response_model=WebhookOut, tags=["automation"],
              summary="Change a webhook", responses=ERRORS)  # fmt: skip
def update_webhook(
    session: DbSession, actor: CurrentActor, webhook_id: PathId, body: WebhookPatch
) -> WebhookOut:
    """Only the fields given change (admins)."""
    command = _command(webhooks.WebhookUpdate, body, partial=True)
    return WebhookOut.model_validate(webhooks.update_webhook(session, actor, webhook_id, command))


@router.delete("/webhooks/{webhook_id}", status_code=204, tags=["automation"],
               summary="Delete a webhook", responses=ERRORS)  # fmt: skip
def delete_webhook(session: DbSession, actor: CurrentActor, webhook_id: PathId) -> Response:
    """409 ``webhook.in_use`` while a trigger calls it (disable it instead)."""
    webhooks.delete_webhook(session, actor, webhook_id)
    return Response(status_code=204)


@router.get("/webhooks/{webhook_id}/deliveries", response_model=list[DeliveryOut],
            tags=["automation"], summary="A webhook's deliveries", responses=ERRORS)  # fmt: skip
def list_deliveries(
    session: DbSession, actor: CurrentActor, webhook_id: PathId
) -> list[DeliveryOut]:
    """Newest first: status, attempts, the next attempt and the last error (admins)."""
    rows = webhooks.list_deliveries(session, actor, webhook_id)
    return [DeliveryOut.model_validate(row) for row in rows]


# --- workflows ------------------------------------------------------------------------------


@router.get("/workflows", response_model=list[WorkflowOut], tags=["automation"],
            summary="List workflows", responses=ERRORS)  # fmt: skip
def list_workflows(session: DbSession, actor: CurrentActor) -> list[WorkflowOut]:
    """Every workflow with its latest and deployed version numbers (admins)."""
    return [WorkflowOut.model_validate(w) for w in workflows.list_workflows(session, actor)]


@router.post("/workflows", response_model=WorkflowOut, status_code=201, tags=["automation"],
             summary="Create a workflow", responses=ERRORS)  # fmt: skip
def create_workflow(session: DbSession, actor: CurrentActor, body: WorkflowBody) -> WorkflowOut:
    """Saves version 1 of the definition; ``deploy`` deploys it at once."""
    command = _command(workflows.WorkflowCreate, body)
    return WorkflowOut.model_validate(workflows.create_workflow(session, actor, command))


@router.get("/workflows/by-category/{category_id}", response_model=InitialFieldsOut,
            tags=["automation"], summary="A category's workflow and its initial fields",
            responses=ERRORS)  # fmt: skip
def workflow_of_category(
    session: DbSession, actor: CurrentActor, category_id: PathId
) -> InitialFieldsOut:
    """The deployed version's initial fields: what to send to open a request in the category
    (anyone signed in)."""
    workflow, version = workflows.workflow_of_category(session, actor, category_id)
    return InitialFieldsOut(
        workflow_id=workflow.id, workflow_name=workflow.name, version=version.version,
        category_id=category_id, initial_fields=version.definition.get("initial_fields", []),
    )  # fmt: skip


@router.get("/workflows/{workflow_id}", response_model=WorkflowOut, tags=["automation"],
            summary="Get a workflow", responses=ERRORS)  # fmt: skip
def get_workflow(session: DbSession, actor: CurrentActor, workflow_id: PathId) -> WorkflowOut:
    """One workflow (admins)."""
    return WorkflowOut.model_validate(workflows.get_workflow(session, actor, workflow_id))


@router.patch("/workflows/{workflow_id}", response_model=WorkflowOut, tags=["automation"],
              summary="Change a workflow", responses=ERRORS)  # fmt: skip
def update_workflow(
    session: DbSession, actor: CurrentActor, workflow_id: PathId, body: WorkflowPatch
) -> WorkflowOut:
    """A new ``definition`` is saved as a new version; tickets keep the one they started."""
    command = _command(workflows.WorkflowUpdate, body, partial=True)
    updated = workflows.update_workflow(session, actor, workflow_id, command)
    return WorkflowOut.model_validate(updated)


@router.post("/workflows/{workflow_id}/deploy", response_model=WorkflowOut, tags=["automation"],
             summary="Deploy a workflow's latest version", responses=ERRORS)  # fmt: skip
def deploy_workflow(session: DbSession, actor: CurrentActor, workflow_id: PathId) -> WorkflowOut:
    """New requests in the category start the latest version (InvGate ``wf.deploy``)."""
    return WorkflowOut.model_validate(workflows.deploy_workflow(session, actor, workflow_id))


@router.get("/workflows/{workflow_id}/versions", response_model=list[VersionOut],
            tags=["automation"], summary="A workflow's versions", responses=ERRORS)  # fmt: skip
def list_versions(session: DbSession, actor: CurrentActor, workflow_id: PathId) -> list[VersionOut]:
    """Every saved version, oldest first (admins)."""
    rows = workflows.list_versions(session, actor, workflow_id)
    return [VersionOut.model_validate(row) for row in rows]
