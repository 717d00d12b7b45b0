"""``get_inventories`` and ``get_incident_inventories`` on inventory written only by a site file
through the admin API (``POST /polydesk/v1/config/apply`` as Integria's admin): the same
answers as for items created any other way, and a changed entry seen by the next call."""

from __future__ import annotations

from typing import Any

from tests.dialects.edges import V1
from tests.dialects.integria.public import PublicIntegria
from tests.dialects.integria.public import public_integria as public_integria  # ``integria``

SITE = """\
inventory:
  - name: Sample inventory object
  - name: Sanchez
    type: Computer
    owner: admin
    public: false
    description: Sancho's computer
    received_on: 2013-08-19
"""


def _apply(integria: PublicIntegria, document: str) -> list[dict[str, Any]]:
    steps: list[dict[str, Any]] = integria.apply(document)["steps"]
    return steps


def test_inventories_of_a_site_file_are_listed(integria: PublicIntegria) -> None:
    assert integria.call("get_inventories") == "false"
    steps = _apply(integria, SITE)
    assert [(step["name"], step["action"]) for step in steps] == [
        ("Sample inventory object", "create"),
        ("Sanchez", "create"),
    ]

    assert integria.call("get_inventories") == "1,Sample&#x20;inventory&#x20;object\n2,Sanchez\n"
    assert integria.call("get_inventories", return_type="xml") == (
        "<xml>\n<inventory>\n<id>1</id>\n<name>Sample&#x20;inventory&#x20;object</name>\n"
        "</inventory>\n<inventory>\n<id>2</id>\n<name>Sanchez</name>\n</inventory>\n</xml>\n"
    )
    integria.call("create_incident", "Disk full,2,3,Server is down,,0,,,0,1")
    assert integria.call("add_inventory_to_ticket", "1,2") == "1"
    assert integria.call("get_incident_inventories", "1") == (
        "2,1,admin,Sanchez,0,Sancho&#039;s&#x20;computer,0,0,0,1,2024-05-01,new,2013-08-19,"
        "0000-00-00\n"
    )


def test_a_changed_entry_is_what_the_next_call_answers(integria: PublicIntegria) -> None:
    _apply(integria, SITE)
    assert _apply(integria, SITE) == [
        {"section": "inventory", "name": "Sample inventory object", "action": "keep", "line": 2},
        {"section": "inventory", "name": "Sanchez", "action": "keep", "line": 3},
    ]
    response = integria.client.put(
        f"{V1}/config/inventory/Sanchez",
        headers=integria.admin,
        json={"name": "Sanchez", "status": "inuse", "owner": None, "public": True},
    )
    assert response.status_code == 200, response.text

    integria.call("create_incident", "Disk full,2,3,Server is down,,0,,,0,1")
    integria.call("add_inventory_to_ticket", "1,2")
    row = integria.call("get_incident_inventories", "1").split(",")
    del row[10]  # last_update: the database's clock on an update, not the test's
    assert ",".join(row) == (
        "2,1,,Sanchez,1,Sancho&#039;s&#x20;computer,0,0,0,1,inuse,2013-08-19,0000-00-00\n"
    )


def test_a_refused_file_leaves_the_inventory_as_it_was(integria: PublicIntegria) -> None:
    response = integria.client.post(
        f"{V1}/config/apply",
        headers=integria.admin,
        json={"document": SITE + "  - name: Orphan\n    parent: Nowhere\n"},
    )

    assert response.status_code == 422, response.text
    assert "inventory Nowhere not found" in response.text
    assert integria.call("get_inventories") == "false"
