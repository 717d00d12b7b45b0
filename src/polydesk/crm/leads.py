"""Reading leads (created by ``crm.service.create_lead``: Integria's ``create_lead``, the
native ``POST /leads``): one lead, and a filtered list paged with the core's hard cap.

Decisions:
- Agents and admins read leads, customers never (the same rule as writing them).
- Every filter is one an index serves (migration 0027): company, owner, progress, category
  and campaign as given; the e-mail address whole, ignoring case; the name as a prefix,
  ignoring case (a range on ``lower(full_name)``, never a ``LIKE '%...%'`` scan).
- Lists are in id order (oldest first), so pages never repeat or skip a lead.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from polydesk.authz.tickets import require_agent
from polydesk.core.actor import Actor
from polydesk.core.errors import not_found
from polydesk.core.pagination import Page, PageRequest
from polydesk.db.filters import prefix_range
from polydesk.db.listing import paged
from polydesk.models.crm import Lead


@dataclass(frozen=True)
class _Prefix:
    """Both bounds of ``db.filters.prefix_range`` at one prefix: the values starting with it."""

    start: str
    end: str


class LeadFilter(BaseModel):
    """What a lead list may be narrowed by; each given filter must match."""

    model_config = ConfigDict(extra="forbid")

    company_id: int | None = Field(default=None, ge=1, le=2**31 - 1)
    owner_id: int | None = Field(default=None, ge=1, le=2**31 - 1)
    email: str | None = Field(default=None, min_length=1, max_length=254)
    progress: int | None = Field(default=None, ge=0, le=1000)
    category_id: int | None = Field(default=None, ge=1, le=2**31 - 1)
    campaign_id: int | None = Field(default=None, ge=1, le=2**31 - 1)
    #: the start of the lead's name, any case
    name: str | None = Field(default=None, min_length=1, max_length=191)


def require_lead(session: Session, actor: Actor, lead_id: int) -> Lead:
    require_agent(actor)
    lead = session.get(Lead, lead_id)
    if lead is None:
        raise not_found("lead", lead_id)
    return lead


def list_leads(
    session: Session, actor: Actor, filters: LeadFilter, page: PageRequest
) -> Page[Lead]:
    require_agent(actor)
    return paged(session, _filtered(filters), page, Lead.id)


def _filtered(filters: LeadFilter) -> Select[Lead]:
    query = select(Lead)
    exact = {
        Lead.company_id: filters.company_id,
        Lead.owner_id: filters.owner_id,
        Lead.progress: filters.progress,
        Lead.category_id: filters.category_id,
        Lead.campaign_id: filters.campaign_id,
    }
    for column, value in exact.items():
        if value is not None:
            query = query.where(column == value)
    if filters.email is not None:
        query = query.where(func.lower(Lead.email) == filters.email.strip().lower())
    if filters.name is not None:
        prefix = filters.name.strip() or filters.name
        query = query.where(*prefix_range(Lead.full_name, _Prefix(prefix, prefix)))
    return query
