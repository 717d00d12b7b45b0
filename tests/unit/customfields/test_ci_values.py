"""CI custom fields holding several inventory items, and adding items to them by exact name."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from polydesk.core.actor import SYSTEM, Role
from polydesk.core.errors import NotFound, PermissionDenied, ValidationFailed
from polydesk.customfields.bulk import values_for_tickets
from polydesk.customfields.ci_values import add_ci_values_by_name, current_item_ids
from polydesk.customfields.service import (
    CustomFieldCreate,
    create_field,
    set_ticket_values,
    ticket_values,
)
from polydesk.inventory.service import InventoryItemCreate, create_item
from polydesk.models.customfields import CustomField, CustomFieldValue, FieldType
from polydesk.models.history import EventKind, HistoryEvent
from polydesk.models.inventory import InventoryItem, TicketInventory
from tests.factories import actor, make_ticket, make_user


def _field(session: Session, name: str, field_type: FieldType, **fields: Any) -> CustomField:
    return create_field(
        session, SYSTEM, CustomFieldCreate(name=name, field_type=field_type, **fields)
    )


def _item(session: Session, name: str) -> InventoryItem:
    return create_item(session, SYSTEM, InventoryItemCreate(name=name))


def _rows(session: Session) -> tuple[int, int, int]:
    return (
        session.scalar(select(func.count()).select_from(CustomFieldValue)) or 0,
        session.scalar(select(func.count()).select_from(HistoryEvent)) or 0,
        session.scalar(select(func.count()).select_from(TicketInventory)) or 0,
    )


def test_a_ci_field_holds_several_items_in_the_order_given(session: Session) -> None:
    cis = _field(session, "cis", FieldType.CI)
    one, two = _item(session, "One"), _item(session, "Two")
    ticket = make_ticket(session)

    set_ticket_values(session, SYSTEM, ticket.id, {cis.id: f"{two.id}, {one.id},{two.id}"})

    row = session.scalars(select(CustomFieldValue)).one()
    assert row.value_json == [two.id, one.id] and row.value_inventory_id == two.id
    assert ticket_values(session, SYSTEM, ticket.id) == {cis.id: f"{two.id},{one.id}"}
    assert values_for_tickets(session, [ticket.id]) == {ticket.id: {cis.id: f"{two.id},{one.id}"}}
    assert current_item_ids(session, ticket.id, cis.id) == [two.id, one.id]


def test_a_single_item_reads_as_before(session: Session) -> None:
    cis = _field(session, "cis", FieldType.CI)
    laptop = _item(session, "Laptop")
    ticket = make_ticket(session)

    set_ticket_values(session, SYSTEM, ticket.id, {cis.id: str(laptop.id)})

    assert ticket_values(session, SYSTEM, ticket.id) == {cis.id: str(laptop.id)}
    row = session.scalars(select(CustomFieldValue)).one()
    row.value_json = None  # a value stored before ci fields held lists
    assert current_item_ids(session, ticket.id, cis.id) == [laptop.id]
    assert ticket_values(session, SYSTEM, ticket.id) == {cis.id: str(laptop.id)}


@pytest.mark.parametrize("text", ["99999", "1,x", "0", ",,"])
def test_unknown_or_malformed_item_ids_are_refused(session: Session, text: str) -> None:
    cis = _field(session, "cis", FieldType.CI)
    _item(session, "Laptop")
    ticket = make_ticket(session)
    before = _rows(session)

    with pytest.raises(ValidationFailed) as refused:
        set_ticket_values(session, SYSTEM, ticket.id, {cis.id: text})

    assert refused.value.code == "custom_field.invalid_value"
    assert _rows(session) == before


def test_adding_by_name_appends_every_item_with_that_name_and_links_them(
    session: Session,
) -> None:
    cis = _field(session, "cis", FieldType.CI)
    first = _item(session, "Web Server")
    mail = _item(session, "Mail")
    second = _item(session, "Web Server")
    ticket = make_ticket(session)
    set_ticket_values(session, SYSTEM, ticket.id, {cis.id: str(mail.id)})

    added = add_ci_values_by_name(session, SYSTEM, ticket.id, cis.id, "Web Server")
    again = add_ci_values_by_name(session, SYSTEM, ticket.id, cis.id, "Web Server")

    assert (added.matched, added.added) == (2, 2) and (again.matched, again.added) == (2, 0)
    assert current_item_ids(session, ticket.id, cis.id) == [mail.id, first.id, second.id]
    links = session.scalars(
        select(TicketInventory.inventory_id).order_by(TicketInventory.inventory_id)
    )
    assert list(links) == [first.id, second.id]
    changes = session.scalars(
        select(HistoryEvent.new_value).where(HistoryEvent.kind == EventKind.CUSTOM_FIELD_CHANGED)
    )
    assert list(changes) == [str(mail.id), f"{mail.id},{first.id},{second.id}"]


def test_adding_by_name_refuses_and_changes_nothing(session: Session) -> None:
    cis = _field(session, "cis", FieldType.CI)
    text = _field(session, "text", FieldType.TEXT)
    _item(session, "Web Server")
    customer = make_user(session, Role.CUSTOMER)
    ticket = make_ticket(session, requester_id=customer.id)
    before = _rows(session)

    refusals: list[tuple[type[Exception], Any]] = [
        (
            ValidationFailed,
            lambda: add_ci_values_by_name(session, SYSTEM, ticket.id, cis.id, "web server"),
        ),
        (
            ValidationFailed,
            lambda: add_ci_values_by_name(session, SYSTEM, ticket.id, text.id, "Web Server"),
        ),
        (NotFound, lambda: add_ci_values_by_name(session, SYSTEM, ticket.id, 99999, "Web Server")),
        (NotFound, lambda: add_ci_values_by_name(session, SYSTEM, 99999, cis.id, "Web Server")),
        (
            PermissionDenied,
            lambda: add_ci_values_by_name(
                session, actor(session, customer), ticket.id, cis.id, "Web Server"
            ),
        ),
    ]
    codes = []
    for kind, call in refusals:
        with pytest.raises(kind) as refused:
            call()
        codes.append(getattr(refused.value, "code", ""))

    assert codes[:2] == ["inventory.no_match", "custom_field.not_ci"]
    assert _rows(session) == before
