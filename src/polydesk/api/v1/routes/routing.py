"""Routing rules by id (admins): where a ticket opened without a help desk goes
(``routing.rules``). The site file's ``routing_rules:`` section does the same by name. Each
route is one service call; the service checks the caller is an admin."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response
from pydantic import ConfigDict

from polydesk.api.v1.deps import CurrentActor, DbSession
from polydesk.api.v1.inputs import Guarded, Id, PathId, refuse_null
from polydesk.api.v1.schemas import Out
from polydesk.routing import rules

router = APIRouter(tags=["routing"])

_EXAMPLE: dict[str, Any] = {"name": "Hardware", "position": 10, "helpdesk_id": 2, "level": 1}


def _error(code: str, message: str) -> dict[str, Any]:
    body = {"error": {"code": code, "message": message, "details": {}}}
    return {"description": message, "content": {"application/json": {"example": body}}}


ERRORS: dict[int | str, dict[str, Any]] = {
    403: _error("permission_denied", "administrator rights required"),
    404: _error("routing_rule.not_found", "routing_rule 42 not found"),
    409: _error("routing_rule.name_taken", "routing rule 'Hardware' already exists"),
    422: _error("helpdesk.level_not_found", "help desk 2 has no level 3"),
}


class RoutingRuleOut(Out):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                _EXAMPLE
                | {"id": 3, "category_id": 5, "type_id": None, "source_id": None}
                | {"company_id": None, "is_enabled": True}
            ]
        },
    )

    id: int
    name: str
    position: int
    helpdesk_id: int
    level: int
    category_id: int | None
    type_id: int | None
    source_id: int | None
    company_id: int | None
    is_enabled: bool


class RoutingRuleCreateBody(Guarded, rules.RoutingRuleCreate):
    """A new rule: criteria left out match anything; no criterion at all is the default desk."""

    model_config = ConfigDict(json_schema_extra={"examples": [_EXAMPLE | {"category_id": 5}]})

    helpdesk_id: Id
    category_id: Id | None = None
    type_id: Id | None = None
    source_id: Id | None = None
    company_id: Id | None = None


class RoutingRuleUpdateBody(Guarded, rules.RoutingRuleUpdate):
    """Changes to a rule; a criterion given as ``null`` matches anything again."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"position": 20}, {"category_id": None}]}
    )

    helpdesk_id: Id | None = None
    category_id: Id | None = None
    type_id: Id | None = None
    source_id: Id | None = None
    company_id: Id | None = None

    _not_null = refuse_null("name", "position", "helpdesk_id", "level", "is_enabled")


@router.get("/routing-rules", response_model=list[RoutingRuleOut], responses=ERRORS)
def list_routing_rules(session: DbSession, actor: CurrentActor) -> list[RoutingRuleOut]:
    """Every rule, enabled or not, in the order they are tried (position, then name)."""
    return [RoutingRuleOut.model_validate(r) for r in rules.read_routing_rules(session, actor)]


@router.post("/routing-rules", status_code=201, response_model=RoutingRuleOut, responses=ERRORS)
def create_routing_rule(
    session: DbSession, actor: CurrentActor, body: RoutingRuleCreateBody
) -> RoutingRuleOut:
    """Names are unique ignoring case (409); every reference must exist (404)."""
    return RoutingRuleOut.model_validate(rules.create_routing_rule(session, actor, body))


@router.get("/routing-rules/{rule_id}", response_model=RoutingRuleOut, responses=ERRORS)
def get_routing_rule(session: DbSession, actor: CurrentActor, rule_id: PathId) -> RoutingRuleOut:
    return RoutingRuleOut.model_validate(rules.read_routing_rule(session, actor, rule_id))


@router.patch("/routing-rules/{rule_id}", response_model=RoutingRuleOut, responses=ERRORS)
def update_routing_rule(
    session: DbSession, actor: CurrentActor, rule_id: PathId, body: RoutingRuleUpdateBody
) -> RoutingRuleOut:
    return RoutingRuleOut.model_validate(rules.update_routing_rule(session, actor, rule_id, body))


@router.delete("/routing-rules/{rule_id}", status_code=204, responses=ERRORS)
def delete_routing_rule(session: DbSession, actor: CurrentActor, rule_id: PathId) -> Response:
    rules.delete_routing_rule(session, actor, rule_id)
    return Response(status_code=204)
