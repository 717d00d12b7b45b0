"""Native API request bodies: the core commands, guarded against hostile input (see
``inputs``). Each is a subclass of its command, so a route hands it to the service as is; the
subclass only narrows ids to ``Id`` and refuses ``null`` where a column cannot be empty."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from polydesk.api.v1.inputs import Guarded, Id, refuse_null
from polydesk.comments.schemas import CommentCreate
from polydesk.companies.service import CompanyCreate
from polydesk.groups.service import GroupCreate
from polydesk.helpdesks.service import HelpdeskCreate
from polydesk.tickets.schemas import TicketCreate, TicketUpdate
from polydesk.timetracking.service import TimeEntryCreate
from polydesk.users.schemas import UserCreate, UserUpdate

# Ticket columns that cannot be empty; ``null`` for a list clears it only on update.
_TICKET_NOT_NULL = (
    "description",
    "description_mime_type",
    "level",
    "resolution_note",
    "contact_name",
    "contact_email",
    "contact_phone",
    "is_spam",
    "is_locked",
    "sla_disabled",
)


class _TicketRefs(Guarded):
    status_id: Id | None = None
    priority_id: Id | None = None
    impact_id: Id | None = None
    urgency_id: Id | None = None
    type_id: Id | None = None
    source_id: Id | None = None
    category_id: Id | None = None
    helpdesk_id: Id | None = None
    requester_id: Id | None = None
    owner_id: Id | None = None
    responsible_id: Id | None = None
    assigned_group_id: Id | None = None
    customer_group_id: Id | None = None
    company_id: Id | None = None
    location_id: Id | None = None
    parent_id: Id | None = None
    sla_id: Id | None = None
    close_reason_id: Id | None = None

    _not_null = refuse_null(*_TICKET_NOT_NULL)


class TicketCreateBody(_TicketRefs, TicketCreate):
    """A new ticket (``TicketCreate``)."""

    _create_not_null = refuse_null("tags", "cc", "extra")


class TicketUpdateBody(_TicketRefs, TicketUpdate):
    """Changes to a ticket (``TicketUpdate``): fields left out stay as they are."""

    _update_not_null = refuse_null("title")


class CommentCreateBody(Guarded, CommentCreate):
    """A new comment (``CommentCreate``)."""


class TimeEntryCreateBody(Guarded, TimeEntryCreate):
    """Time spent on a ticket (``TimeEntryCreate``)."""

    comment_id: Id | None = None


class UserCreateBody(Guarded, UserCreate):
    """A new user account (``UserCreate``)."""

    company_id: Id | None = None
    location_id: Id | None = None
    helpdesk_ids: list[Id] = Field(default_factory=list, max_length=100)


class PasswordChangeBody(Guarded):
    """The caller's own new password, with the current one as proof."""

    current_password: str = Field(min_length=1, max_length=1024)
    new_password: str = Field(min_length=1, max_length=1024)


class UserUpdateBody(Guarded, UserUpdate):
    """Changes to a user (``UserUpdate``): fields left out stay as they are."""

    company_id: Id | None = None
    manager_id: Id | None = None

    _not_null = refuse_null(
        "first_name", "last_name", "role", "phone", "mobile", "language", "is_enabled",
        "phone_extension", "ticket_scope",
    )  # fmt: skip


class GroupCreateBody(Guarded, GroupCreate):
    """A new group (``GroupCreate``)."""

    parent_id: Id | None = None


class CompanyCreateBody(Guarded, CompanyCreate):
    """A new company (``CompanyCreate``)."""

    parent_id: Id | None = None
    manager_id: Id | None = None


LevelName = Annotated[str, Field(min_length=1, max_length=150)]


class HelpdeskCreateBody(Guarded, HelpdeskCreate):
    """A new help desk (``HelpdeskCreate``); level names fit their 150-character column."""

    parent_id: Id | None = None
    default_owner_id: Id | None = None
    levels: list[LevelName] = Field(default_factory=lambda: ["Level 1"], max_length=20)
