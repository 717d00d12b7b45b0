"""One request, every edge: what InvGate writes (request, reply, file) reads the same through
the native API and Znuny's TicketGet, and a native change reads back through InvGate."""

from __future__ import annotations

from typing import Any

from tests.dialects.edges import native
from tests.dialects.invgate.conftest import API_AUTH, InvGate

ZNUNY = "/otrs/nph-genericinterface.pl/Webservice/GenericTicketConnectorREST"


def _native(invgate: InvGate, method: str, path: str, body: Any = None) -> Any:
    return native(invgate.client, API_AUTH, method, path, body)


def test_an_invgate_request_through_every_edge(invgate: InvGate) -> None:
    ident = invgate.create(title="Keyboard", description="Wireless, please", priority_id=4)
    invgate.ok(
        "POST",
        "incident.comment",
        data={"request_id": ident, "author_id": invgate.users["api"], "comment": "Ordered"},
        files=[("attachments[]", ("quote.pdf", b"%PDF"))],
    )

    ticket = _native(invgate, "GET", f"/tickets/{ident}")
    comments = _native(invgate, "GET", f"/tickets/{ident}/comments")
    files = _native(invgate, "GET", f"/tickets/{ident}/attachments")
    znuny = invgate.client.get(
        f"{ZNUNY}/Ticket/{ident}", params={"UserLogin": "api", "Password": "secret"}
    ).json()["Ticket"][0]

    assert (ticket["title"], ticket["description"]) == ("Keyboard", "Wireless, please")
    assert ticket["priority"]["name"] == "Urgent" and ticket["status"]["name"] == "New"
    assert ticket["requester_id"] == invgate.users["carla"]
    assert [c["body"] for c in comments["items"]] == ["Ordered"]
    assert [f["filename"] for f in files["items"]] == ["quote.pdf"]
    assert (znuny["TicketID"], znuny["Title"], znuny["TicketNumber"]) == (
        ident,
        "Keyboard",
        invgate.ok("GET", "incident", {"id": ident})["pretty_id"],
    )


def test_a_native_change_reads_back_through_invgate(invgate: InvGate) -> None:
    ident = invgate.create()
    statuses = {
        row["name"]: row["id"] for row in _items(_native(invgate, "GET", "/catalogs/status"))
    }

    _native(invgate, "PATCH", f"/tickets/{ident}", {"status_id": statuses["Waiting for customer"],
                                                   "owner_id": invgate.users["alice"]})  # fmt: skip

    body = invgate.ok("GET", "incident", {"id": ident})
    assert body["status_id"] == 4 and body["assigned_id"] == invgate.users["alice"]


def _items(answer: Any) -> list[dict[str, Any]]:
    return list(answer["items"] if isinstance(answer, dict) else answer)
