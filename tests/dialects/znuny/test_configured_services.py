"""Znuny services are the core's categories (``Parent::Child``). A service a site file adds
(``POST /polydesk/v1/config/apply`` as root@localhost, issue 14) is known by name and id to
TicketCreate, TicketUpdate, TicketGet and TicketSearch."""

from __future__ import annotations

from typing import Any

from tests.dialects.znuny.conftest import ZNUNY7, error
from tests.dialects.znuny.public import PublicZnuny
from tests.dialects.znuny.public import public_znuny as public_znuny  # the fixture ``znuny``

SITE = """\
categories:
  - path: Facilities
  - path: Facilities/Printers
    description: Every printer on site
  - path: Facilities/Printers/Toner
"""
INVALID = error(
    "TicketCreate.InvalidParameter",
    "TicketCreate: Ticket->ServiceID or Ticket->Service parameter is invalid!",
)


def _apply(znuny: PublicZnuny, document: str) -> list[tuple[str, str]]:
    return [(step["name"], step["action"]) for step in znuny.apply(document)["steps"]]


def _ticket(znuny: PublicZnuny, ticket_id: str) -> dict[str, Any]:
    ticket: dict[str, Any] = znuny.call("GET", f"/Ticket/{ticket_id}", params=znuny.root)["Ticket"][
        0
    ]
    return ticket


def _search(znuny: PublicZnuny, **body: Any) -> Any:
    answer = znuny.call("POST", "/Ticket/Search", body={**znuny.root, **body}, service=ZNUNY7)
    return answer.get("TicketID", [])


def test_configured_services_are_known_by_name_and_id(znuny: PublicZnuny) -> None:
    assert znuny.create(ticket={"Service": "Facilities::Printers"}) == INVALID  # not yet

    assert _apply(znuny, SITE) == [
        ("Facilities", "create"),
        ("Facilities/Printers", "create"),
        ("Facilities/Printers/Toner", "create"),
    ]
    made = znuny.create(ticket={"Service": "facilities::printers"})  # Znuny ignores case here
    ticket = _ticket(znuny, made["TicketID"])
    assert ticket["Service"] == "Facilities::Printers"
    toner = znuny.create("Toner low", ticket={"Service": "Facilities::Printers::Toner"})
    toner_service = _ticket(znuny, toner["TicketID"])["ServiceID"]
    other = znuny.create("Elsewhere")

    assert _search(znuny, Services=["Facilities::Printers"]) == [made["TicketID"]]
    assert _search(znuny, ServiceIDs=[toner_service]) == [toner["TicketID"]]
    body = {**znuny.root, "Ticket": {"ServiceID": toner_service}}
    assert (
        znuny.call("PATCH", f"/Ticket/{other['TicketID']}", body=body)["TicketID"]
        == (other["TicketID"])
    )
    assert _ticket(znuny, other["TicketID"])["Service"] == "Facilities::Printers::Toner"


def test_a_service_the_file_disables_is_refused_for_new_tickets(znuny: PublicZnuny) -> None:
    _apply(znuny, SITE)
    made = znuny.create(ticket={"Service": "Facilities::Printers::Toner"})

    disabled = _apply(
        znuny, "categories:\n  - path: Facilities/Printers/Toner\n    enabled: false\n"
    )

    assert disabled == [("Facilities/Printers/Toner", "update")]
    assert _ticket(znuny, made["TicketID"])["Service"] == "Facilities::Printers::Toner"
    assert znuny.create(ticket={"Service": "Facilities::Printers::Toner"}) == INVALID
