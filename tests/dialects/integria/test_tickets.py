"""Golden tests for the ticket ops, replaying the seed's calls (with the spec's corrections)."""

from __future__ import annotations

from polydesk.core.clock import frozen
from tests.dialects.integria.conftest import NOW, Integria

HEADER = "<xml version='1.0' encoding='UTF-8'>\n"
# tincidencia after create_incident "Disk full,2,3,Server is down,,0,,,0,1" by admin.
DETAILS = (
    '1,"2024-05-01 10:00:00","0000-00-00 00:00:00",Disk&#x20;full,Server&#x20;is&#x20;down,,1,3,'
    '2,"2024-05-01 10:00:00",admin,0,0,,,0,0,0,0,,admin,0,"0000-00-00 00:00:00",,,,0,0,0,0,0,,,0,0'
)


def _create(integria: Integria, params: str = "Disk full,2,3,Server is down,,0,,,0,1") -> str:
    return integria.call("create_incident", params)


def test_create_incident_returns_the_new_id_in_csv_and_xml(integria: Integria) -> None:
    assert _create(integria) == "1"
    xml = integria.call(
        "create_incident", "Disk full,2,3,Server is down,,0,,,0,1", return_type="xml"
    )
    assert xml == f"{HEADER}<data>2</data>\n</xml>\n"


def test_seed_create_example_with_the_invalid_escape(integria: Integria) -> None:
    # The seed's own call: "%in" is not an escape and stays as it is; "1:2:3" names inventory 1,
    # which does not exist here, so the product's INSERT-failure answer -1 comes back.
    url = (
        "/include/api.php?user=admin&user_pass=integria&op=create_incident"
        "&params=Titulo%20de%20la%20incidencia,2,1,Descripcion%20de%20la%incidencia,1:2:3,"
        "0,,admin,0,1"
    )
    assert integria.client.get(url).text == "-1"
    url = url.replace(",1:2:3,", ",,")
    new_id = integria.client.get(url).text  # PostgreSQL spent an id on the refused insert
    assert new_id.isdigit()
    details = integria.call("get_incident_details", new_id)
    assert (
        "Titulo&#x20;de&#x20;la&#x20;incidencia,Descripcion&#x20;de&#x20;la%incidencia" in details
    )


def test_get_incident_details_csv_and_xml(integria: Integria) -> None:
    _create(integria)
    assert integria.call("get_incident_details", "1") == DETAILS + "\n"
    xml = integria.call("get_incident_details", "1", return_type="xml")
    assert xml.startswith(f"{HEADER}<id_incidencia><![CDATA[1]]></id_incidencia>\n<inicio>")
    assert "<titulo><![CDATA[Disk&#x20;full]]></titulo>\n" in xml
    assert xml.endswith("<gold_medals><![CDATA[0]]></gold_medals>\n</xml>\n")
    assert xml.count("<![CDATA[") == 35
    # params is not split: "1,2" is ticket 1, as MySQL casts it.
    assert integria.call("get_incident_details", "1,2") == DETAILS + "\n"
    assert integria.call("get_incident_details", "99") == ""
    assert integria.call("get_incident_details", "99", return_type="xml") == ""


def test_get_incidents_lists_with_work_totals(integria: Integria) -> None:
    _create(integria)
    integria.call("create_workunit", "1,Looked at it,0.05,0,1,0")
    assert integria.call("get_incidents", ",-10,1") == (
        DETAILS.replace(
            '"2024-05-01 10:00:00",admin,0,0,,,0', '"2024-05-01 10:00:00",admin,0,0,,,0'
        )
        + ",0.050000000745058,1\n"
    )
    xml = integria.call("get_incidents", ",-10,1", return_type="xml")
    assert xml.startswith(f"{HEADER}<incident><id_incidencia><![CDATA[1]]></id_incidencia>\n")
    assert xml.endswith(
        "<workunits_hours><![CDATA[0.050000000745058]]></workunits_hours>\n"
        "<workunits_count><![CDATA[1]]></workunits_count>\n</incident>\n</xml>\n"
    )


def test_get_incidents_filters(integria: Integria) -> None:
    _create(integria)  # group 2, priority 3, status 1
    _create(integria, "Printer jam,3,1,,,0,,,0,7")
    ids = lambda csv: [line.split(",")[0] for line in csv.splitlines()]  # noqa: E731
    assert ids(integria.call("get_incidents", ",0,1")) == ["2", "1"]  # newest update first
    assert ids(integria.call("get_incidents", ",-10,1")) == ["1"]
    assert ids(integria.call("get_incidents", ",7,1")) == ["2"]
    assert ids(integria.call("get_incidents", ",0,3")) == ["2"]
    assert ids(integria.call("get_incidents", ",0")) == []  # a missing group filters on -1
    assert ids(integria.call("get_incidents", ",0,1,3")) == ["1"]
    assert ids(integria.call("get_incidents", ",0,1,-1,0,,admin")) == ["2", "1"]
    assert ids(integria.call("get_incidents", ",0,1,-1,0,,nobody")) == []
    assert ids(integria.call("get_incidents", "printer,0,1")) == ["2"]
    assert ids(integria.call("get_incidents", ",0,1,-1,0,,,2")) == ["2"]
    assert integria.call("get_incidents", "nothing,0,1") == ""
    assert integria.call("get_incidents", "nothing,0,1", return_type="xml") == "<xml></xml>"


def test_get_incidents_json_for_pandora(integria: Integria) -> None:
    _create(integria)
    body = integria.call("get_incidents", ",0,1", return_type="json")
    assert body.startswith('[{"id_incidencia":"1","inicio":"2024-05-01 10:00:00",')
    assert '"titulo":"Disk&#x20;full"' in body and '"id_parent":null' in body


def test_update_incident_overwrites_every_field(integria: Integria) -> None:
    _create(integria, "Disk full,2,3,Server is down,,0,,,0,1,x1,0,x2,x3,x4")
    result = integria.call(
        "update_incident", "1,nuevo titulo,nueva descripcion,nuevo epilogo,4,2,1,7,admin,0,0"
    )
    assert result == "1"
    fields = integria.call("get_incident_details", "1").rstrip("\n").split(",")
    assert fields[3:9] == ["nuevo&#x20;titulo", "nueva&#x20;descripcion", "admin", "7", "2", "4"]
    assert fields[12:14] == ["1", "nuevo&#x20;epilogo"]  # resolution kept because status 7
    assert fields[2] == '"2024-05-01 10:00:00"'  # cierre set by the close
    assert fields[24:26] == ["", ""] and fields[31:33] == ["", ""]  # extra_data cleared
    assert fields[27:31] == ["1", "0", "7", "1"]  # old_status, old_resolution, new, as sent
    xml = integria.call("update_incident", "1,again,,,4,2,0,3,,0,0", return_type="xml")
    assert xml == f"{HEADER}<data>1</data>\n</xml>\n"
    fields = integria.call("get_incident_details", "1").rstrip("\n").split(",")
    assert fields[5:7] == ["", "3"] and fields[12] == "0"  # owner blanked, resolution forced 0


def test_update_without_title_or_ticket_prints_nothing(integria: Integria) -> None:
    _create(integria)
    assert integria.call("update_incident", "1,,x,,2,3,0,1") == ""
    assert integria.call("update_incident", "42,title,x,,2,3,0,1") == ""


def test_comma_escape_in_and_out(integria: Integria) -> None:
    _create(integria, "Doe:::John,2,3,a:::b")
    fields = integria.call("get_incident_details", "1").split(",")
    assert fields[3:5] == ["Doe:::John", "a:::b"]
    details = integria.call("get_incident_details", "1", change_comma="0")
    assert ',"Doe,John","a,b",' in details


def test_delete_incident_always_answers_1_to_an_admin(integria: Integria) -> None:
    _create(integria)
    assert integria.call("delete_incident", "1") == "1"
    assert integria.call("get_incident_details", "1") == ""
    assert integria.call("delete_incident", "1", return_type="xml") == (
        f"{HEADER}<data>1</data>\n</xml>\n"
    )


def test_tracking_is_written_by_the_core(integria: Integria) -> None:
    _create(integria)
    with frozen(NOW.replace(hour=11)):
        integria.call("update_incident", "1,Disk full,Server is down,,3,4,0,6,admin,0,0")
    csv = integria.call("get_incident_tracking", "1")
    assert csv == (
        '1,1,0,"2024-05-01 10:00:00",admin,0,Created,\n'
        '2,1,7,"2024-05-01 11:00:00",admin,6,"Status changed -> Waiting for third party",\n'
        # id 3 is the core's waiting_started row: Integria writes no line for it
        '4,1,6,"2024-05-01 11:00:00",admin,4,"Priority changed -> 5 (Very serious)",\n'
        '5,1,28,"2024-05-01 11:00:00",admin,3,"Group has changed -> Customer&#x20;#B",\n'
        '6,1,17,"2024-05-01 11:00:00",admin,admin,"Assigned user changed -> admin",\n'
        '7,1,1,"2024-05-01 11:00:00",admin,0,Updated,\n'
    )
    xml = integria.call("get_incident_tracking", "1", return_type="xml")
    assert xml.startswith(
        "<xml>\n<tracking>\n<id_it>1</id_it>\n<id_incident>1</id_incident>\n<state>0</state>\n"
        "<timestamp>2024-05-01 10:00:00</timestamp>\n<id_user>admin</id_user>\n"
        "<id_aditional>0</id_aditional>\n<description>Created</description>\n"
        "<extra_info></extra_info>\n</tracking>\n"
    )
