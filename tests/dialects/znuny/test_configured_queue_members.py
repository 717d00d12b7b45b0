"""Queue permissions on memberships written only by a site file (``POST
/polydesk/v1/config/apply`` as root@localhost, issue 14): agent2, in no queue, is denied a Raw
ticket; once the file makes it a member of Raw it reads and changes the ticket and finds it in
TicketSearch; when the file takes the membership away, access ends again."""

from __future__ import annotations

from typing import Any

from tests.dialects.znuny.conftest import ZNUNY7, error
from tests.dialects.znuny.public import PublicZnuny
from tests.dialects.znuny.public import public_znuny as public_znuny  # the fixture ``znuny``

DENIED = error("TicketGet.AccessDenied", "TicketGet: User does not have access to the ticket!")


def _apply(znuny: PublicZnuny, document: str) -> list[tuple[str, str]]:
    return [(step["name"], step["action"]) for step in znuny.apply(document)["steps"]]


def _get(znuny: PublicZnuny, ticket_id: str) -> Any:
    return znuny.call("GET", f"/Ticket/{ticket_id}", params=znuny.agent("agent2"))


def test_a_configured_queue_membership_gives_access(znuny: PublicZnuny) -> None:
    agent2 = znuny.agent("agent2")
    ticket_id = znuny.create("In Raw")["TicketID"]
    assert _get(znuny, ticket_id) == DENIED

    assert _apply(znuny, "users:\n  - {login: agent2, helpdesks: [Raw]}\n") == [
        ("agent2", "update")
    ]

    assert _get(znuny, ticket_id)["Ticket"][0]["Queue"] == "Raw"
    changed = znuny.call(
        "PATCH", f"/Ticket/{ticket_id}", body={**agent2, "Ticket": {"Title": "Taken"}}
    )
    assert changed["TicketID"] == ticket_id, changed
    found = znuny.call("POST", "/Ticket/Search", body={**agent2, "Queues": ["Raw"]}, service=ZNUNY7)
    assert found == {"TicketID": [ticket_id]}

    _apply(znuny, "users:\n  - {login: agent2, helpdesks: []}\n")
    assert _get(znuny, ticket_id) == DENIED
