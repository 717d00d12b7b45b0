"""Configuration items: finding inventory items by name or by their IT asset management (ITAM)
identity, linking many of them to a ticket at once, and counting the tickets linked to them.

Decisions:
- A name search is exact (``name`` equals the text, case-sensitive, as a "complete name") or a
  case-insensitive prefix match on ``name_key``; both use an index. A prefix search is a range
  on the lower-cased key (``key <= name_key < key with its last character + 1``) re-checked with
  ``LIKE``, so it never scans the table. More than ``MAX_MATCHES`` matches is refused rather
  than cut, so a caller never links an arbitrary part of them.
- Customers only find public items (as everywhere in inventory).
- Counters count only tickets the actor can read. "Open" tickets are those whose status
  category is new, open or waiting; per-type counts are over open tickets only.
- ``linked_counts_since`` covers at most ``MAX_ITEMS`` items (the lowest ids first), since its
  callers have no paging.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from polydesk.authz.tickets import readable_tickets, require_change
from polydesk.core.actor import Actor
from polydesk.core.errors import ValidationFailed
from polydesk.db.filters import successor
from polydesk.inventory.service import add_link, name_key
from polydesk.models.catalogs import Status, StatusCategory
from polydesk.models.inventory import InventoryItem, TicketInventory
from polydesk.models.tickets import Ticket
from polydesk.tickets.access import require_ticket

MAX_MATCHES = 1000
MAX_ITEMS = 1000
OPEN_CATEGORIES = (StatusCategory.NEW, StatusCategory.OPEN, StatusCategory.WAITING)


@dataclass
class RequestCounts:
    """Tickets linked to one item: by core status id, and open ones by core type id."""

    item: InventoryItem
    by_status: dict[int, int] = field(default_factory=dict)
    open_by_type: dict[int | None, int] = field(default_factory=dict)


def items_named(session: Session, actor: Actor, text: str, *, exact: bool) -> list[InventoryItem]:
    """Items whose name is ``text`` (exact) or starts with it, ignoring case; by id."""
    if not text.strip():
        raise ValidationFailed("inventory.empty_keyword", "the name to search for is empty")
    query = select(InventoryItem).where(*_name_clauses(text, exact=exact))
    if actor.is_customer:
        query = query.where(InventoryItem.is_public)
    found = list(session.scalars(query.order_by(InventoryItem.id).limit(MAX_MATCHES + 1)))
    if len(found) > MAX_MATCHES:
        raise ValidationFailed(
            "inventory.too_many_matches",
            f"more than {MAX_MATCHES} items match {text!r}: use a longer keyword",
        )
    return found


def items_by_external_ids(
    session: Session, actor: Actor, source_id: int, group: str, external_ids: Sequence[int]
) -> list[InventoryItem]:
    """The items of an ITAM integration with these ids there and this group, by external id;
    unknown ids are simply absent."""
    if len(external_ids) > MAX_ITEMS:
        raise ValidationFailed("inventory.too_many_ids", f"at most {MAX_ITEMS} ids at a time")
    query = select(InventoryItem).where(
        InventoryItem.itam_source_id == source_id,
        InventoryItem.external_id.in_(sorted(set(external_ids))),
        InventoryItem.ci_group == group,
    )
    if actor.is_customer:
        query = query.where(InventoryItem.is_public)
    return list(session.scalars(query.order_by(InventoryItem.external_id)))


def link_items(
    session: Session, actor: Actor, ticket_id: int, items: Sequence[InventoryItem]
) -> int:
    """Link items to a ticket in one go; returns how many were not linked already."""
    ticket = require_ticket(session, actor, ticket_id, lock=True)
    require_change(actor, ticket)
    wanted = {item.id: item for item in items}
    if not wanted:
        return 0
    linked = set(
        session.scalars(
            select(TicketInventory.inventory_id).where(
                TicketInventory.ticket_id == ticket.id,
                TicketInventory.inventory_id.in_(sorted(wanted)),
            )
        )
    )
    new = [wanted[item_id] for item_id in sorted(wanted) if item_id not in linked]
    for item in new:
        add_link(session, actor, ticket, item)
    session.flush()
    return len(new)


def relate_items_by_name(
    session: Session, actor: Actor, ticket_id: int, text: str, *, exact: bool
) -> int:
    """Link every item matching ``text`` (see ``items_named``) to a ticket; how many were new.
    Nothing matching is a ``inventory.no_match`` refusal."""
    require_change(actor, require_ticket(session, actor, ticket_id))
    items = items_named(session, actor, text, exact=exact)
    if not items:
        raise no_match(text)
    return link_items(session, actor, ticket_id, items)


def no_match(text: str) -> ValidationFailed:
    return ValidationFailed("inventory.no_match", f"no item matches {text!r}", name=text)


def request_counts(
    session: Session, actor: Actor, items: Sequence[InventoryItem], *, since: datetime | None = None
) -> list[RequestCounts]:
    """Per item (in the order given): its readable linked tickets, created at ``since`` or
    later when given, counted by status and (open ones) by type; one grouped query."""
    counts = {item.id: RequestCounts(item) for item in items}
    if not counts:
        return []
    query = (
        select(
            TicketInventory.inventory_id,
            Ticket.status_id,
            Ticket.type_id,
            Status.category,
            func.count(),
        )
        .join(Ticket, Ticket.id == TicketInventory.ticket_id)
        .join(Status, Status.id == Ticket.status_id)
        .where(TicketInventory.inventory_id.in_(sorted(counts)), *_ticket_clauses(actor, since))
        .group_by(TicketInventory.inventory_id, Ticket.status_id, Ticket.type_id, Status.category)
    )
    for item_id, status_id, type_id, category, number in session.execute(query):
        entry = counts[item_id]
        entry.by_status[status_id] = entry.by_status.get(status_id, 0) + number
        if category in OPEN_CATEGORIES:
            entry.open_by_type[type_id] = entry.open_by_type.get(type_id, 0) + number
    return [counts[item.id] for item in items]


def linked_counts_since(
    session: Session, actor: Actor, source_id: int, since: datetime
) -> list[RequestCounts]:
    """Counters for the items of an ITAM integration that have readable tickets created at
    ``since`` or later (at most ``MAX_ITEMS`` items, lowest ids first)."""
    linked = (
        select(TicketInventory.inventory_id)
        .join(Ticket, Ticket.id == TicketInventory.ticket_id)
        .where(*_ticket_clauses(actor, since))
    )
    query = (
        select(InventoryItem)
        .where(InventoryItem.itam_source_id == source_id, InventoryItem.id.in_(linked))
        .order_by(InventoryItem.id)
        .limit(MAX_ITEMS)
    )
    if actor.is_customer:
        query = query.where(InventoryItem.is_public)
    return request_counts(session, actor, list(session.scalars(query)), since=since)


def _ticket_clauses(actor: Actor, since: datetime | None) -> list[ColumnElement[bool]]:
    clauses = [readable_tickets(actor)]
    if since is not None:
        clauses.append(Ticket.created_at >= since)
    return clauses


def _name_clauses(text: str, *, exact: bool) -> list[ColumnElement[bool]]:
    if exact:
        return [InventoryItem.name == text]
    key = name_key(text)
    clauses = [
        InventoryItem.name_key >= key,
        InventoryItem.name_key.startswith(key, autoescape=True),
    ]
    above = successor(key)
    if above is not None:
        clauses.append(InventoryItem.name_key < above)
    return clauses


def items_by_ids(
    session: Session, actor: Actor, item_ids: Sequence[int], *, source_id: int | None = None
) -> list[InventoryItem]:
    """The items with these internal ids (InvGate ``cis.by.id``), of one ITAM integration when
    ``source_id`` is given, by id; unknown ids and items the actor may not read are absent."""
    if len(item_ids) > MAX_ITEMS:
        raise ValidationFailed("inventory.too_many_ids", f"at most {MAX_ITEMS} ids at a time")
    query = select(InventoryItem).where(InventoryItem.id.in_(sorted(set(item_ids))))
    if source_id is not None:
        query = query.where(InventoryItem.itam_source_id == source_id)
    if actor.is_customer:
        query = query.where(InventoryItem.is_public)
    return list(session.scalars(query.order_by(InventoryItem.id)))
