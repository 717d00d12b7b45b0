"""Inventory service: items, visibility, linking items to tickets, history."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from polydesk.core.actor import SYSTEM, Actor, Role
from polydesk.core.clock import frozen
from polydesk.core.errors import NotFound, PermissionDenied
from polydesk.core.pagination import PageRequest
from polydesk.inventory.service import (
    InventoryItemCreate,
    create_item,
    get_item,
    link_item,
    list_items,
    require_item,
    ticket_items,
    unlink_item,
)
from polydesk.models.history import EventKind, HistoryEvent
from polydesk.models.inventory import InventoryItem, TicketInventory
from tests.factories import actor, make_company, make_helpdesk, make_ticket, make_user
from tests.queries import sql_statements

PAGE = PageRequest(limit=50)
LATER = datetime(2031, 5, 6, 7, 8, 9, tzinfo=UTC)


def _item(session: Session, name: str, **fields: Any) -> InventoryItem:
    return create_item(session, SYSTEM, InventoryItemCreate(name=name, **fields))


def _events(session: Session, ticket_id: int) -> list[HistoryEvent]:
    query = select(HistoryEvent).where(HistoryEvent.ticket_id == ticket_id)
    return list(session.scalars(query.order_by(HistoryEvent.id)))


def _links(session: Session, ticket_id: int) -> set[int]:
    query = select(TicketInventory.inventory_id).where(TicketInventory.ticket_id == ticket_id)
    return set(session.scalars(query))


def test_agent_creates_an_item_with_every_reference(session: Session) -> None:
    agent = make_user(session)
    owner = make_user(session, Role.CUSTOMER)
    company = make_company(session)
    parent = _item(session, "Rack 1")
    item = create_item(
        session,
        actor(session, agent),
        InventoryItemCreate(
            name="Laptop 42",
            item_type="laptop",
            serial_number="SN-1",
            manufacturer="Lenovo",
            status="inuse",
            owner_id=owner.id,
            company_id=company.id,
            parent_id=parent.id,
            is_public=False,
            received_on=date(2024, 1, 2),
            attributes={"ram": "16GB"},
        ),
    )
    session.expire_all()
    stored = session.get_one(InventoryItem, item.id)
    assert (stored.name, stored.item_type, stored.status) == ("Laptop 42", "laptop", "inuse")
    assert (stored.owner_id, stored.company_id, stored.parent_id) == (
        owner.id,
        company.id,
        parent.id,
    )
    assert stored.is_public is False
    assert stored.received_on == date(2024, 1, 2) and stored.issued_on is None
    assert stored.attributes == {"ram": "16GB"}
    assert stored.created_at.tzinfo is not None


@pytest.mark.parametrize(
    ("field", "code"),
    [
        ("owner_id", "user.not_found"),
        ("company_id", "company.not_found"),
        ("parent_id", "inventory.not_found"),
        ("location_id", "location.not_found"),
    ],
)
def test_create_rejects_missing_references(session: Session, field: str, code: str) -> None:
    with pytest.raises(NotFound) as caught:
        _item(session, "Ghost", **{field: 987654})
    assert caught.value.code == code
    assert caught.value.details == {"id": "987654"}
    assert session.scalars(select(InventoryItem)).all() == []


def test_customers_may_not_create_items(session: Session) -> None:
    customer = actor(session, make_user(session, Role.CUSTOMER))
    with pytest.raises(PermissionDenied) as caught:
        create_item(session, customer, InventoryItemCreate(name="Mine"))
    assert caught.value.code == "permission_denied"


def test_command_is_strict() -> None:
    for bad in ({"name": "x", "status": "broken"}, {"name": ""}, {"name": "x", "colour": "red"}):
        with pytest.raises(ValidationError):
            InventoryItemCreate.model_validate(bad)
    assert InventoryItemCreate.model_validate({"name": "x"}).status == "new"


def test_list_is_ordered_by_id_and_customers_see_only_public_items(session: Session) -> None:
    public_a = _item(session, "Zeta printer")
    private = _item(session, "Admin server", is_public=False)
    public_b = _item(session, "Alpha phone")
    customer = actor(session, make_user(session, Role.CUSTOMER))
    agent = actor(session, make_user(session))

    assert [i.id for i in list_items(session, agent, PAGE).items] == [
        public_a.id,
        private.id,
        public_b.id,
    ]
    assert [i.id for i in list_items(session, customer, PAGE).items] == [public_a.id, public_b.id]
    page = list_items(session, agent, PageRequest(limit=1, offset=1, with_total=True))
    assert [i.id for i in page.items] == [private.id] and page.total == 3
    assert list_items(session, customer, PageRequest(limit=5, with_total=True)).total == 2


def test_get_and_require_item(session: Session) -> None:
    private = _item(session, "Vault", is_public=False)
    customer = actor(session, make_user(session, Role.CUSTOMER))
    assert get_item(session, private.id) is private
    assert get_item(session, 999999) is None
    assert require_item(session, actor(session, make_user(session)), private.id) is private
    for who, ident in ((customer, private.id), (SYSTEM, 999999)):
        with pytest.raises(NotFound) as caught:
            require_item(session, who, ident)
        assert caught.value.code == "inventory.not_found"


def test_link_records_history_and_is_idempotent(session: Session) -> None:
    desk = make_helpdesk(session)
    agent = actor(session, make_user(session, helpdesks=[desk]))
    ticket = make_ticket(session, helpdesk_id=desk.id)
    item = _item(session, "Switch 7")
    with frozen(LATER):
        assert link_item(session, agent, ticket.id, item.id) is True
    assert ticket.updated_at == LATER and ticket.last_editor_id == agent.user_id
    assert _links(session, ticket.id) == {item.id}
    linked = _events(session, ticket.id)[-1]
    assert linked.kind is EventKind.INVENTORY_LINKED
    assert (linked.related_id, linked.new_value, linked.actor_id) == (
        item.id,
        "Switch 7",
        agent.user_id,
    )

    count = len(_events(session, ticket.id))
    with frozen(LATER + timedelta(days=1)):
        assert link_item(session, agent, ticket.id, item.id) is False
    assert len(_events(session, ticket.id)) == count
    assert ticket.updated_at == LATER


def test_unlink_records_history_and_reports_no_change(session: Session) -> None:
    ticket = make_ticket(session)
    item = _item(session, "Monitor")
    other = _item(session, "Keyboard")
    link_item(session, SYSTEM, ticket.id, item.id)
    link_item(session, SYSTEM, ticket.id, other.id)
    with frozen(LATER):
        assert unlink_item(session, SYSTEM, ticket.id, item.id) is True
    assert ticket.updated_at == LATER
    assert _links(session, ticket.id) == {other.id}
    removed = _events(session, ticket.id)[-1]
    assert (removed.kind, removed.field, removed.old_value, removed.new_value) == (
        EventKind.UPDATED,
        "inventory",
        "Monitor",
        None,
    )
    assert removed.related_id == item.id

    count = len(_events(session, ticket.id))
    assert unlink_item(session, SYSTEM, ticket.id, item.id) is False
    assert len(_events(session, ticket.id)) == count


def test_link_and_unlink_errors(session: Session) -> None:
    desk, other_desk = make_helpdesk(session), make_helpdesk(session)
    company = make_company(session)
    requester = make_user(session, Role.CUSTOMER, company=company)
    ticket = make_ticket(session, helpdesk_id=desk.id, requester_id=requester.id)
    item = _item(session, "Router")
    outsider = actor(session, make_user(session, helpdesks=[other_desk]))
    reader = actor(session, make_user(session, read_only=[desk]))
    customer = actor(session, requester)

    def code(call: Any, who: Actor, item_id: int) -> str:
        with pytest.raises((NotFound, PermissionDenied)) as caught:
            call(session, who, ticket.id, item_id)
        return str(caught.value.code)

    for call in (link_item, unlink_item):
        assert code(call, SYSTEM, 424242) == "inventory.not_found"
        assert code(call, outsider, item.id) == "ticket.not_found"
        assert code(call, reader, item.id) == "ticket.permission_denied"
        assert code(call, customer, item.id) == "ticket.permission_denied"
    with pytest.raises(NotFound) as missing:
        link_item(session, SYSTEM, 555555, item.id)
    assert missing.value.code == "ticket.not_found"
    assert _links(session, ticket.id) == set()
    assert [e.kind for e in _events(session, ticket.id)] == [EventKind.CREATED]


def test_ticket_items_follow_ticket_and_item_visibility(session: Session) -> None:
    desk = make_helpdesk(session)
    requester = make_user(session, Role.CUSTOMER)
    ticket = make_ticket(session, helpdesk_id=desk.id, requester_id=requester.id)
    second = _item(session, "B")
    first = _item(session, "A", is_public=False)
    third = _item(session, "C")
    for item in (third, first, second):
        link_item(session, SYSTEM, ticket.id, item.id)
    _item(session, "Unlinked")

    agent = actor(session, make_user(session, read_only=[desk]))
    assert [i.id for i in ticket_items(session, agent, ticket.id)] == [
        second.id,
        first.id,
        third.id,
    ]
    customer = actor(session, requester)
    assert [i.id for i in ticket_items(session, customer, ticket.id)] == [second.id, third.id]
    outsider = actor(session, make_user(session))
    with pytest.raises(NotFound) as caught:
        ticket_items(session, outsider, ticket.id)
    assert caught.value.code == "ticket.not_found"


def test_ticket_items_costs_the_same_queries_for_one_or_many_items(session: Session) -> None:
    small, large = make_ticket(session), make_ticket(session)
    link_item(session, SYSTEM, small.id, _item(session, "only").id)
    for n in range(6):
        link_item(session, SYSTEM, large.id, _item(session, f"many {n}").id)
    session.expire_all()
    with sql_statements(session.get_bind()) as one:
        assert len(ticket_items(session, SYSTEM, small.id)) == 1
    session.expire_all()
    with sql_statements(session.get_bind()) as many:
        assert len(ticket_items(session, SYSTEM, large.id)) == 6
    assert one and len(one) == len(many)
