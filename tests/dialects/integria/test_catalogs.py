"""Golden tests for the catalog listings (spec §3.25-3.27, §3.32, §3.33, §5, §7)."""

from __future__ import annotations

from datetime import date

from polydesk.core.actor import SYSTEM
from polydesk.customfields.service import CustomFieldCreate, create_field, set_ticket_values
from polydesk.db.uow import unit_of_work
from polydesk.inventory.service import InventoryItemCreate, create_item
from polydesk.models.catalogs import TicketType
from polydesk.models.customfields import FieldType
from polydesk.users.service import get_user_by_login
from tests.dialects.integria.conftest import Integria

HEADER = "<xml version='1.0' encoding='UTF-8'>\n"
LABEL_ENCO = "dGVzdGluZyYjeDIwO2xpc3Q="  # base64 of "testing&#x20;list"


def _c(tag: str, rows: list[tuple[str, str]]) -> str:
    body = "".join(f"<{tag}>\n<id>{i}</id>\n<name>{n}</name>\n</{tag}>\n" for i, n in rows)
    return f"<xml>\n{body}</xml>\n"


STATUSES = [
    ("1", "New"), ("2", "Unconfirmed"), ("3", "Assigned"), ("4", "Re-opened"),
    ("5", "Pending to be closed"), ("6", "Pending on a third person"), ("7", "Closed"),
]  # fmt: skip
RESOLUTIONS = [
    ("1", "Fixed"), ("2", "Invalid"), ("3", "Wont fix"), ("4", "Duplicate"),
    ("5", "Works for me"), ("6", "Incomplete"), ("7", "Expired"), ("8", "Moved"),
    ("9", "In process"),
]  # fmt: skip
PRIORITIES = [
    ("10", "Maintenance"), ("0", "Informative"), ("1", "Low"), ("2", "Medium"), ("3", "Serious"),
    ("4", "Very serious"),
]  # fmt: skip


def test_get_incidents_status(integria: Integria) -> None:
    assert integria.call("get_incidents_status") == (
        '1,New\n2,Unconfirmed\n3,Assigned\n4,Re-opened\n5,"Pending to be closed"\n'
        '6,"Pending on a third person"\n7,Closed\n'
    )
    assert integria.call("get_incidents_status", return_type="xml") == _c("status", STATUSES)
    assert integria.call("get_incidents_status", return_type="json") == (
        '[{"id":"1","name":"New"},{"id":"2","name":"Unconfirmed"},{"id":"3","name":"Assigned"},'
        '{"id":"4","name":"Re-opened"},{"id":"5","name":"Pending to be closed"},'
        '{"id":"6","name":"Pending on a third person"},{"id":"7","name":"Closed"}]'
    )
    assert integria.call("get_incidents_status", return_type="XML") == ""


def test_get_incidents_resolutions(integria: Integria) -> None:
    assert integria.call("get_incidents_resolutions") == (
        '1,Fixed\n2,Invalid\n3,"Wont fix"\n4,Duplicate\n5,"Works for me"\n6,Incomplete\n'
        '7,Expired\n8,Moved\n9,"In process"\n'
    )
    xml = integria.call("get_incidents_resolutions", return_type="xml")
    assert xml == _c("resolution", RESOLUTIONS)
    assert integria.call("get_incidents_resolutions", return_type="junk") == ""


def test_get_incident_priorities(integria: Integria) -> None:
    assert integria.call("get_incident_priorities") == (
        '10,Maintenance\n0,Informative\n1,Low\n2,Medium\n3,Serious\n4,"Very serious"\n'
    )
    xml = integria.call("get_incident_priorities", return_type="xml")
    assert xml.startswith("<xml>\n<priority>\n<id>10</id>\n<name>Maintenance</name>\n</priority>\n")
    assert xml == _c("priority", PRIORITIES)
    assert integria.call("get_incident_priorities", return_type="json") == (
        '[{"id":"10","name":"Maintenance"},{"id":"0","name":"Informative"},'
        '{"id":"1","name":"Low"},{"id":"2","name":"Medium"},{"id":"3","name":"Serious"},'
        '{"id":"4","name":"Very serious"}]'
    )


def test_get_types(integria: Integria) -> None:
    csv = (
        "1,Unclassified\n2,Incident\n3,Service&#x20;request\n4,Question\n5,Problem\n6,Change\n"
        "7,Major&#x20;incident\n"
    )
    assert integria.call("get_types") == csv
    types = [tuple(line.split(",")) for line in csv.splitlines()]
    assert integria.call("get_types", return_type="xml") == _c("type", types)  # type: ignore[arg-type]
    assert integria.call("get_types", return_type="json") == (
        '[{"id":"1","name":"Unclassified"},{"id":"2","name":"Incident"},'
        '{"id":"3","name":"Service&#x20;request"},{"id":"4","name":"Question"},'
        '{"id":"5","name":"Problem"},{"id":"6","name":"Change"},'
        '{"id":"7","name":"Major&#x20;incident"}]'
    )
    assert integria.call("get_types", return_type="junk") == ""


# --- get_incident_fields -----------------------------------------------------------------------


def _type_with_fields(integria: Integria) -> tuple[int, int, int]:
    with unit_of_work(integria.runtime.factory) as session:
        ticket_type = TicketType(name="Software issues")
        session.add(ticket_type)
        session.flush()
        text = create_field(
            session,
            SYSTEM,
            CustomFieldCreate(
                name="testing list", field_type=FieldType.TEXT, ticket_type_id=ticket_type.id,
                show_in_list=True, position=1,
            ),
        )  # fmt: skip
        combo = create_field(
            session,
            SYSTEM,
            CustomFieldCreate(
                name="Version", field_type=FieldType.LIST, ticket_type_id=ticket_type.id,
                options=["3", "3.1", "4"], position=2,
            ),
        )  # fmt: skip
        return ticket_type.id, text.id, combo.id


def test_get_incident_fields_of_a_type(integria: Integria) -> None:
    type_id, text_id, combo_id = _type_with_fields(integria)
    assert integria.call("get_incident_fields", str(type_id)) == (
        f'{LABEL_ENCO},{text_id},{text_id},{type_id},{type_id},"testing list","testing list",'
        "text,text,,,1,1,,,0,0,,,1,1,,0\n"
        f"VmVyc2lvbg==,{combo_id},{combo_id},{type_id},{type_id},Version,Version,combo,combo,"
        '"3,3.1,4","3,3.1,4",0,0,,,0,0,,,2,2,,0\n'
    )


def test_get_incident_fields_with_a_ticket(integria: Integria) -> None:
    type_id, text_id, combo_id = _type_with_fields(integria)
    assert integria.call("create_incident", f"Disk full,2,3,Server is down,,{type_id},,,0,1") == "1"
    with unit_of_work(integria.runtime.factory) as session:
        set_ticket_values(session, SYSTEM, 1, {text_id: "content test", combo_id: "3.1"})
    csv = integria.call("get_incident_fields", f"{type_id},1")
    assert csv == (
        f'{LABEL_ENCO},{text_id},{text_id},{type_id},{type_id},"testing list","testing list",'
        'text,text,,,1,1,,,0,0,,,1,1,"content test",0\n'
        f"VmVyc2lvbg==,{combo_id},{combo_id},{type_id},{type_id},Version,Version,combo,combo,"
        '"3,3.1,4","3,3.1,4",0,0,,,0,0,,,2,2,3.1,0\n'
    )
    xml = integria.call("get_incident_fields", f"{type_id},1", return_type="xml")
    assert xml == (
        "<xml>\n<field>\n"
        f"<label_enco>{LABEL_ENCO}</label_enco>\n<id>{text_id}</id>\n"
        f"<id_incident_type>{type_id}</id_incident_type>\n<label>testing list</label>\n"
        "<type>text</type>\n<combo_value></combo_value>\n<show_in_list>1</show_in_list>\n"
        "<global_id></global_id>\n<parent>0</parent>\n<linked_value></linked_value>\n"
        "<order>1</order>\n<data>content test</data>\n<blocked>0</blocked>\n</field>\n"
        "<field>\n"
        f"<label_enco>VmVyc2lvbg==</label_enco>\n<id>{combo_id}</id>\n"
        f"<id_incident_type>{type_id}</id_incident_type>\n<label>Version</label>\n"
        "<type>combo</type>\n<combo_value>3,3.1,4</combo_value>\n<show_in_list>0</show_in_list>\n"
        "<global_id></global_id>\n<parent>0</parent>\n<linked_value></linked_value>\n"
        "<order>2</order>\n<data>3.1</data>\n<blocked>0</blocked>\n</field>\n</xml>\n"
    )
    json = integria.call("get_incident_fields", f"{type_id},1", return_type="json")
    assert json.startswith(
        f'[{{"label_enco":"{LABEL_ENCO}","id":"{text_id}","id_incident_type":"{type_id}",'
        '"label":"testing list","type":"text","combo_value":"","show_in_list":"1",'
        '"global_id":null,"parent":"0","linked_value":null,"order":"1",'
        '"data":"content test","blocked":"0"},'
    )
    assert '"type":"combo","combo_value":"3,3.1,4"' in json


def test_get_incident_fields_of_no_type(integria: Integria) -> None:
    _type_with_fields(integria)
    assert integria.call("get_incident_fields", "0") == ""
    assert integria.call("get_incident_fields", "99") == ""
    assert integria.call("get_incident_fields", "0", return_type="xml") == "<xml>\n</xml>\n"
    assert integria.call("get_incident_fields", "0", return_type="json") == "[]"


# --- get_inventories / get_incident_inventories ------------------------------------------------


def _items(integria: Integria) -> None:
    with unit_of_work(integria.runtime.factory) as session:
        admin = get_user_by_login(session, "admin")
        assert admin is not None
        create_item(session, SYSTEM, InventoryItemCreate(name="Sample inventory object"))
        create_item(
            session,
            SYSTEM,
            InventoryItemCreate(
                name="Sanchez", item_type="Computer", owner_id=admin.id, is_public=False,
                description="Sancho's computer", received_on=date(2013, 8, 19),
            ),
        )  # fmt: skip


def test_get_inventories_when_there_are_none(integria: Integria) -> None:
    assert integria.call("get_inventories") == "false"
    assert integria.call("get_inventories", return_type="xml") == "<xml>\nfalse</xml>\n"


def test_get_inventories(integria: Integria) -> None:
    _items(integria)
    assert integria.call("get_inventories") == "1,Sample&#x20;inventory&#x20;object\n2,Sanchez\n"
    assert integria.call("get_inventories", return_type="xml") == _c(
        "inventory", [("1", "Sample&#x20;inventory&#x20;object"), ("2", "Sanchez")]
    )
    assert integria.call("get_inventories", return_type="junk") == ""


ROW_1 = "1,0,,Sample&#x20;inventory&#x20;object,1,,0,0,0,1,2024-05-01,new,0000-00-00,0000-00-00\n"
ROW_2 = (
    "2,1,admin,Sanchez,0,Sancho&#039;s&#x20;computer,0,0,0,1,2024-05-01,new,2013-08-19,0000-00-00\n"
)


def test_add_inventory_to_ticket_and_list_it(integria: Integria) -> None:
    _items(integria)
    integria.call("create_incident", "Disk full,2,3,Server is down,,0,,,0,1")
    assert integria.call("get_incident_inventories", "1") == ""
    assert integria.call("add_inventory_to_ticket", "1,1") == "1"
    assert integria.call("add_inventory_to_ticket", "1,1") == "0"  # already linked
    assert integria.call("add_inventory_to_ticket", "1,2", return_type="xml") == (
        f"{HEADER}<data>1</data>\n</xml>\n"
    )
    assert integria.call("get_incident_inventories", "1") == ROW_1 + ROW_2
    xml = integria.call("get_incident_inventories", "1", return_type="xml")
    fields = (
        "id", "id_object_type", "owner", "name", "public", "description", "id_contract",
        "id_manufacturer", "id_parent", "show_list", "last_update", "status", "receipt_date",
        "issue_date",
    )  # fmt: skip
    records = "".join(
        "<inventory>"
        + "".join(
            f"<{k}><![CDATA[{v}]]></{k}>\n"
            for k, v in zip(fields, row[:-1].split(","), strict=True)
        )
        + "</inventory>\n"
        for row in (ROW_1, ROW_2)
    )
    assert xml == f"{HEADER}{records}</xml>\n"
    assert xml.startswith(f"{HEADER}<inventory><id><![CDATA[1]]></id>\n<id_object_type>")


def test_add_inventory_to_ticket_refusals(integria: Integria) -> None:
    _items(integria)
    integria.call("create_incident", "Disk full,2,3,Server is down,,0,,,0,1")
    assert integria.call("add_inventory_to_ticket", "1,99") == "0"
    assert integria.call("add_inventory_to_ticket", "1,99", return_type="xml") == (
        f"{HEADER}<data>0</data>\n</xml>\n"
    )
    assert integria.call("add_inventory_to_ticket", "99,1") == ""
    assert integria.call("get_incident_inventories", "99") == ""
