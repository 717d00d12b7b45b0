"""Leads (CRM): created through Integria's ``create_lead`` or here, read back here with every
stored field. Agents and admins only (customers 403). Lists are paged (``limit`` capped by
the server, ``offset``, ``total``) in id order; every filter is index-backed (``crm.leads``)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import field_validator

from polydesk.api.v1.deps import CurrentActor, DbSession
from polydesk.api.v1.inputs import CleanText, Guarded, PathId, QueryId
from polydesk.api.v1.paging import Paging
from polydesk.api.v1.schemas import Out, PageOut, page_of
from polydesk.crm.leads import LeadFilter, list_leads, require_lead
from polydesk.crm.service import LeadCreate, create_lead

router = APIRouter(tags=["leads"])
Progress = Annotated[int | None, Query(ge=0, le=1000)]
Text = Annotated[str | None, Query(min_length=1, max_length=254), CleanText]
NamePrefix = Annotated[
    str | None, Query(min_length=1, max_length=191, description="start of the name, any case"),
    CleanText,
]  # fmt: skip


class LeadOut(Out):
    id: int
    full_name: str
    email: str
    phone: str
    mobile: str
    position: str
    company_name: str
    company_id: int | None
    owner_id: int | None
    country: str
    language: str
    description: str
    progress: int
    estimated_sale: float
    estimated_close_on: date | None
    tags: list[str]
    category_id: int | None  # the source system's number (Integria id_category)
    campaign_id: int | None  # the source system's number (Integria id_campaign)
    created_at: datetime
    updated_at: datetime

    @field_validator("tags", mode="before")
    @classmethod
    def _split_tags(cls, value: Any) -> Any:
        # stored as one comma-separated column (crm.service: a tag never holds a comma)
        return [tag for tag in value.split(",") if tag] if isinstance(value, str) else value


class LeadCreateBody(Guarded, LeadCreate):
    """A new lead (``crm.service.LeadCreate``)."""


@router.get("/leads", response_model=PageOut[LeadOut])
def get_leads(
    session: DbSession,
    actor: CurrentActor,
    page: Paging,
    company_id: QueryId = None,
    owner_id: QueryId = None,
    email: Text = None,
    progress: Progress = None,
    category_id: QueryId = None,
    campaign_id: QueryId = None,
    name: NamePrefix = None,
) -> dict[str, Any]:
    filters = LeadFilter(
        company_id=company_id,
        owner_id=owner_id,
        email=email,
        progress=progress,
        category_id=category_id,
        campaign_id=campaign_id,
        name=name,
    )
    return page_of(list_leads(session, actor, filters, page), LeadOut)


@router.get("/leads/{lead_id}", response_model=LeadOut)
def get_lead(session: DbSession, actor: CurrentActor, lead_id: PathId) -> LeadOut:
    return LeadOut.model_validate(require_lead(session, actor, lead_id))


@router.post("/leads", status_code=201, response_model=LeadOut)
def add_lead(session: DbSession, actor: CurrentActor, body: LeadCreateBody) -> LeadOut:
    """Agents and admins; a second lead with the same e-mail is allowed (leads repeat)."""
    return LeadOut.model_validate(create_lead(session, actor, body))
