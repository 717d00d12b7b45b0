"""The order in which open_ticket writes the parts shows in the history every edge renders."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from polydesk.attachments.store import LocalFileStore
from polydesk.core.actor import SYSTEM, Role
from polydesk.customfields.service import CustomFieldCreate, create_field
from polydesk.flows.commands import OpenTicket, Resources
from polydesk.flows.opening import open_ticket
from polydesk.inventory.service import InventoryItemCreate, create_item
from polydesk.models.history import EventKind, HistoryEvent
from polydesk.tickets.schemas import TicketCreate
from tests.factories import actor, make_user


def test_items_are_linked_before_the_custom_values(session: Session, tmp_path: Path) -> None:
    resources = Resources(LocalFileStore(tmp_path), 1024, "desk@example.com")
    agent = make_user(session, Role.ADMIN)
    item = create_item(session, SYSTEM, InventoryItemCreate(name="Router"))
    field = create_field(session, SYSTEM, CustomFieldCreate(name="Port", field_type="text"))
    command = OpenTicket(
        ticket=TicketCreate(title="No link"),
        custom_values={field.id: "7"},
        inventory_ids=[item.id, item.id],  # named twice, linked once
    )

    ticket = open_ticket(session, actor(session, agent), resources, command).ticket

    kinds = session.scalars(
        select(HistoryEvent.kind)
        .where(HistoryEvent.ticket_id == ticket.id)
        .order_by(HistoryEvent.id)
    )
    assert list(kinds) == [
        EventKind.CREATED,
        EventKind.INVENTORY_LINKED,
        EventKind.CUSTOM_FIELD_CHANGED,
    ]
