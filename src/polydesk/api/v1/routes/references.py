"""Ids of things tickets refer to that products address by id (agents): shared views (InvGate
``incidents.by.view``) and external entities (InvGate ``incident.external_entity``). They are
created and changed as configuration (``saved_views:``, ``external_entities:``)."""

from __future__ import annotations

from fastapi import APIRouter

from polydesk.api.v1.deps import CurrentActor, DbSession
from polydesk.api.v1.schemas import Out
from polydesk.authz.tickets import require_agent
from polydesk.tickets.links import list_external_entities
from polydesk.tickets.views import shared_views

router = APIRouter(tags=["configuration"])


class ViewOut(Out):
    id: int
    name: str
    columns: list[str]


class ExternalEntityOut(Out):
    id: int
    name: str
    is_enabled: bool


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
