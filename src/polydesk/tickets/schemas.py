"""Commands and filters for tickets (core schema family)."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from polydesk.core.validation import AwareDatetime
from polydesk.models.catalogs import StatusCategory
from polydesk.models.tickets import Sentiment
from polydesk.tickets.criteria import Pattern, TicketCriteria, Window

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
    customer_group_id: int | None = None
    company_id: int | None = None
    location_id: int | None = None
    parent_id: int | None = None
    sla_id: int | None = None
    close_reason_id: int | None = None
    resolution_note: str | None = Field(default=None, max_length=100_000)
    due_at: AwareDatetime | None = None
    occurred_at: AwareDatetime | None = None
    pending_until: AwareDatetime | None = None
    # An import's own dates (tickets.imported_dates): replace the core's open / close stamps.
    opened_at: AwareDatetime | None = None
    closed_at: AwareDatetime | None = None
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
    """The native ticket list's filter: a typed front of ``TicketCriteria`` (``criteria()``
    translates it), plus the list's own sort, which pages by keyset."""

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
    owned: bool | None = None  # False: no owner
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
    # Overdue: the earliest SLA due time is at or before this moment (Znuny's escalated).
    overdue_at: AwareDatetime | None = None
    query: str | None = Field(default=None, max_length=500)
    sort: SortField = SortField.ID
    descending: bool = False

    def criteria(self) -> TicketCriteria:
        """The same conditions as criteria. ``number`` is an exact (index-backed) match;
        ``*_before`` ends are exclusive, so they become the inclusive end one microsecond
        earlier (the resolution of every stored time); ``tags`` and ``query`` filter nothing
        when empty."""
        values: dict[str, Any] = self.model_dump(
            include={"ids", "status_ids", "status_categories", "priority_ids", "type_ids",
                     "source_ids", "category_ids", "helpdesk_ids", "owner_ids", "requester_ids",
                     "creator_ids", "company_ids", "inventory_ids"},
            exclude_none=True,
        )  # fmt: skip
        if self.number is not None:
            values["numbers"] = [Pattern.equal(self.number, exact=True)]
        if self.parent_id is not None:
            values["parent_ids"] = [self.parent_id]
        values.update(tags=self.tags or None, spam=self.is_spam, fulltext=self.query or None)
        values.update(owned=self.owned)
        if self.overdue_at is not None:
            values["escalation"] = Window(before=self.overdue_at)
        try:
            values["created"] = _window(self.created_after, self.created_before)
            values["updated"] = _window(self.updated_after, self.updated_before)
        except OverflowError:  # before the first representable moment: nothing is
            values["ids"] = []
        return TicketCriteria(**values)


_TICK = timedelta(microseconds=1)


def _window(after: datetime | None, before: datetime | None) -> Window | None:
    if after is None and before is None:
        return None
    return Window(after=after, before=None if before is None else before - _TICK)
