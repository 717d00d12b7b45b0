"""Workflows: a versioned definition per category that sets a request's initial fields and the
status moves it allows (InvGate ``wf.deploy``, ``wf.initialfields.by.category``, a request's
``process_id``).

Decisions:
- Saving a definition adds a version (1, 2, ...); versions are never changed. ``deploy`` makes
  the latest version the one new requests start (InvGate deploys "the last version"); tickets
  already started keep theirs (``workflow_instances``, whose id is the ``process_id``).
- A definition is ``{"initial_fields": [{"field", "value"?, "required"?, "label"?}],
  "transitions": {"<status id>": [status ids]}}``. An initial field with a value fills the
  field when the caller left it out (the caller's value wins); a required one must be given
  by the caller or have a value (``workflow.field_required``). Values are checked as a ticket
  update would check them (types, existing references) when the definition is saved.
- One workflow per category (``workflow.category_taken``). Opening a ticket with no category,
  or in a category without a deployed, enabled workflow, costs one indexed query at most.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from polydesk.authz.tickets import require_admin
from polydesk.automation.gate import allowed_targets
from polydesk.core.actor import SYSTEM, Actor
from polydesk.core.clock import utcnow
from polydesk.core.errors import Conflict, ValidationFailed, not_found
from polydesk.db.names import name_in_use
from polydesk.models.automation import Workflow, WorkflowInstance, WorkflowVersion
from polydesk.models.catalogs import Category, Status
from polydesk.models.tickets import Ticket
from polydesk.tickets.references import check_references
from polydesk.tickets.schemas import TicketCreate, TicketUpdate
from polydesk.tickets.service import CUSTOMER_FIELDS, create_ticket, update_ticket

INITIAL_FIELDS = frozenset(
    {"title", "description", "status_id", "priority_id", "impact_id", "urgency_id", "type_id",
     "source_id", "helpdesk_id", "level", "owner_id", "assigned_group_id", "location_id",
     "tags", "due_at"}
)  # fmt: skip
MAX_LISTED = 1000


class WorkflowCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=191)
    category_id: int | None = None
    definition: dict[str, Any] = Field(default_factory=dict)
    is_enabled: bool = True
    deploy: bool = Field(default=False, description="deploy the saved version at once")


class WorkflowUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str | None = Field(default=None, min_length=1, max_length=191)
    category_id: int | None = None
    definition: dict[str, Any] | None = Field(default=None, description="saved as a new version")
    is_enabled: bool | None = None
    deploy: bool = False


def _bad(message: str) -> ValidationFailed:
    return ValidationFailed("workflow.bad_definition", message)


def validate_definition(session: Session, definition: dict[str, Any]) -> dict[str, Any]:
    if set(definition) - {"initial_fields", "transitions"}:
        raise _bad("a definition has initial_fields and transitions only")
    fields = definition.get("initial_fields", [])
    if not isinstance(fields, list) or len(fields) > len(INITIAL_FIELDS):
        raise _bad("initial_fields is a list")
    values: dict[str, Any] = {}
    for item in fields:
        if not isinstance(item, dict) or item.get("field") not in INITIAL_FIELDS:
            raise _bad(f"an initial field is one of {', '.join(sorted(INITIAL_FIELDS))}")
        if set(item) - {"field", "value", "required", "label"}:
            raise _bad("an initial field has field, value, required and label only")
        if "value" in item:
            values[item["field"]] = item["value"]
    try:
        checked = TicketUpdate(**values).model_dump(exclude_unset=True)
    except ValidationError as exc:
        raise _bad(f"initial field values: {exc.errors()[0]['msg']}") from exc
    check_references(session, checked)
    _check_transitions(session, definition.get("transitions", {}))
    return definition


def _check_transitions(session: Session, transitions: object) -> None:
    if not isinstance(transitions, dict):
        raise _bad("transitions maps a status id to the status ids it may move to")
    for source, targets in transitions.items():
        ids = [source, *targets] if isinstance(targets, list) else None
        if ids is None or not all(str(i).isdigit() for i in ids):
            raise _bad("transitions maps a status id to a list of status ids")
        for status_id in ids:
            if session.get(Status, int(status_id)) is None:
                raise not_found("status", status_id)


def _check_category(session: Session, category_id: int | None, own_id: int | None) -> None:
    if category_id is None:
        return
    if session.get(Category, category_id) is None:
        raise not_found("category", category_id)
    other = session.scalar(select(Workflow.id).where(Workflow.category_id == category_id))
    if other is not None and other != own_id:
        raise Conflict("workflow.category_taken", f"category {category_id} has a workflow")


def _require_free_name(session: Session, name: str, own_id: int | None) -> None:
    if name_in_use(session, Workflow.id, Workflow.name, name, own_id=own_id):
        raise Conflict("workflow.name_taken", f"a workflow named {name!r} exists")


def create_workflow(session: Session, actor: Actor, cmd: WorkflowCreate) -> Workflow:
    require_admin(actor)
    _require_free_name(session, cmd.name, None)
    _check_category(session, cmd.category_id, None)
    workflow = Workflow(name=cmd.name, category_id=cmd.category_id, is_enabled=cmd.is_enabled,
                        definition={}, latest_version=0)  # fmt: skip
    session.add(workflow)
    session.flush()
    _save_version(session, workflow, cmd.definition)
    if cmd.deploy:
        deploy_workflow(session, actor, workflow.id)
    return workflow


def update_workflow(
    session: Session, actor: Actor, workflow_id: int, cmd: WorkflowUpdate
) -> Workflow:
    require_admin(actor)
    workflow = require_workflow(session, workflow_id)
    given = cmd.model_dump(exclude_unset=True)
    if given.get("name") is not None:
        _require_free_name(session, given["name"], workflow.id)
        workflow.name = given["name"]
    if "category_id" in given:
        _check_category(session, given["category_id"], workflow.id)
        workflow.category_id = given["category_id"]
    if given.get("is_enabled") is not None:
        workflow.is_enabled = given["is_enabled"]
    if given.get("definition") is not None:
        _save_version(session, workflow, given["definition"])
    session.flush()
    if cmd.deploy:
        deploy_workflow(session, actor, workflow.id)
    return workflow


def _save_version(session: Session, workflow: Workflow, definition: dict[str, Any]) -> None:
    checked = validate_definition(session, definition)
    workflow.latest_version += 1
    workflow.definition = checked
    session.add(WorkflowVersion(workflow_id=workflow.id, version=workflow.latest_version,
                                definition=checked, created_at=utcnow()))  # fmt: skip
    session.flush()


def deploy_workflow(session: Session, actor: Actor, workflow_id: int) -> Workflow:
    """Make the latest version the one new requests start (InvGate ``wf.deploy``)."""
    require_admin(actor)
    workflow = require_workflow(session, workflow_id)
    version = _version(session, workflow.id, workflow.latest_version)
    if version.deployed_at is None:
        version.deployed_at = utcnow()
    workflow.deployed_version = version.version
    session.flush()
    return workflow


def _version(session: Session, workflow_id: int, number: int) -> WorkflowVersion:
    query = select(WorkflowVersion).where(
        WorkflowVersion.workflow_id == workflow_id, WorkflowVersion.version == number
    )
    return session.scalars(query).one()


def deployed_definition(session: Session, workflow: Workflow) -> dict[str, Any] | None:
    """The definition new requests start with; None while no version is deployed."""
    if workflow.deployed_version is None:
        return None
    return _version(session, workflow.id, workflow.deployed_version).definition


def require_workflow(session: Session, workflow_id: int) -> Workflow:
    workflow = session.get(Workflow, workflow_id)
    if workflow is None:
        raise not_found("workflow", workflow_id)
    return workflow


def get_workflow_by_name(session: Session, name: str) -> Workflow | None:
    return session.scalars(select(Workflow).where(Workflow.name == name)).first()


def get_workflow(session: Session, actor: Actor, workflow_id: int) -> Workflow:
    require_admin(actor)
    return require_workflow(session, workflow_id)


def list_workflows(session: Session, actor: Actor) -> list[Workflow]:
    require_admin(actor)
    return list(session.scalars(select(Workflow).order_by(Workflow.name).limit(MAX_LISTED)))


def list_versions(session: Session, actor: Actor, workflow_id: int) -> list[WorkflowVersion]:
    require_admin(actor)
    require_workflow(session, workflow_id)
    query = select(WorkflowVersion).where(WorkflowVersion.workflow_id == workflow_id)
    return list(session.scalars(query.order_by(WorkflowVersion.version)))


def deployed_for_category(
    session: Session, category_id: int
) -> tuple[Workflow, WorkflowVersion] | None:
    """The enabled workflow of the category and its deployed version (one query)."""
    query = (
        select(Workflow, WorkflowVersion)
        .join(WorkflowVersion, WorkflowVersion.workflow_id == Workflow.id)
        .where(
            Workflow.category_id == category_id,
            Workflow.is_enabled.is_(True),
            WorkflowVersion.version == Workflow.deployed_version,
        )
    )
    row = session.execute(query).first()
    return None if row is None else (row[0], row[1])


def initial_values(command: TicketCreate, version: WorkflowVersion) -> dict[str, Any]:
    """The version's initial values for the fields the command left out;
    ``workflow.field_required`` when a required field has neither."""
    given = command.model_fields_set
    filled: dict[str, Any] = {}
    for item in version.definition.get("initial_fields", []):
        name = item["field"]
        if name in given:
            continue
        if "value" in item:
            filled[name] = item["value"]
        elif item.get("required"):
            raise ValidationFailed(
                "workflow.field_required", f"the category's workflow requires {name}", field=name
            )
    return filled


def create_in_workflow(session: Session, actor: Actor, command: TicketCreate) -> Ticket:
    """``create_ticket``, in the category's workflow when it has a deployed one: its initial
    values fill the fields left out and the ticket becomes an instance of that version. Values
    a customer may not set themselves are set right after, by the system."""
    started = None
    if command.category_id is not None:
        started = deployed_for_category(session, command.category_id)
    if started is None:
        return create_ticket(session, actor, command)
    filled = initial_values(command, started[1])
    later = {k: v for k, v in filled.items() if actor.is_customer and k not in CUSTOMER_FIELDS}
    given = command.model_dump(exclude_unset=True)
    now = {k: v for k, v in filled.items() if k not in later}
    ticket = create_ticket(session, actor, TicketCreate(**{**given, **now}))
    start_instance(session, ticket.id, *started)
    if later:
        update_ticket(session, SYSTEM, ticket.id, TicketUpdate(**later))
    return ticket


def start_instance(
    session: Session, ticket_id: int, workflow: Workflow, version: WorkflowVersion
) -> WorkflowInstance:
    instance = WorkflowInstance(ticket_id=ticket_id, workflow_id=workflow.id,
                                version_id=version.id, created_at=utcnow())  # fmt: skip
    session.add(instance)
    session.flush()
    return instance


def instance_of(session: Session, ticket_id: int) -> WorkflowInstance | None:
    """The workflow instance a ticket started (its id is InvGate's ``process_id``)."""
    query = select(WorkflowInstance).where(WorkflowInstance.ticket_id == ticket_id)
    return session.scalars(query).first()


def allowed_moves(session: Session, ticket_id: int, status_id: int) -> list[int] | None:
    """The statuses the ticket's workflow allows from ``status_id``; None: unrestricted."""
    instance = instance_of(session, ticket_id)
    if instance is None:
        return None
    version = session.get_one(WorkflowVersion, instance.version_id)
    return allowed_targets(version.definition, status_id)


def workflow_of_category(
    session: Session, _actor: Actor, category_id: int
) -> tuple[Workflow, WorkflowVersion]:
    """The category's deployed workflow (InvGate ``wf.initialfields.by.category``). Anyone
    signed in may read it: requesters fill these fields to open a request."""
    found = deployed_for_category(session, category_id)
    if found is None:
        raise not_found("workflow", f"of category {category_id}")
    return found


def process_ids(session: Session, ticket_ids: list[int]) -> dict[int, int]:
    """ticket id -> its workflow instance id (InvGate ``process_id``), for a page of tickets
    in one query; tickets outside any workflow are left out."""
    if not ticket_ids:
        return {}
    query = select(WorkflowInstance.ticket_id, WorkflowInstance.id).where(
        WorkflowInstance.ticket_id.in_(ticket_ids)
    )
    return {ticket_id: instance_id for ticket_id, instance_id in session.execute(query)}
