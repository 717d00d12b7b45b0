"""Inventory listing with filters (ReadyDesk assets): linked tickets, owners, creators."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.orm import Session

from polydesk.core.actor import SYSTEM, Actor, Role
from polydesk.core.pagination import PageRequest
from polydesk.inventory.service import (
    InventoryFilter,
    InventoryItemCreate,
    create_item,
    find_items,
    link_item,
)
from polydesk.models.inventory import InventoryItem
from polydesk.models.tickets import Ticket
from tests.factories import actor, make_helpdesk, make_ticket, make_user

PAGE = PageRequest(limit=50)


def _ids(session: Session, who: Actor = SYSTEM, **filters: Any) -> list[int]:
    return [v.item.id for v in find_items(session, who, InventoryFilter(**filters), PAGE).items]


@pytest.fixture
def setup(session: Session) -> tuple[list[InventoryItem], list[Ticket], Actor]:
    desk = make_helpdesk(session)
    tech = make_user(session, login="tech1", helpdesks=[desk])
    as_tech = actor(session, tech)
    alice = make_user(session, Role.CUSTOMER, login="alice")
    bob = make_user(session, Role.CUSTOMER, login="bob")
    items = [
        create_item(session, as_tech, InventoryItemCreate(name="Laptop", owner_id=alice.id)),
        create_item(session, SYSTEM, InventoryItemCreate(name="Phone", owner_id=bob.id)),
        create_item(session, SYSTEM, InventoryItemCreate(name="Server", is_public=False)),
    ]
    tickets = [make_ticket(session, helpdesk_id=desk.id), make_ticket(session)]
    link_item(session, SYSTEM, tickets[0].id, items[0].id)
    link_item(session, SYSTEM, tickets[1].id, items[0].id)
    link_item(session, SYSTEM, tickets[1].id, items[1].id)
    return items, tickets, as_tech


def test_filters(session: Session, setup: tuple[list[InventoryItem], list[Ticket], Actor]) -> None:
    (laptop, phone, server), (first, second), _ = setup
    assert _ids(session) == [laptop.id, phone.id, server.id]
    assert _ids(session, ids=[server.id]) == [server.id]
    assert _ids(session, ticket_ids=[second.id]) == [laptop.id, phone.id]
    assert _ids(session, ticket_ids=[first.id]) == [laptop.id]
    assert _ids(session, owner_logins=["ALICE", "b*"]) == [laptop.id, phone.id]
    assert _ids(session, sort="name", descending=True) == [server.id, phone.id, laptop.id]


def test_views(session: Session, setup: tuple[list[InventoryItem], list[Ticket], Actor]) -> None:
    (laptop, _, _), (first, second), as_tech = setup
    assert laptop.created_by_id == as_tech.user_id
    page = find_items(session, SYSTEM, InventoryFilter(), PageRequest(limit=1, with_total=True))
    assert page.total == 3
    view = page.items[0]
    assert (view.ticket_ids, view.owner_login, view.created_by_login) == (
        [first.id, second.id],
        "alice",
        "tech1",
    )


def test_links_show_only_readable_tickets(
    session: Session, setup: tuple[list[InventoryItem], list[Ticket], Actor]
) -> None:
    (laptop, phone, server), (first, second), as_tech = setup
    views = find_items(session, as_tech, InventoryFilter(), PAGE).items
    assert [(v.item.id, v.ticket_ids) for v in views] == [
        (laptop.id, [first.id]),  # the second ticket is outside the tech's desk
        (phone.id, []),
        (server.id, []),
    ]
    assert _ids(session, as_tech, ticket_ids=[second.id]) == []
    customer = actor(session, make_user(session, Role.CUSTOMER))
    assert _ids(session, customer) == [laptop.id, phone.id]  # public items only
