"""Custom field values of several tickets at once."""

from __future__ import annotations

from sqlalchemy.orm import Session

from polydesk.core.actor import SYSTEM
from polydesk.customfields.bulk import enabled_ticket_fields, values_for_tickets
from polydesk.customfields.service import CustomFieldCreate, create_field, set_ticket_values
from polydesk.models.customfields import FieldType
from tests.factories import make_ticket


def test_values_for_a_page_of_tickets(session: Session) -> None:
    color = create_field(
        session,
        SYSTEM,
        CustomFieldCreate(
            name="color", field_type=FieldType.LIST, options=["red", "blue"], position=2
        ),
    )
    size = create_field(
        session, SYSTEM, CustomFieldCreate(name="size", field_type=FieldType.NUMBER, position=1)
    )
    one, two, three = (make_ticket(session).id for _ in range(3))
    set_ticket_values(session, SYSTEM, one, {color.id: "blue", size.id: "3"})
    set_ticket_values(session, SYSTEM, two, {size.id: "2.5"})
    assert [f.name for f in enabled_ticket_fields(session)] == ["size", "color"]
    assert values_for_tickets(session, [one, two, three]) == {
        one: {color.id: "blue", size.id: "3"},
        two: {size.id: "2.5"},
    }
    assert values_for_tickets(session, []) == {}
