"""Adding configuration items to a ticket's CI custom field by name (InvGate's PATCH
``/incident.custom_field``), on top of ``customfields.service``.

Decisions:
- Every item whose name is exactly the one given joins the field's items (those already there
  keep their place; new ones follow, by id). The value is written through
  ``apply_values_to_ticket``, so the field's own rules and history apply.
- The items are also linked to the ticket (``inventory.cis.link_items``): a CI chosen in a CI
  field is a CI the ticket concerns, and the per-CI request counters count links.
- A name nothing matches is refused (``inventory.no_match``); a field that is not a CI field
  is refused (``custom_field.not_ci``). Nothing is written before every check passes.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from polydesk.authz.tickets import require_change
from polydesk.core.actor import Actor
from polydesk.core.errors import ValidationFailed, not_found
from polydesk.customfields.service import TICKET, apply_values_to_ticket
from polydesk.inventory.cis import items_named, link_items, no_match
from polydesk.models.customfields import CustomField, CustomFieldValue, FieldType
from polydesk.tickets.access import require_ticket


@dataclass(frozen=True)
class CiValuesAdded:
    matched: int  # items with that name
    added: int  # of those, items the field did not hold yet


def add_ci_values_by_name(
    session: Session, actor: Actor, ticket_id: int, field_id: int, name: str
) -> CiValuesAdded:
    ticket = require_ticket(session, actor, ticket_id, lock=True)
    require_change(actor, ticket)
    _require_ci_field(session, field_id)
    items = items_named(session, actor, name, exact=True)
    if not items:
        raise no_match(name)
    held = current_item_ids(session, ticket.id, field_id)
    new = [item.id for item in items if item.id not in held]
    if new:
        text = ",".join(str(item_id) for item_id in [*held, *new])
        apply_values_to_ticket(session, actor, ticket, {field_id: text})
    link_items(session, actor, ticket.id, items)
    return CiValuesAdded(matched=len(items), added=len(new))


def current_item_ids(session: Session, ticket_id: int, field_id: int) -> list[int]:
    """The item ids a ticket's CI field holds, in order ([] when empty)."""
    row = session.scalars(
        select(CustomFieldValue).where(
            CustomFieldValue.ticket_id == ticket_id, CustomFieldValue.field_id == field_id
        )
    ).first()
    if row is None:
        return []
    if isinstance(row.value_json, list):
        return [int(item_id) for item_id in row.value_json]
    return [] if row.value_inventory_id is None else [row.value_inventory_id]


def _require_ci_field(session: Session, field_id: int) -> CustomField:
    found = session.get(CustomField, field_id)
    if found is None or found.entity != TICKET or not found.is_enabled:
        raise not_found("custom_field", field_id)
    if found.field_type is not FieldType.CI:
        raise ValidationFailed(
            "custom_field.not_ci",
            f"field {found.name!r} is a {found.field_type.value} field, not a ci field",
            field_id=field_id,
        )
    return found
