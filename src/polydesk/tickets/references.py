"""Check that every id a ticket command names exists (and that owners are agents)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from polydesk.core.actor import Role
from polydesk.core.errors import ValidationFailed, not_found
from polydesk.models.catalogs import (
    Category,
    CloseReason,
    Impact,
    Priority,
    Source,
    Status,
    TicketType,
    Urgency,
)
from polydesk.models.companies import Company, Location
from polydesk.models.groups import Group
from polydesk.models.helpdesks import Helpdesk, Sla
from polydesk.models.tickets import Ticket
from polydesk.models.users import User

REFERENCES: dict[str, tuple[str, type[Any]]] = {
    "status_id": ("status", Status),
    "priority_id": ("priority", Priority),
    "impact_id": ("impact", Impact),
    "urgency_id": ("urgency", Urgency),
    "type_id": ("type", TicketType),
    "source_id": ("source", Source),
    "category_id": ("category", Category),
    "helpdesk_id": ("helpdesk", Helpdesk),
    "requester_id": ("user", User),
    "owner_id": ("user", User),
    "responsible_id": ("user", User),
    "assigned_group_id": ("group", Group),
    "company_id": ("company", Company),
    "location_id": ("location", Location),
    "parent_id": ("ticket", Ticket),
    "sla_id": ("sla", Sla),
    "close_reason_id": ("close_reason", CloseReason),
}
AGENT_FIELDS = ("owner_id", "responsible_id")
REQUIRED = ("status_id", "priority_id")
MAX_ID = 2**31 - 1  # ids are INTEGER columns, 32-bit on PostgreSQL


def check_references(session: Session, values: dict[str, Any]) -> None:
    for field, value in values.items():
        if field not in REFERENCES:
            continue
        if value is None:
            if field in REQUIRED:
                raise ValidationFailed("validation.required", f"{field} cannot be empty")
            continue
        entity, model = REFERENCES[field]
        # Not a lookup for what no id column can hold (bools, 2^31 and past): not found.
        row = session.get(model, value) if _possible_id(value) else None
        if row is None:
            raise not_found(entity, value)
        if field in AGENT_FIELDS and row.role is Role.CUSTOMER:
            raise ValidationFailed("ticket.owner_not_agent", f"user {value} is not an agent")


def _possible_id(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID
