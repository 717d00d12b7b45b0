"""Check that every id a ticket command names exists (and that owners are agents).

A disabled catalog item (status, priority, impact, urgency, type, source, category, close
reason) is refused for new uses: a new ticket, or a change to it (``catalog.disabled``). A
ticket that already has it keeps it, and its other fields can still change."""

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
    "customer_group_id": ("group", Group),
    "company_id": ("company", Company),
    "location_id": ("location", Location),
    "parent_id": ("ticket", Ticket),
    "sla_id": ("sla", Sla),
    "close_reason_id": ("close_reason", CloseReason),
}
AGENT_FIELDS = ("owner_id", "responsible_id")
REQUIRED = ("status_id", "priority_id")
MAX_ID = 2**31 - 1  # ids are INTEGER columns, 32-bit on PostgreSQL
#: References whose rows can be disabled: disabling is the removal of a catalog item.
CATALOG_FIELDS = frozenset(
    {"status_id", "priority_id", "impact_id", "urgency_id", "type_id", "source_id"}
    | {"category_id", "close_reason_id"}
)


def check_references(
    session: Session, values: dict[str, Any], current: Ticket | None = None
) -> dict[str, Any]:
    """``current``: the ticket being changed, whose own (possibly disabled) items stay valid.
    Returns the rows read, by field: a caller that keeps them needs no second read (the
    session's identity map is weak and drops rows nobody holds)."""
    rows: dict[str, Any] = {}
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
        if field in CATALOG_FIELDS and not row.is_enabled and _new_use(current, field, value):
            raise ValidationFailed(
                "catalog.disabled",
                f"{entity} {row.name!r} is disabled: no new tickets can use it",
                kind=entity,
                id=value,
                field=field,
            )
        rows[field] = row
    return rows


def _new_use(current: Ticket | None, field: str, value: Any) -> bool:
    """A new ticket, or a change to another item than the one the ticket has."""
    return current is None or getattr(current, field) != value


def _possible_id(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID
