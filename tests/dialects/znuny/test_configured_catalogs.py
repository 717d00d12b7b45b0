"""Znuny states, priorities and types are an admin's data in Znuny; in Polydesk they are the
core's catalogs, which a site file fills (``statuses``, ``priorities``, ``ticket_types``,
issue 14). A row a file adds without a ``znuny`` code is what Znuny makes of a new state,
priority or type: known by its name, its row id as its ``...ID``."""

from __future__ import annotations

from tests.dialects.znuny.conftest import ZNUNY7
from tests.dialects.znuny.public import PublicZnuny
from tests.dialects.znuny.public import public_znuny as public_znuny  # the fixture ``znuny``

SITE = """\
statuses:
  - {name: In review, category: open}
priorities:
  - {name: 6 blocker, color: "#000000"}
ticket_types:
  - {name: Change request}
"""


def test_configured_state_priority_and_type_by_name(znuny: PublicZnuny) -> None:
    znuny.apply(SITE)

    made = znuny.create(
        ticket={"State": "In review", "Priority": "6 blocker", "Type": "Change request"}
    )

    assert "TicketID" in made, made
    ticket = znuny.call("GET", f"/Ticket/{made['TicketID']}", params=znuny.root)["Ticket"][0]
    assert (ticket["State"], ticket["StateType"]) == ("In review", "open")
    assert (ticket["Priority"], ticket["Type"]) == ("6 blocker", "Change request")


def test_configured_state_by_id_and_in_searches(znuny: PublicZnuny) -> None:
    znuny.apply(SITE)
    first = znuny.create(ticket={"State": "in review"})  # names in any case, as Znuny
    state_id = znuny.call("GET", f"/Ticket/{first['TicketID']}", params=znuny.root)["Ticket"][0][
        "StateID"
    ]

    again = znuny.create(ticket={"StateID": state_id})
    znuny.create(ticket={"State": "open"})

    ticket = znuny.call("GET", f"/Ticket/{again['TicketID']}", params=znuny.root)["Ticket"][0]
    assert ticket["State"] == "In review"
    body = {**znuny.root, "States": ["In review"]}
    found = znuny.call("POST", "/Ticket/Search", body=body, service=ZNUNY7)
    assert sorted(found["TicketID"]) == sorted([first["TicketID"], again["TicketID"]])
