"""Znuny GenericInterface web services (admins only): list, read, create or replace, delete."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Response
from pydantic import ConfigDict

from polydesk.api.v1.deps import CurrentActor, DbSession
from polydesk.api.v1.inputs import Guarded, NameInPath
from polydesk.api.v1.schemas import Out
from polydesk.authz.tickets import require_admin
from polydesk.core.errors import not_found
from polydesk.webservices import service as webservices

router = APIRouter(tags=["webservices"])


class WebServiceOut(Out):
    id: int
    name: NameInPath
    is_valid: bool
    config: dict[str, Any]
    created_at: datetime
    updated_at: datetime


class WebServicePut(Guarded):
    """The whole service: ``config`` replaces the stored one (see polydesk.webservices.config)."""

    model_config = ConfigDict(extra="forbid")

    is_valid: bool = True
    config: dict[str, Any]


@router.get("/webservices", response_model=list[WebServiceOut])
def list_webservices(session: DbSession, actor: CurrentActor) -> list[WebServiceOut]:
    require_admin(actor)
    return [WebServiceOut.model_validate(ws) for ws in webservices.list_webservices(session)]


@router.get("/webservices/{name}", response_model=WebServiceOut)
def get_webservice(session: DbSession, actor: CurrentActor, name: NameInPath) -> WebServiceOut:
    require_admin(actor)
    found = webservices.get_webservice(session, name=name)
    if found is None:
        raise not_found("webservice", name)
    return WebServiceOut.model_validate(found)


@router.put("/webservices/{name}", response_model=WebServiceOut)
def put_webservice(
    session: DbSession, actor: CurrentActor, name: NameInPath, body: WebServicePut
) -> WebServiceOut:
    saved = webservices.save_webservice(
        session, actor, name=name, config=body.config, is_valid=body.is_valid
    )
    return WebServiceOut.model_validate(saved)


@router.delete("/webservices/{name}", status_code=204)
def delete_webservice(session: DbSession, actor: CurrentActor, name: NameInPath) -> Response:
    if not webservices.delete_webservice(session, actor, name):
        raise not_found("webservice", name)
    return Response(status_code=204)
