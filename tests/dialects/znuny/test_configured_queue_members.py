"""Queue permissions on memberships written only by a site file (``POST
/polydesk/v1/config/apply`` as root@localhost, issue 14): agent2, in no queue, is denied a Raw
ticket; once the file makes it a member of Raw it reads and changes the ticket and finds it in
TicketSearch; when the file takes the membership away, access ends again."""

from __future__ import annotations

from typing import Any

from tests.dialects.edges import V1, basic
from tests.dialects.znuny.conftest import ZNUNY7, Znuny, error

AGENT2 = {"UserLogin": "agent2", "Password": "agent2"}
DENIED = error("TicketGet.AccessDenied", "TicketGet: User does not have access to the ticket!")


def _apply(znuny: Znuny, document: str) -> list[tuple[str, str]]:
    response = znuny.client.post(
        f"{V1}/config/apply",
        headers=basic("root@localhost", "root"),
        json={"document": document},
    )
    assert response.status_code == 200, response.text
    return [(step["name"], step["action"]) for step in response.json()["steps"]]


def _get(znuny: Znuny, ticket_id: str) -> Any:
    return znuny.call("GET", f"/Ticket/{ticket_id}", params=AGENT2)


def test_a_configured_queue_membership_gives_access(znuny: Znuny) -> None:
    ticket_id = znuny.create("In Raw")["TicketID"]
    assert _get(znuny, ticket_id) == DENIED

    assert _apply(znuny, "users:\n  - {login: agent2, helpdesks: [Raw]}\n") == [
        ("agent2", "update")
    ]

    assert _get(znuny, ticket_id)["Ticket"][0]["Queue"] == "Raw"
    changed = znuny.call(
        "PATCH", f"/Ticket/{ticket_id}", body={**AGENT2, "Ticket": {"Title": "Taken"}}
    )
    assert changed["TicketID"] == ticket_id, changed
    found = znuny.call("POST", "/Ticket/Search", body={**AGENT2, "Queues": ["Raw"]}, service=ZNUNY7)
    assert found == {"TicketID": [ticket_id]}

    _apply(znuny, "users:\n  - {login: agent2, helpdesks: []}\n")
    assert _get(znuny, ticket_id) == DENIED
