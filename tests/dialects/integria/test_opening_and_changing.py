"""create_incident and update_incident with what travels with the ticket (configuration item,
custom fields): one core use case each (flows.open_ticket / change_ticket), the history in
the product's order, and update leaving a value alone when its parameter is empty."""

from __future__ import annotations

from polydesk.core.actor import SYSTEM, Role
from polydesk.core.clock import frozen
from polydesk.customfields.service import CustomFieldCreate, create_field, ticket_values
from polydesk.db.uow import unit_of_work
from polydesk.inventory.service import InventoryItemCreate, create_item
from polydesk.models.catalogs import TicketType
from polydesk.models.customfields import FieldType
from tests.dialects.integria.conftest import NOW, Integria
from tests.factories import make_user


def _setup(integria: Integria) -> tuple[int, int, int, int]:
    """A type with a text and a list field, and one inventory object."""
    with unit_of_work(integria.runtime.factory) as session:
        ticket_type = TicketType(name="Software issues")
        session.add(ticket_type)
        session.flush()
        text, combo = (
            create_field(
                session,
                SYSTEM,
                CustomFieldCreate(
                    name=name, field_type=kind, ticket_type_id=ticket_type.id, options=options
                ),
            )
            for name, kind, options in (
                ("Serial", FieldType.TEXT, []),
                ("Version", FieldType.LIST, ["3", "3.1", "4"]),
            )
        )
        item = create_item(session, SYSTEM, InventoryItemCreate(name="Printer"))
        return ticket_type.id, text.id, combo.id, item.id


def _values(integria: Integria, ticket_id: int) -> dict[int, str]:
    with unit_of_work(integria.runtime.factory) as session:
        return ticket_values(session, SYSTEM, ticket_id)


def test_create_links_the_item_then_sets_the_values(integria: Integria) -> None:
    type_id, serial, version, item = _setup(integria)
    params = f"Jam,2,3,Paper jam,{item},{type_id},,,0,1,,,,,,SN-1,3.1"
    assert integria.call("create_incident", params) == "1"
    assert _values(integria, 1) == {serial: "SN-1", version: "3.1"}
    assert integria.call("get_incident_tracking", "1") == (
        '1,1,0,"2024-05-01 10:00:00",admin,0,Created,\n'
        f'2,1,10,"2024-05-01 10:00:00",admin,{item},"Added inventory object  -> Printer",\n'
        '3,1,1,"2024-05-01 10:00:00",admin,0,Updated,\n'
        '4,1,1,"2024-05-01 10:00:00",admin,0,Updated,\n'
    )


def test_a_refused_value_refuses_the_whole_create(integria: Integria) -> None:
    type_id, _serial, _version, item = _setup(integria)
    params = f"Jam,2,3,Paper jam,{item},{type_id},,,0,1,,,,,,SN-1,9.9"
    assert integria.call("create_incident", params) == "-1"
    assert integria.call("get_incident_details", "1") == ""


def test_update_sets_only_the_values_given(integria: Integria) -> None:
    type_id, serial, version, _item = _setup(integria)
    integria.call("create_incident", f"Jam,2,3,Paper jam,,{type_id},,,0,1,,,,,,SN-1,3.1")
    with frozen(NOW.replace(hour=11)):
        params = f"1,Jam,Paper jam,,2,3,0,1,,0,{type_id},,,,,,4"
        assert integria.call("update_incident", params) == "1"
    assert _values(integria, 1) == {serial: "SN-1", version: "4"}
    tracking = integria.call("get_incident_tracking", "1").splitlines()
    assert tracking[-1] == '5,1,1,"2024-05-01 11:00:00",admin,0,Updated,'


def test_an_agent_who_opens_a_ticket_sets_its_values(integria: Integria) -> None:
    """The opener fills the opening values whether or not they may change the ticket later
    (the core's rule for every edge; here: no group, not its owner)."""
    type_id, serial, _version, _item = _setup(integria)
    with unit_of_work(integria.runtime.factory) as session:
        make_user(session, Role.AGENT, login="tech", password="tech")
    params = f"Jam,0,3,Paper jam,,{type_id},,,0,1,,,,,,SN-7"
    assert integria.call("create_incident", params, user="tech", password="tech") == "1"
    assert _values(integria, 1) == {serial: "SN-7"}
