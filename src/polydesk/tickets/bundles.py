"""Loading a page of tickets with what list renderers show beside the row: children, merge
targets and linked inventory items (those the actor reads), each in one query for the whole
page (no N+1)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from polydesk.authz.tickets import readable_tickets
from polydesk.core.actor import Actor
from polydesk.models.helpdesks import HelpdeskLevel
from polydesk.models.inventory import InventoryItem, TicketInventory
from polydesk.models.tickets import LinkKind, Ticket, TicketLink
from polydesk.tickets import repository


@dataclass
class TicketRelations:
    children: dict[int, list[int]] = field(default_factory=dict)
    merged_into: dict[int, int] = field(default_factory=dict)
    inventory: dict[int, list[int]] = field(default_factory=dict)
    #: Of those items, the ones an IT asset management tool discovered (``itam_source_id``
    #: set: InvGate's discovery); ReadyDesk lists them as ``linked_devices``.
    discovered: set[int] = field(default_factory=set)
    related: dict[int, list[int]] = field(default_factory=dict)  # "related" links, both ways


def tickets_in_order(session: Session, actor: Actor, ticket_ids: Sequence[int]) -> list[Ticket]:
    """The readable tickets among ``ticket_ids``, in that order (status, priority, cc loaded)."""
    if not ticket_ids:
        return []
    query = repository.visible(actor).where(Ticket.id.in_(list(ticket_ids)))
    rows = session.scalars(query.options(*repository.TICKET_LOAD_OPTIONS)).unique().all()
    by_id = {ticket.id: ticket for ticket in rows}
    return [by_id[ident] for ident in ticket_ids if ident in by_id]


def ticket_relations(session: Session, actor: Actor, ticket_ids: Sequence[int]) -> TicketRelations:
    """Children, merge targets and linked inventory items of readable tickets, as far as the
    actor reads them: other tickets it may read, items it may read (customers: public ones)."""
    relations = TicketRelations()
    wanted = sorted(set(ticket_ids))
    if not wanted:
        return relations
    children = select(Ticket.parent_id, Ticket.id).where(
        Ticket.parent_id.in_(wanted), readable_tickets(actor)
    )
    for parent_id, child_id in session.execute(children.order_by(Ticket.id)):
        if parent_id is not None:
            relations.children.setdefault(parent_id, []).append(child_id)
    merges = (
        select(TicketLink.source_id, TicketLink.target_id)
        .join(Ticket, Ticket.id == TicketLink.target_id)
        .where(
            TicketLink.source_id.in_(wanted),
            TicketLink.kind == LinkKind.MERGED_INTO,
            readable_tickets(actor),
        )
    )
    for source_id, target_id in session.execute(merges.order_by(TicketLink.id)):
        relations.merged_into.setdefault(source_id, target_id)
    _related(session, actor, wanted, relations)
    _inventory(session, actor, wanted, relations)
    return relations


def _inventory(
    session: Session, actor: Actor, wanted: list[int], relations: TicketRelations
) -> None:
    """Linked inventory items (customers: public ones) and which of them were discovered."""
    items = (
        select(TicketInventory.ticket_id, InventoryItem.id, InventoryItem.itam_source_id)
        .join(InventoryItem, InventoryItem.id == TicketInventory.inventory_id)
        .where(TicketInventory.ticket_id.in_(wanted))
    )
    if actor.is_customer:
        items = items.where(InventoryItem.is_public)
    for ticket_id, item_id, source in session.execute(items.order_by(InventoryItem.id)):
        relations.inventory.setdefault(ticket_id, []).append(item_id)
        if source is not None:
            relations.discovered.add(item_id)


def _related(session: Session, actor: Actor, wanted: list[int], relations: TicketRelations) -> None:
    """Tickets linked as related (a link has no direction for the reader), those it reads."""
    for near, far in (
        (TicketLink.source_id, TicketLink.target_id),
        (TicketLink.target_id, TicketLink.source_id),
    ):
        query = (
            select(near, far)
            .join(Ticket, Ticket.id == far)
            .where(near.in_(wanted), TicketLink.kind == LinkKind.RELATED, readable_tickets(actor))
        )
        for ticket_id, other_id in session.execute(query):
            relations.related.setdefault(ticket_id, []).append(other_id)
    for linked in relations.related.values():
        linked[:] = sorted(set(linked))


def level_names(session: Session, helpdesk_ids: Sequence[int]) -> dict[tuple[int, int], str]:
    """(help desk, level) -> the level's name, for the given help desks, in one query."""
    wanted = sorted(set(helpdesk_ids))
    if not wanted:
        return {}
    query = select(HelpdeskLevel.helpdesk_id, HelpdeskLevel.level, HelpdeskLevel.name).where(
        HelpdeskLevel.helpdesk_id.in_(wanted)
    )
    return {(desk, level): name for desk, level, name in session.execute(query)}


def levels_named(session: Session, name: str) -> list[tuple[int, int]]:
    """Every (help desk, level) whose level name is ``name``, ignoring case."""
    query = select(HelpdeskLevel.helpdesk_id, HelpdeskLevel.level).where(
        func.lower(HelpdeskLevel.name) == name.lower()
    )
    return [(desk, level) for desk, level in session.execute(query)]
