"""One ticket, every edge: what Znuny writes reads the same through the native API and the
Integria dialect, and what the native API writes reads back through Znuny's TicketGet."""

from __future__ import annotations

from typing import Any

import pytest

from polydesk.db.uow import unit_of_work
from tests.dialects.edges import basic, native, open_integria
from tests.dialects.znuny.conftest import ROOT, Znuny

BASIC = basic("root@localhost", "root")
NOTE = {"Subject": "Toner", "Body": "replaced, works", "ContentType": "text/plain; charset=utf8"}


@pytest.fixture
def edges(znuny: Znuny) -> Znuny:
    """The Znuny installation with the Integria API open to the test client."""
    with unit_of_work(znuny.runtime.factory) as session:
        open_integria(session)
    return znuny


def _native(znuny: Znuny, method: str, path: str, body: Any = None) -> Any:
    return native(znuny.client, BASIC, method, path, body)


def _integria(znuny: Znuny, op: str, params: str) -> str:
    query = {"user": "root@localhost", "user_pass": "root", "op": op, "params": params}
    response = znuny.client.get("/include/api.php", params=query)
    assert response.status_code == 200
    return response.text


def _znuny_ticket(znuny: Znuny, ticket_id: int) -> dict[str, Any]:
    params = {**ROOT, "AllArticles": 1}
    answer = znuny.call("GET", f"/Ticket/{ticket_id}", params=params)
    assert "Ticket" in answer, answer
    ticket: dict[str, Any] = answer["Ticket"][0]
    return ticket


def test_a_znuny_ticket_through_the_native_api(edges: Znuny) -> None:
    created = edges.create(article={"TimeUnit": "15"})
    edges.call("PATCH", "/Ticket/1", body={**ROOT, "Article": {**NOTE, "TimeUnit": "30"}})

    ticket = _native(edges, "GET", "/tickets/1")
    comments = _native(edges, "GET", "/tickets/1/comments")["items"]
    times = _native(edges, "GET", "/tickets/1/time-entries")["items"]

    assert (ticket["id"], ticket["number"], ticket["title"]) == (
        1,
        created["TicketNumber"],
        "Printer on fire",
    )
    assert (ticket["description"], ticket["helpdesk_id"]) == ("It burns", edges.queues["Raw"])
    assert [(c["id"], c["subject"], c["body"]) for c in comments] == [
        (1, "Help", "It burns"),
        (2, "Toner", "replaced, works"),
    ]
    assert [t["duration_seconds"] for t in times] == [900, 1800]
    history = _native(edges, "GET", "/tickets/1/history")["items"]
    assert [event["kind"] for event in history][:2] == ["created", "comment_added"]


def test_a_znuny_ticket_through_integria(edges: Znuny) -> None:
    edges.create(article={"TimeUnit": "15"})
    edges.call("PATCH", "/Ticket/1", body={**ROOT, "Article": {**NOTE, "TimeUnit": "30"}})

    details = _integria(edges, "get_incident_details", "1").split(",")
    workunits = _integria(edges, "get_incident_workunits", "1").splitlines()

    assert (details[0], details[3], details[4]) == (
        "1",
        "Printer&#x20;on&#x20;fire",
        "It&#x20;burns",
    )
    assert [line.split(",")[2:5] for line in workunits] == [
        ["0.50", "root@localhost", "replaced:::&#x20;works"],
        ["0.25", "root@localhost", "It&#x20;burns"],
    ]


def test_a_native_ticket_through_znuny(edges: Znuny) -> None:
    created = _native(
        edges,
        "POST",
        "/tickets",
        {"title": "Made natively", "description": "no paper", "helpdesk_id": edges.queues["Misc"]},
    )
    comment = _native(edges, "POST", f"/tickets/{created['id']}/comments", {"body": "on it"})
    _native(
        edges,
        "POST",
        f"/tickets/{created['id']}/time-entries",
        {"duration_seconds": 600, "comment_id": comment["id"]},
    )

    ticket = _znuny_ticket(edges, created["id"])

    assert (ticket["TicketID"], ticket["TicketNumber"], ticket["Title"]) == (
        created["id"],
        created["number"],
        "Made natively",
    )
    assert (ticket["Queue"], ticket["State"], ticket["TimeUnit"]) == ("Misc", "new", 10)
    assert [(a["ArticleID"], a["Body"], a["TimeUnit"]) for a in ticket["Article"]] == [
        (comment["id"], "on it", 10)
    ]
    history = edges.call("GET", f"/TicketHistory/{created['id']}", params=ROOT)
    first = history["TicketHistory"][0]["History"][0]
    assert (first["HistoryType"], first["QueueID"]) == ("NewTicket", edges.queues["Misc"])


def test_a_native_update_shows_in_znuny(edges: Znuny) -> None:
    edges.create()

    _native(edges, "PATCH", "/tickets/1", {"title": "Renamed natively"})

    assert _znuny_ticket(edges, 1)["Title"] == "Renamed natively"
    lines = edges.call("GET", "/TicketHistory/1", params=ROOT)["TicketHistory"][0]["History"]
    assert lines[-1]["HistoryType"] == "TitleUpdate"
