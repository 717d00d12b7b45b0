"""Tickets: create, read, update, list/search. Writes go through the core's use cases
(``flows.open_ticket`` / ``change_ticket``), as every edge's do."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Response

from polydesk.api.v1.bodies import TicketCreateBody, TicketUpdateBody
from polydesk.api.v1.deps import CurrentActor, DbSession, UseCaseResources
from polydesk.api.v1.etags import entity_tag, versions_matching
from polydesk.api.v1.inputs import IdList, PathId, QueryText, TextList
from polydesk.api.v1.paging import Paging
from polydesk.api.v1.schemas import PageOut, TicketOut
from polydesk.core.errors import ValidationFailed
from polydesk.flows.changing import change_ticket
from polydesk.flows.commands import ChangeTicket, OpenTicket
from polydesk.flows.opening import open_ticket
from polydesk.tickets import service
from polydesk.tickets.schemas import SortField, TicketFilter

router = APIRouter(prefix="/tickets", tags=["tickets"])


def _filters(
    q: Annotated[QueryText, Query(description="full-text query")] = None,
    status_id: IdList = None,
    status_category: TextList = None,
    priority_id: IdList = None,
    type_id: IdList = None,
    category_id: IdList = None,
    helpdesk_id: IdList = None,
    owner_id: IdList = None,
    requester_id: IdList = None,
    company_id: IdList = None,
    tag: TextList = None,
    number: QueryText = None,
    created_after: datetime | None = None,
    created_before: datetime | None = None,
    updated_after: datetime | None = None,
    updated_before: datetime | None = None,
    sort: SortField = SortField.ID,
    order: Annotated[str, Query(pattern="^(asc|desc)$")] = "asc",
) -> TicketFilter:
    values: dict[str, Any] = {
        "query": q,
        "status_ids": status_id,
        "status_categories": status_category,
        "priority_ids": priority_id,
        "type_ids": type_id,
        "category_ids": category_id,
        "helpdesk_ids": helpdesk_id,
        "owner_ids": owner_id,
        "requester_ids": requester_id,
        "company_ids": company_id,
        "tags": tag,
        "number": number,
        "created_after": created_after,
        "created_before": created_before,
        "updated_after": updated_after,
        "updated_before": updated_before,
        "sort": sort,
        "descending": order == "desc",
    }
    try:
        return TicketFilter.model_validate(values)
    except ValueError as exc:
        raise ValidationFailed("validation.invalid_filter", str(exc)) from exc


Filters = Annotated[TicketFilter, Depends(_filters)]


@router.get("", response_model=PageOut[TicketOut])
def list_tickets(
    session: DbSession, actor: CurrentActor, page: Paging, filters: Filters
) -> dict[str, Any]:
    result = service.list_tickets(session, actor, filters, page)
    items = [TicketOut.of(ticket) for ticket in result.items]
    return {"items": items, "next_cursor": result.next_cursor, "total": result.total}


@router.post("", status_code=201, response_model=TicketOut)
def create_ticket(
    session: DbSession, actor: CurrentActor, resources: UseCaseResources, body: TicketCreateBody
) -> TicketOut:
    opened = open_ticket(session, actor, resources, OpenTicket(ticket=body))
    return TicketOut.of(opened.ticket)


@router.get("/{ticket_id}", response_model=TicketOut)
def get_ticket(
    session: DbSession, actor: CurrentActor, ticket_id: PathId, response: Response
) -> TicketOut:
    ticket = service.require_ticket(session, actor, ticket_id)
    response.headers["ETag"] = entity_tag(ticket.version)
    return TicketOut.of(ticket)


@router.patch(
    "/{ticket_id}",
    response_model=TicketOut,
    responses={412: {"description": "If-Match names a version the ticket no longer has"}},
)
def update_ticket(
    session: DbSession,
    actor: CurrentActor,
    resources: UseCaseResources,
    ticket_id: PathId,
    body: TicketUpdateBody,
    response: Response,
    if_match: Annotated[
        str | None,
        Header(description='ETag of the copy being changed (`"3"`); a stale one gets 412'),
    ] = None,
) -> TicketOut:
    expected = versions_matching(if_match)
    command = ChangeTicket(
        fields=[body], expected_versions=None if expected is None else sorted(expected)
    )
    ticket = change_ticket(session, actor, resources, ticket_id, command).ticket
    response.headers["ETag"] = entity_tag(ticket.version)
    return TicketOut.of(ticket)
