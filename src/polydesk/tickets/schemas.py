"""Commands and filters for tickets (core schema family)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from polydesk.core.validation import AwareDatetime
from polydesk.models.catalogs import StatusCategory
from polydesk.models.tickets import Sentiment

Tag = Annotated[str, Field(min_length=1, max_length=100)]
Email = Annotated[str, Field(min_length=3, max_length=254, pattern=r"^[^@\s]+@[^@\s]+$")]


class TicketFields(BaseModel):
    """Fields settable on create and update. ``None`` clears an optional reference."""

    model_config = ConfigDict(extra="forbid")

    description: str | None = Field(default=None, max_length=1_000_000)
    description_mime_type: str | None = Field(default=None, max_length=64)
    status_id: int | None = None
    priority_id: int | None = None
    impact_id: int | None = None
    urgency_id: int | None = None
    type_id: int | None = None
    source_id: int | None = None
    category_id: int | None = None
    helpdesk_id: int | None = None
    level: int | None = Field(default=None, ge=1, le=20)
    requester_id: int | None = None
    owner_id: int | None = None
    responsible_id: int | None = None
    assigned_group_id: int | None = None
    company_id: int | None = None
    location_id: int | None = None
    parent_id: int | None = None
    sla_id: int | None = None
    close_reason_id: int | None = None
    resolution_note: str | None = Field(default=None, max_length=100_000)
    due_at: AwareDatetime | None = None
    occurred_at: AwareDatetime | None = None
    pending_until: AwareDatetime | None = None
    contact_name: str | None = Field(default=None, max_length=200)
    contact_email: str | None = Field(default=None, max_length=254)
    contact_phone: str | None = Field(default=None, max_length=50)
    is_spam: bool | None = None
    is_locked: bool | None = None
    sla_disabled: bool | None = None
    sentiment_current: Sentiment | None = None
    rating: int | None = Field(default=None, ge=0, le=10)
    tags: list[Tag] | None = Field(default=None, max_length=100)
    cc: list[Email] | None = Field(default=None, max_length=100)
    # Update merges: the keys given are set, a key given as None is removed, others stay.
    extra: dict[str, Any] | None = None


class TicketCreate(TicketFields):
    title: str = Field(min_length=1, max_length=500)


class TicketUpdate(TicketFields):
    title: str | None = Field(default=None, min_length=1, max_length=500)


class SortField(StrEnum):
    ID = "id"
    CREATED_AT = "created_at"
    UPDATED_AT = "updated_at"
    DUE_AT = "due_at"
    CLOSED_AT = "closed_at"
    NUMBER = "number"
    TITLE = "title"
    PRIORITY = "priority_id"
    STATUS = "status_id"


class TicketFilter(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ids: list[int] | None = None
    number: str | None = None
    status_ids: list[int] | None = None
    status_categories: list[StatusCategory] | None = None
    priority_ids: list[int] | None = None
    type_ids: list[int] | None = None
    source_ids: list[int] | None = None
    category_ids: list[int] | None = None
    helpdesk_ids: list[int] | None = None
    owner_ids: list[int] | None = None
    requester_ids: list[int] | None = None
    creator_ids: list[int] | None = None
    company_ids: list[int] | None = None
    parent_id: int | None = None
    inventory_ids: list[int] | None = None  # linked to any of these inventory items
    tags: list[str] | None = None
    is_spam: bool | None = None
    created_after: AwareDatetime | None = None
    created_before: AwareDatetime | None = None
    updated_after: AwareDatetime | None = None
    updated_before: AwareDatetime | None = None
    query: str | None = Field(default=None, max_length=500)
    sort: SortField = SortField.ID
    descending: bool = False
