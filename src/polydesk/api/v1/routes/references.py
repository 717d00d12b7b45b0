"""Ids of things tickets refer to that products address by id (agents): shared views (InvGate
``incidents.by.view``) and external entities (InvGate ``incident.external_entity``). They are
created and changed as configuration (``saved_views:``, ``external_entities:``). Data export
reports of a view (InvGate ``data.export``) are created here, by an agent who reads the view,
and time tracking categories (InvGate ``timetracking.attributes.category``), by admins."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from polydesk.api.v1.deps import CurrentActor, DbSession
from polydesk.api.v1.inputs import PathId
from polydesk.api.v1.schemas import Out
from polydesk.authz.tickets import require_agent
from polydesk.tickets.export import create_export
from polydesk.tickets.links import list_external_entities
from polydesk.tickets.views import shared_views
from polydesk.timetracking.categories import (
    TimeCategoryCreate,
    create_time_category,
    list_time_categories,
)

router = APIRouter(tags=["configuration"])


class ViewOut(Out):
    id: int
    name: str
    columns: list[str]


class ExternalEntityOut(Out):
    id: int
    name: str
    is_enabled: bool


class DataExportBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=191)


class DataExportOut(Out):
    uuid: str
    name: str
    view_id: int
    created_at: datetime


class TimeCategoryOut(Out):
    id: int
    name: str
    parent_id: int | None
    cost_per_hour: float | None


@router.get("/views", response_model=list[ViewOut])
def list_views(session: DbSession, actor: CurrentActor) -> list[ViewOut]:
    """The shared views, by name."""
    require_agent(actor)
    return [ViewOut.model_validate(view) for view in shared_views(session)]


@router.get("/external-entities", response_model=list[ExternalEntityOut])
def list_entities(session: DbSession, actor: CurrentActor) -> list[ExternalEntityOut]:
    """Every external entity, enabled or not, by name."""
    require_agent(actor)
    return [ExternalEntityOut.model_validate(row) for row in list_external_entities(session)]


@router.post("/views/{view_id}/data-exports", status_code=201, response_model=DataExportOut)
def create_data_export(
    session: DbSession, actor: CurrentActor, view_id: PathId, body: DataExportBody
) -> DataExportOut:
    """A data export report of the view: its UUID is what InvGate's ``data.export`` takes."""
    export = create_export(session, actor, view_id=view_id, name=body.name)
    return DataExportOut.model_validate(export)


@router.get("/time-categories", response_model=list[TimeCategoryOut])
def list_time_category_rows(session: DbSession, actor: CurrentActor) -> list[TimeCategoryOut]:
    """Time tracking categories by id (agents)."""
    return [TimeCategoryOut.model_validate(row) for row in list_time_categories(session, actor)]


@router.post("/time-categories", status_code=201, response_model=TimeCategoryOut)
def create_time_category_row(
    session: DbSession, actor: CurrentActor, body: TimeCategoryCreate
) -> TimeCategoryOut:
    """A time tracking category (admins): InvGate ``timetracking.attributes.category``."""
    return TimeCategoryOut.model_validate(create_time_category(session, actor, body))
