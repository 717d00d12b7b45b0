"""Administering inventory items: changing an item, finding one by name.

Decisions:
- Admin only (``require_admin`` first); flushed, never committed; no ticket history (an item is
  reference data; its links to tickets keep their own history). Agents keep creating items
  through ``inventory.service.create_item``.
- An item is found by its name ignoring case (``name_key``, indexed); several items with one
  name are an ``inventory.name_ambiguous`` conflict for whoever names one by name.
- An item's parent cannot be the item itself or one of its descendants
  (``inventory.parent_cycle``); an ITAM identity (source, external id) stays unique
  (``inventory.external_id_taken``) and an external id needs its source.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from polydesk.authz.tickets import require_admin
from polydesk.core.actor import Actor
from polydesk.core.clock import utcnow
from polydesk.core.errors import Conflict, ValidationFailed, not_found
from polydesk.core.validation import changes_given
from polydesk.db.hierarchy import is_below
from polydesk.inventory.service import _REFERENCES, ItemStatus, name_key
from polydesk.models.inventory import InventoryItem


class InventoryItemUpdate(BaseModel):
    """Only the fields given change; a reference (owner, company, location, parent), the cost,
    the dates and the ITAM identity given as None are cleared."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=255)
    item_type: str | None = Field(default=None, max_length=100)
    description: str | None = Field(default=None, max_length=100_000)
    serial_number: str | None = Field(default=None, max_length=255)
    part_number: str | None = Field(default=None, max_length=255)
    manufacturer: str | None = Field(default=None, max_length=255)
    status: ItemStatus | None = None
    owner_id: int | None = None
    company_id: int | None = None
    location_id: int | None = None
    parent_id: int | None = None
    is_public: bool | None = None
    cost: float | None = Field(default=None, ge=0, lt=1e12)
    received_on: date | None = None
    issued_on: date | None = None
    attributes: dict[str, Any] | None = None
    itam_source_id: int | None = Field(default=None, ge=1, le=2**31 - 1)
    external_id: int | None = Field(default=None, ge=1, le=2**63 - 1)
    ci_group: str | None = Field(default=None, max_length=64)


_CLEARABLE = {
    *_REFERENCES,
    "cost",
    "received_on",
    "issued_on",
    "itam_source_id",
    "external_id",
}


def item_named(session: Session, name: str) -> InventoryItem | None:
    """The item called ``name`` ignoring case; None when there is none."""
    query = select(InventoryItem).where(InventoryItem.name_key == name_key(name))
    found = list(session.scalars(query.order_by(InventoryItem.id).limit(2)))
    if len(found) > 1:
        raise Conflict(
            "inventory.name_ambiguous", f"several items are named {name!r}: rename all but one"
        )
    return found[0] if found else None


def update_item(
    session: Session, actor: Actor, item_id: int, cmd: InventoryItemUpdate
) -> InventoryItem:
    require_admin(actor)
    item = session.get(InventoryItem, item_id)
    if item is None:
        raise not_found("inventory", item_id)
    changes = changes_given(cmd, _CLEARABLE)
    for field, (entity, model) in _REFERENCES.items():
        value = changes.get(field)
        if value is not None and session.get(model, value) is None:
            raise not_found(entity, value)
    if changes.get("parent_id") is not None:
        _check_not_below_itself(session, item, changes["parent_id"])
    _check_identity(session, item, changes)
    for key, value in changes.items():
        setattr(item, key, value)
    item.name_key = name_key(item.name)
    item.updated_at = utcnow()
    session.flush()
    return item


def _check_not_below_itself(session: Session, item: InventoryItem, parent_id: int) -> None:
    if is_below(session, InventoryItem.id, InventoryItem.parent_id, item.id, parent_id):
        raise ValidationFailed("inventory.parent_cycle", f"{item.name!r} cannot be under itself")


def _check_identity(session: Session, item: InventoryItem, changes: dict[str, Any]) -> None:
    source = changes.get("itam_source_id", item.itam_source_id)
    external = changes.get("external_id", item.external_id)
    if external is None:
        return
    if source is None:
        raise ValidationFailed(
            "inventory.external_id_without_source", "an external id needs its itam_source_id"
        )
    taken = select(InventoryItem.id).where(
        InventoryItem.itam_source_id == source,
        InventoryItem.external_id == external,
        InventoryItem.id != item.id,
    )
    if session.scalars(taken).first() is not None:
        raise Conflict(
            "inventory.external_id_taken", f"source {source} already has an item {external}"
        )
