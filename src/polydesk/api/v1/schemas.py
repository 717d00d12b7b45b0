"""Native API wire models. Write bodies carry the core commands' fields (the native API speaks
the core's own vocabulary); read models are defined here and never leak ORM objects."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")


class Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class PageOut(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = None
    total: int | None = None


class CatalogRef(Out):
    id: int
    name: str


class StatusRef(CatalogRef):
    category: str


class CatalogItemOut(Out):
    id: int
    name: str
    description: str = ""
    position: int = 0
    is_default: bool = False
    is_enabled: bool = True
    category: str | None = None
    parent_id: int | None = None
    pending_action: str | None = None  # statuses: none, remind, auto_close
    pending_target_status_id: int | None = None


class TicketOut(Out):
    id: int
    number: str
    title: str
    description: str
    description_mime_type: str
    status: StatusRef
    priority: CatalogRef
    impact_id: int | None
    urgency_id: int | None
    type_id: int | None
    source_id: int | None
    category_id: int | None
    helpdesk_id: int | None
    level: int
    requester_id: int | None
    creator_id: int | None
    owner_id: int | None
    responsible_id: int | None
    assigned_group_id: int | None
    company_id: int | None
    location_id: int | None
    parent_id: int | None
    close_reason_id: int | None
    resolution_note: str
    contact_name: str
    contact_email: str
    contact_phone: str
    due_at: datetime | None
    occurred_at: datetime | None
    pending_until: datetime | None
    waiting_for: str | None
    sla_id: int | None
    sla_disabled: bool
    first_response_due_at: datetime | None
    update_due_at: datetime | None = Field(description="next update due (Znuny UpdateTime)")
    resolution_due_at: datetime | None
    sla_breached: bool
    sla_paused_at: datetime | None = Field(description="the SLA clock stopped then (waiting)")
    sla_paused_seconds: int = Field(description="working seconds the SLA clock was stopped")
    is_locked: bool
    unlock_reset_at: datetime | None = Field(
        description="the unlock clock last restarted: creation, an open/pending move, a lock "
        "(Znuny UnlockTimeout)"
    )
    is_spam: bool
    sentiment_initial: str | None
    sentiment_current: str | None
    rating: int | None
    reopen_count: int
    customer_group_id: int | None
    tags: list[str]
    cc: list[str]
    extra: dict[str, Any]
    version: int = Field(description="row version; also the ETag, for If-Match on PATCH")
    created_at: datetime
    updated_at: datetime
    first_response_at: datetime | None
    solved_at: datetime | None
    closed_at: datetime | None

    @classmethod
    def of(cls, ticket: Any) -> TicketOut:
        data = {
            name: getattr(ticket, name) for name in cls.model_fields if name not in ("tags", "cc")
        }
        data["tags"] = [tag.tag for tag in ticket.tags]
        data["cc"] = [cc.email for cc in ticket.cc]
        return cls.model_validate(data)


class CommentOut(Out):
    id: int
    ticket_id: int
    author_id: int | None
    is_public: bool
    is_solution: bool
    is_propagation: bool
    solution_state: str | None
    channel: str
    sender_type: str
    subject: str
    body: str
    mime_type: str
    from_address: str
    to_addresses: str
    cc_addresses: str
    message_id: str
    in_reply_to: str
    auto_response_type: str
    created_at: datetime


class AttachmentOut(Out):
    id: int
    ticket_id: int | None
    comment_id: int | None
    filename: str
    content_type: str
    size: int
    declared_size: int | None  # the size the client stated (Integria attach_file), if any
    sha256: str
    description: str
    uploaded_by_id: int | None
    created_at: datetime


class HistoryOut(Out):
    id: int
    ticket_id: int
    actor_id: int | None
    kind: str
    field: str
    old_value: str | None
    new_value: str | None
    related_id: int | None
    description: str
    created_at: datetime


class TimeEntryOut(Out):
    id: int
    ticket_id: int | None
    user_id: int | None
    duration_seconds: int
    started_at: datetime
    is_billable: bool
    is_public: bool
    category: str
    description: str
    created_at: datetime


class UserOut(Out):
    id: int
    login: str
    email: str | None
    first_name: str
    last_name: str
    role: str
    is_enabled: bool
    is_external: bool
    language: str
    phone: str
    phone_extension: str
    mobile: str
    company_id: int | None
    location_id: int | None
    ticket_scope: str
    chat_enabled: bool
    portal_id: int | None
    contract_ids: list[int]
    chat_queue_ids: list[int]
    is_power_user: bool
    profile_id: int | None
    must_change_password: bool
    comments: str
    # the directory details (InvGate's user object, users.schemas.UserProfile)
    manager_id: int | None
    fax: str
    position: str
    department: str
    employee_number: str
    address: str
    office_phone: str
    other_phone: str
    other_email: str
    birthday: str
    national_id: str
    city: str
    country: str
    deleted_at: datetime | None
    created_at: datetime


class GroupOut(Out):
    id: int
    name: str
    description: str
    email: str
    parent_id: int | None


class CompanyOut(Out):
    id: int
    name: str
    code: str | None
    description: str
    address: str
    country: str
    state: str
    phone: str
    email: str
    website: str
    fiscal_id: str
    manager_id: int | None
    parent_id: int | None
    portal_id: int | None
    role_id: int | None


class HelpdeskOut(Out):
    id: int
    name: str
    description: str
    email: str
    parent_id: int | None
    assignment_engine: str
    is_enabled: bool
    source_ids: list[int]


def page_of(page: Any, out: type[Out]) -> dict[str, Any]:
    return {
        "items": [out.model_validate(item) for item in page.items],
        "next_cursor": page.next_cursor,
        "total": page.total,
    }
