"""Dynamic fields defined only by a site file (``POST /polydesk/v1/config/apply``, as
root@localhost): TicketCreate sets them by name, TicketGet with DynamicFields=1 shows them,
TicketSearch finds by ``DynamicField_<Name>``, and a later file's changes (an option added, a
field disabled) are what the dialect sees next."""

from __future__ import annotations

from typing import Any

from tests.dialects.znuny.conftest import ZNUNY7, error
from tests.dialects.znuny.public import PublicZnuny
from tests.dialects.znuny.public import public_znuny as public_znuny  # the fixture ``znuny``

SITE = """\
custom_fields:
  - name: Version
    type: list
    options: ["3", "3.1", "4"]
    position: 1
  - name: Components
    type: multi_list
    options: [cpu, ram, disk]
    position: 2
  - name: Serial
    type: text
    label: Serial number
    position: 3
  - name: RootCause
    type: textarea
    ticket_type: Problem
"""


def _dynamic_fields(znuny: PublicZnuny, ticket_id: str) -> Any:
    answer = znuny.call("GET", f"/Ticket/{ticket_id}", params={**znuny.root, "DynamicFields": 1})
    return answer["Ticket"][0].get("DynamicField")


def _search(znuny: PublicZnuny, **body: Any) -> Any:
    answer = znuny.call("POST", "/Ticket/Search", body={**znuny.root, **body}, service=ZNUNY7)
    return answer.get("TicketID", [])


def test_ticket_create_sets_configured_fields_and_ticket_get_shows_them(znuny: PublicZnuny) -> None:
    znuny.apply(SITE)

    created = znuny.create(
        DynamicField=[
            {"Name": "Version", "Value": "3.1"},
            {"Name": "Components", "Value": ["ram", "cpu"]},
        ]
    )

    assert _dynamic_fields(znuny, created["TicketID"]) == [
        {"Name": "Components", "Value": ["cpu", "ram"]},  # in the file's option order
        {"Name": "Serial", "Value": None},
        {"Name": "Version", "Value": "3.1"},
    ]  # by name, as Znuny sorts them; RootCause applies to Problem tickets only


def test_ticket_search_finds_by_a_configured_field(znuny: PublicZnuny) -> None:
    znuny.apply(SITE)
    first = znuny.create(DynamicField={"Name": "Version", "Value": "3.1"})["TicketID"]
    znuny.create(DynamicField={"Name": "Version", "Value": "4"})

    assert _search(znuny, DynamicField_Version={"Equals": "3.1"}) == [first]
    assert _search(znuny, DynamicField_Serial={"Equals": "x"}) == []


def test_a_value_outside_the_file_s_options_is_refused(znuny: PublicZnuny) -> None:
    znuny.apply(SITE)

    answer = znuny.call(
        "POST",
        "/Ticket",
        body={
            **znuny.root,
            "Ticket": {"Title": "t", "Queue": "Raw", "State": "new", "Priority": "3 normal",
                       "CustomerUser": "customer1"},
            "Article": {"Subject": "s", "Body": "b", "ContentType": "text/plain; charset=utf8"},
            "DynamicField": {"Name": "Version", "Value": "5"},
        },
    )  # fmt: skip

    assert answer == error(
        "TicketCreate.InvalidParameter", "TicketCreate: DynamicField->Value parameter is invalid!"
    )


def test_a_later_file_s_changes_reach_the_dialect(znuny: PublicZnuny) -> None:
    znuny.apply(SITE)
    ticket_id = znuny.create(DynamicField={"Name": "Serial", "Value": "SN-1"})["TicketID"]
    changed = SITE.replace('["3", "3.1", "4"]', '["3", "3.1", "4", "5"]').replace(
        "label: Serial number", "label: Serial number\n    enabled: false"
    )

    plan = znuny.apply(changed)
    updated = znuny.call(
        "PATCH",
        f"/Ticket/{ticket_id}",
        body={**znuny.root, "DynamicField": {"Name": "Version", "Value": "5"}},
    )

    assert [(s["name"], s["action"]) for s in plan["steps"] if s["action"] != "keep"] == [
        ("Version", "update"),
        ("Serial", "update"),
    ]
    assert updated["TicketID"] == ticket_id, updated
    assert _dynamic_fields(znuny, ticket_id) == [
        {"Name": "Components", "Value": None},
        {"Name": "Version", "Value": "5"},
    ]  # a disabled field is no longer shown
    refused = znuny.create(DynamicField={"Name": "Serial", "Value": "SN-2"})
    assert refused == error(
        "TicketCreate.InvalidParameter", "TicketCreate: DynamicField->Name parameter is invalid!"
    )
