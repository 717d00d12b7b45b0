"""Znuny's SLA parameters on an install whose SLAs come only from a site file (issue 14): the
admin posts ``slas:`` to ``/polydesk/v1/config/apply``; TicketCreate, TicketUpdate and
TicketSearch then know them by name and refuse a disabled one; changes keep tickets on it."""

from __future__ import annotations

from typing import Any

from tests.dialects.znuny.conftest import ZNUNY7
from tests.dialects.znuny.public import PublicZnuny
from tests.dialects.znuny.public import public_znuny as public_znuny  # the fixture ``znuny``

SITE = """\
slas:
  - name: Gold
    first_response_minutes: 30
    resolution_minutes: 480
  - name: Retired
    enabled: false
"""
SERVICE = "Incident::Hardware"
SLA_INVALID = {
    "Error": {
        "ErrorCode": "TicketCreate.InvalidParameter",
        "ErrorMessage": "TicketCreate: Ticket->SLAID or Ticket->SLA parameter is invalid!",
    }
}


def _configure(znuny: PublicZnuny, method: str, path: str, body: dict[str, Any]) -> Any:
    response = znuny.client.request(
        method, f"/polydesk/v1/config{path}", headers=znuny.admin, json=body
    )
    assert response.status_code == 200, response.text
    return response.json()


def _ticket(znuny: PublicZnuny, ticket_id: str) -> dict[str, Any]:
    answer = znuny.call("GET", f"/Ticket/{ticket_id}", params=znuny.root)
    ticket: dict[str, Any] = answer["Ticket"][0]
    return ticket


def _search(znuny: PublicZnuny, **body: Any) -> Any:
    return znuny.call("POST", "/Ticket/Search", body={**znuny.root, **body}, service=ZNUNY7)


def test_a_configured_sla_is_known_by_name(znuny: PublicZnuny) -> None:
    assert znuny.create(ticket={"Service": SERVICE, "SLA": "Gold"}) == SLA_INVALID  # not yet

    _configure(znuny, "POST", "/apply", {"document": SITE})

    made = znuny.create(ticket={"Service": SERVICE, "SLA": "Gold"})
    ticket = _ticket(znuny, made["TicketID"])
    assert (ticket["Service"], ticket["SLA"]) == (SERVICE, "Gold")
    # A number, as Znuny's TicketGet reads the integer column (``$Row[19] || ''``).
    assert isinstance(ticket["SLAID"], int) and ticket["SLAID"] > 0
    other = znuny.create("Without SLA", ticket={"Service": SERVICE})
    assert _search(znuny, SLAs=["Gold"]) == {"TicketID": [made["TicketID"]]}
    assert _search(znuny, SLAIDs=[ticket["SLAID"]]) == {"TicketID": [made["TicketID"]]}

    body = {**znuny.root, "Ticket": {"SLA": "Gold"}}
    answer = znuny.call("PATCH", f"/Ticket/{other['TicketID']}", body=body)
    assert answer["TicketID"] == other["TicketID"], answer
    assert _ticket(znuny, other["TicketID"])["SLA"] == "Gold"


def test_a_disabled_sla_is_refused_for_new_tickets(znuny: PublicZnuny) -> None:
    _configure(znuny, "POST", "/apply", {"document": SITE})
    assert znuny.create(ticket={"Service": SERVICE, "SLA": "Retired"}) == SLA_INVALID

    _configure(znuny, "PUT", "/slas/Gold", {"enabled": False})
    assert znuny.create(ticket={"Service": SERVICE, "SLA": "Gold"}) == SLA_INVALID
    _configure(znuny, "PUT", "/slas/Retired", {"enabled": True})
    made = znuny.create(ticket={"Service": SERVICE, "SLA": "Retired"})
    assert _ticket(znuny, made["TicketID"])["SLA"] == "Retired"


def test_changed_targets_keep_the_sla_on_its_tickets(znuny: PublicZnuny) -> None:
    _configure(znuny, "POST", "/apply", {"document": SITE})
    made = znuny.create(ticket={"Service": SERVICE, "SLA": "Gold"})
    plan = _configure(znuny, "PUT", "/slas/Gold", {"resolution_minutes": 240})
    assert [step["action"] for step in plan["steps"]] == ["update"], plan

    exported = znuny.client.get("/polydesk/v1/config/slas/Gold", headers=znuny.admin)
    assert exported.json()["resolution_minutes"] == 240
    assert _ticket(znuny, made["TicketID"])["SLA"] == "Gold"
