"""Changing the flat catalogs (statuses, priorities, impacts, urgencies, types, sources, close
reasons) as an administrator. Category tree changes are in ``catalogs.categories``.

Rules:
- ``kind`` is one of ``service.ITEM_MODELS`` ("status", "priority", "impact", "urgency", "type",
  "source", "close_reason"); anything else is ``catalog.unknown_kind``.
- Names are unique per kind, compared case-insensitively (``catalog.name_taken``, a Conflict).
- A status needs a ``category``; only statuses take one and only priorities take a ``color``
  (``catalog.category_required``, ``catalog.field_not_applicable``).
- One default per kind: making an item the default clears the previous one. The default can
  not be disabled (``catalog.default_disabled``). Statuses and priorities always keep a default
  (new tickets get it): their default is un-flagged only by making another item the default
  (``catalog.default_required``); other kinds may be left without one.
- A status's category (what it means to the life cycle) cannot change while tickets are in it
  (``catalog.status_in_use``): their open/closed dates would no longer agree with it.
- A status's ``pending_action`` and ``pending_target_status_id`` follow ``catalogs.pending``
  (``catalog.invalid_pending``).
- Nothing is deleted (tickets refer to catalog rows): disabling is the removal. Reference data:
  no ticket history is written. New rows get no dialect product codes.
"""

from __future__ import annotations

from typing import Any, Final, cast

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from polydesk.authz.tickets import require_admin
from polydesk.catalogs.pending import check_pending
from polydesk.catalogs.service import (
    ITEM_MODELS,
    CatalogItemRow,
    get_catalog_item_by_name,
    require_catalog_item,
)
from polydesk.core.actor import Actor
from polydesk.core.errors import Conflict, ValidationFailed
from polydesk.models.catalogs import PendingAction, Status, StatusCategory
from polydesk.models.tickets import Ticket

#: Kinds whose default new tickets need: their default can only move, never go away.
REQUIRED_DEFAULT_KINDS: Final = frozenset({"status", "priority"})
#: Fields only some kinds have, and those kinds.
KIND_FIELDS: Final = {
    "category": "status",
    "color": "priority",
    "pending_action": "status",
    "pending_target_status_id": "status",
}


class CatalogItemCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=150)
    description: str = Field(default="", max_length=500)
    position: int = Field(default=0, ge=0, le=1_000_000)
    is_default: bool = False
    is_enabled: bool = True
    category: StatusCategory | None = None  # statuses only, and required there
    color: str | None = Field(default=None, max_length=16)  # priorities only
    pending_action: PendingAction | None = None  # statuses only (catalogs.pending)
    pending_target_status_id: int | None = Field(default=None, ge=1)


class CatalogItemUpdate(BaseModel):
    """Only the fields given change; ``None`` means "leave as is"."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=150)
    description: str | None = Field(default=None, max_length=500)
    position: int | None = Field(default=None, ge=0, le=1_000_000)
    is_default: bool | None = None
    is_enabled: bool | None = None
    category: StatusCategory | None = None
    color: str | None = Field(default=None, max_length=16)
    pending_action: PendingAction | None = None
    pending_target_status_id: int | None = Field(default=None, ge=1)


def create_catalog_item(
    session: Session, actor: Actor, kind: str, cmd: CatalogItemCreate
) -> CatalogItemRow:
    """Add an item to a flat catalog."""
    require_admin(actor)
    model = _item_model(kind)
    values = cmd.model_dump(exclude_none=True)
    _check_kind_fields(kind, values)
    if kind == "status" and cmd.category is None:
        raise ValidationFailed(
            "catalog.category_required", "a status needs a category", kind=kind, field="category"
        )
    if cmd.is_default and not cmd.is_enabled:
        raise _default_disabled(kind, cmd.name)
    _check_name_free(session, kind, cmd.name, None)
    if kind == "status":
        check_pending(session, None, values)
    if cmd.is_default:
        _clear_default(session, kind)
    item = model(**values)
    session.add(item)
    session.flush()
    return item


def update_catalog_item(
    session: Session, actor: Actor, kind: str, item_id: int, cmd: CatalogItemUpdate
) -> CatalogItemRow:
    """Change the given fields of a flat catalog item."""
    require_admin(actor)
    _item_model(kind)
    item = cast("CatalogItemRow", require_catalog_item(session, kind, item_id))
    changes = cmd.model_dump(exclude_none=True)
    _check_kind_fields(kind, changes)
    if "name" in changes and changes["name"] != item.name:
        _check_name_free(session, kind, changes["name"], item.id)
    becomes_default = changes.get("is_default", item.is_default)
    if becomes_default and not changes.get("is_enabled", item.is_enabled):
        raise _default_disabled(kind, item.name)
    if item.is_default and changes.get("is_default") is False and kind in REQUIRED_DEFAULT_KINDS:
        raise ValidationFailed(
            "catalog.default_required",
            f"every {kind} catalog needs a default: make another {kind} the default instead",
            kind=kind,
            id=item.id,
        )
    if isinstance(item, Status) and changes.get("category", item.category) != item.category:
        _check_status_unused(session, item)
    if isinstance(item, Status):
        check_pending(session, item, changes)
    if changes.get("is_default") and not item.is_default:
        _clear_default(session, kind)
    for key, value in changes.items():
        setattr(item, key, value)
    session.flush()
    return item


def _item_model(kind: str) -> type[CatalogItemRow]:
    try:
        return ITEM_MODELS[kind]
    except KeyError:
        raise ValidationFailed(
            "catalog.unknown_kind",
            f"unknown catalog item kind {kind!r}",
            kind=kind,
            kinds=list(ITEM_MODELS),
        ) from None


def _check_kind_fields(kind: str, values: dict[str, Any]) -> None:
    for field, owner in KIND_FIELDS.items():
        if field in values and kind != owner:
            raise ValidationFailed(
                "catalog.field_not_applicable",
                f"{field!r} applies to {owner} items only, not to {kind}",
                kind=kind,
                field=field,
            )


def _check_name_free(session: Session, kind: str, name: str, own_id: int | None) -> None:
    """Case-insensitively (in Python too, for names SQL lower() does not fold) and exactly."""
    model = ITEM_MODELS[kind]
    clash = get_catalog_item_by_name(session, kind, name)
    if clash is None or clash.id == own_id:
        exact = select(model.id).where(model.name == name, model.id != (own_id or 0))
        clash_id = session.scalars(exact).first()
    else:
        clash_id = clash.id
    if clash_id is not None and clash_id != own_id:
        raise Conflict(
            "catalog.name_taken", f"{kind} {name!r} already exists", kind=kind, name=name
        )


def _clear_default(session: Session, kind: str) -> None:
    model = ITEM_MODELS[kind]
    session.execute(
        update(model).where(model.is_default.is_(True)).values(is_default=False),
        execution_options={"synchronize_session": "fetch"},
    )


def _default_disabled(kind: str, name: str) -> ValidationFailed:
    return ValidationFailed(
        "catalog.default_disabled",
        f"the default {kind} cannot be disabled: make another {kind} the default first",
        kind=kind,
        name=name,
    )


def _check_status_unused(session: Session, status: Status) -> None:
    used = select(Ticket.id).where(Ticket.status_id == status.id).limit(1)
    if session.scalars(used).first() is not None:
        raise Conflict(
            "catalog.status_in_use",
            f"status {status.name!r} has tickets: its category cannot change",
            kind="status",
            id=status.id,
        )
