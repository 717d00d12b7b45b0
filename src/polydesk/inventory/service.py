"""Inventory use cases: create, get, list items; link items to tickets and unlink them.

Decisions:
- Agents and admins manage inventory; customers only read items marked ``is_public`` (a private
  item is "not found" to them, in lists, gets and a ticket's item list alike).
- Linking changes the ticket, so it needs the same right as changing a ticket field
  (``require_change``); customers therefore never link or unlink.
- The item's creator (``created_by_id``, ReadyDesk ``added_by``) is the acting user.
- ``find_items`` shows an item's linked tickets, and filters by linked ticket, only through
  tickets the actor can read.
- Unlinking has no event kind of its own: it is recorded as ``UPDATED`` with
  ``field="inventory"`` and the item's name as the old value.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.orm import Session

from polydesk.authz.tickets import readable_tickets, require_agent, require_change
from polydesk.core.actor import Actor
from polydesk.core.clock import utcnow
from polydesk.core.errors import Conflict, ValidationFailed, not_found
from polydesk.core.pagination import Page, PageRequest
from polydesk.db.listing import paged, sorted_page
from polydesk.events.catalogue import ItemLinked, ItemUnlinked
from polydesk.events.service import emit
from polydesk.history.service import record_event
from polydesk.models.companies import Company, Location
from polydesk.models.history import EventKind
from polydesk.models.inventory import InventoryItem, TicketInventory
from polydesk.models.tickets import Ticket
from polydesk.models.users import User
from polydesk.tickets.access import require_ticket
from polydesk.users.listing import login_lookup, users_matching

ItemStatus = Literal["new", "inuse", "unused", "issued"]

#: Command field -> (entity named in ``<entity>.not_found``, model it must exist in).
_REFERENCES: dict[str, tuple[str, type[Any]]] = {
    "owner_id": ("user", User),
    "company_id": ("company", Company),
    "location_id": ("location", Location),
    "parent_id": ("inventory", InventoryItem),
}


class InventoryItemCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=255)
    item_type: str = Field(default="", max_length=100)
    description: str = Field(default="", max_length=100_000)
    serial_number: str = Field(default="", max_length=255)
    part_number: str = Field(default="", max_length=255)
    manufacturer: str = Field(default="", max_length=255)
    status: ItemStatus = "new"
    owner_id: int | None = None
    company_id: int | None = None
    location_id: int | None = None
    parent_id: int | None = None
    is_public: bool = True
    cost: float | None = Field(default=None, ge=0, lt=1e12)
    received_on: date | None = None
    issued_on: date | None = None
    attributes: dict[str, Any] = Field(default_factory=dict)
    #: A configuration item from an IT asset management tool: the tool's integration id, the
    #: item's id there (unique per integration) and its group (e.g. ``Asset``).
    itam_source_id: int | None = Field(default=None, ge=1, le=2**31 - 1)
    external_id: int | None = Field(default=None, ge=1, le=2**63 - 1)
    ci_group: str = Field(default="", max_length=64)


def create_item(session: Session, actor: Actor, cmd: InventoryItemCreate) -> InventoryItem:
    require_agent(actor)
    for field, (entity, model) in _REFERENCES.items():
        value = getattr(cmd, field)
        if value is not None and session.get(model, value) is None:
            raise not_found(entity, value)
    _check_external_id(session, cmd)
    now = utcnow()
    item = InventoryItem(
        **cmd.model_dump(),
        name_key=name_key(cmd.name),
        created_by_id=actor.user_id,
        created_at=now,
        updated_at=now,
    )
    session.add(item)
    session.flush()
    return item


def name_key(name: str) -> str:
    """The lower-cased name prefix searches compare with (``InventoryItem.name_key``)."""
    return name.lower()[:255]


def _check_external_id(session: Session, cmd: InventoryItemCreate) -> None:
    if cmd.external_id is None:
        return
    if cmd.itam_source_id is None:
        raise ValidationFailed(
            "inventory.external_id_without_source", "an external id needs its itam_source_id"
        )
    taken = select(InventoryItem.id).where(
        InventoryItem.itam_source_id == cmd.itam_source_id,
        InventoryItem.external_id == cmd.external_id,
    )
    if session.scalars(taken).first() is not None:
        raise Conflict(
            "inventory.external_id_taken",
            f"source {cmd.itam_source_id} already has an item {cmd.external_id}",
        )


def get_item(session: Session, item_id: int) -> InventoryItem | None:
    """The item whatever its visibility; callers acting for a user want ``require_item``."""
    return session.get(InventoryItem, item_id)


def require_item(session: Session, actor: Actor, item_id: int) -> InventoryItem:
    item = session.get(InventoryItem, item_id)
    if item is None or not _may_read(actor, item):
        raise not_found("inventory", item_id)
    return item


def list_items(session: Session, actor: Actor, page: PageRequest) -> Page[InventoryItem]:
    query = select(InventoryItem)
    if actor.is_customer:
        query = query.where(InventoryItem.is_public)
    return paged(session, query, page, InventoryItem.id)


def link_item(session: Session, actor: Actor, ticket_id: int, item_id: int) -> bool:
    """Link an item to a ticket; False (and nothing recorded) if it was linked already."""
    ticket = require_ticket(session, actor, ticket_id, lock=True)
    require_change(actor, ticket)
    item = require_item(session, actor, item_id)
    if session.get(TicketInventory, (ticket.id, item.id)) is not None:
        return False
    add_link(session, actor, ticket, item)
    session.flush()
    return True


def add_link(session: Session, actor: Actor, ticket: Ticket, item: InventoryItem) -> None:
    """Link a not-yet-linked item to a ticket the caller may change, with its history line."""
    session.add(TicketInventory(ticket_id=ticket.id, inventory_id=item.id))
    _touch(ticket, actor)
    record_event(
        session,
        actor,
        ticket_id=ticket.id,
        kind=EventKind.INVENTORY_LINKED,
        related_id=item.id,
        new=item.name,
    )
    emit(session, actor, ItemLinked(ticket_id=ticket.id, item_id=item.id))


def unlink_item(session: Session, actor: Actor, ticket_id: int, item_id: int) -> bool:
    """Remove an item from a ticket; False (and nothing recorded) if it was not linked."""
    ticket = require_ticket(session, actor, ticket_id, lock=True)
    require_change(actor, ticket)
    item = require_item(session, actor, item_id)
    link = session.get(TicketInventory, (ticket.id, item.id))
    if link is None:
        return False
    session.delete(link)
    _touch(ticket, actor)
    record_event(
        session,
        actor,
        ticket_id=ticket.id,
        kind=EventKind.UPDATED,
        field="inventory",
        related_id=item.id,
        old=item.name,
    )
    emit(session, actor, ItemUnlinked(ticket_id=ticket.id, item_id=item.id))
    session.flush()
    return True


def ticket_items(session: Session, actor: Actor, ticket_id: int) -> list[InventoryItem]:
    """The items linked to a readable ticket, by id (customers: only public items)."""
    require_ticket(session, actor, ticket_id)
    query = (
        select(InventoryItem)
        .join(TicketInventory, TicketInventory.inventory_id == InventoryItem.id)
        .where(TicketInventory.ticket_id == ticket_id)
        .order_by(InventoryItem.id)
    )
    if actor.is_customer:
        query = query.where(InventoryItem.is_public)
    return list(session.scalars(query).all())


def _may_read(actor: Actor, item: InventoryItem) -> bool:
    return item.is_public or not actor.is_customer


def _touch(ticket: Ticket, actor: Actor) -> None:
    ticket.updated_at = utcnow()
    ticket.last_editor_id = actor.user_id


# --- listing with filters (ReadyDesk get_assets) ---------------------------------------------

ItemSort = Literal["id", "name", "created_at", "updated_at"]
Login = Annotated[str, Field(min_length=1, max_length=191)]


class InventoryFilter(BaseModel):
    """Every filter given narrows the list; owner logins ignore case and take ``*``."""

    model_config = ConfigDict(extra="forbid")

    ids: list[int] | None = Field(default=None, max_length=1000)
    ticket_ids: list[int] | None = Field(default=None, max_length=1000)  # linked to any of these
    owner_logins: list[Login] | None = Field(default=None, max_length=100)
    sort: ItemSort = "id"
    descending: bool = False


@dataclass(frozen=True)
class InventoryItemView:
    item: InventoryItem
    ticket_ids: list[int]  # linked tickets the actor can read, ascending
    owner_login: str | None
    created_by_login: str | None


_ITEM_SORT: dict[str, Any] = {
    "id": InventoryItem.id,
    "name": InventoryItem.name,
    "created_at": InventoryItem.created_at,
    "updated_at": InventoryItem.updated_at,
}


def find_items(
    session: Session, actor: Actor, filters: InventoryFilter, page: PageRequest
) -> Page[InventoryItemView]:
    query = select(InventoryItem).where(*_item_clauses(actor, filters))
    if actor.is_customer:
        query = query.where(InventoryItem.is_public)
    found = sorted_page(session, query, page, _ITEM_SORT, filters, InventoryItem.id)
    links = _readable_links(session, actor, [item.id for item in found.items])
    login = login_lookup(
        session, [i for it in found.items for i in (it.owner_id, it.created_by_id)]
    )
    views = [
        InventoryItemView(it, links.get(it.id, []), login(it.owner_id), login(it.created_by_id))
        for it in found.items
    ]
    return Page(items=views, total=found.total)


def _readable_ticket_ids(actor: Actor) -> Select[int]:
    return select(Ticket.id).where(readable_tickets(actor))


def _item_clauses(actor: Actor, f: InventoryFilter) -> list[ColumnElement[bool]]:
    clauses: list[ColumnElement[bool]] = []
    if f.ids is not None:
        clauses.append(InventoryItem.id.in_(f.ids))
    if f.ticket_ids is not None:
        linked = select(TicketInventory.inventory_id).where(
            TicketInventory.ticket_id.in_(f.ticket_ids),
            TicketInventory.ticket_id.in_(_readable_ticket_ids(actor)),
        )
        clauses.append(InventoryItem.id.in_(linked))
    owners = users_matching(f.owner_logins)
    if owners is not None:
        clauses.append(InventoryItem.owner_id.in_(owners))
    return clauses


def _readable_links(session: Session, actor: Actor, item_ids: list[int]) -> dict[int, list[int]]:
    links: dict[int, list[int]] = defaultdict(list)
    if item_ids:
        rows = session.execute(
            select(TicketInventory.inventory_id, TicketInventory.ticket_id)
            .where(
                TicketInventory.inventory_id.in_(item_ids),
                TicketInventory.ticket_id.in_(_readable_ticket_ids(actor)),
            )
            .order_by(TicketInventory.ticket_id)
        ).all()
        for item_id, ticket_id in rows:
            links[item_id].append(ticket_id)
    return links
