"""One ticket, every edge: what Motadata writes reads the same through the native API, Znuny's
TicketGet and Integria's get_incident_details, and a native ticket reads back through Motadata."""

from __future__ import annotations

from typing import Any

import pytest

from polydesk.db.uow import unit_of_work
from tests.dialects.edges import V1, basic, native, open_integria
from tests.dialects.motadata.conftest import Motadata

BASIC = basic("tim@acme.com", "123")
ZNUNY = "/otrs/nph-genericinterface.pl/Webservice/GenericTicketConnectorREST"


@pytest.fixture
def edges(motadata: Motadata) -> Motadata:
    """The installation with Integria's api.php open to the test client."""
    with unit_of_work(motadata.runtime.factory) as session:
        open_integria(session)
    return motadata


def _native(motadata: Motadata, method: str, path: str, body: Any = None) -> Any:
    return native(motadata.client, BASIC, method, path, body)


def _catalog(motadata: Motadata, kind: str) -> dict[int, str]:
    items = _native(motadata, "GET", f"/catalogs/{kind}")
    rows = items["items"] if isinstance(items, dict) else items
    return {row["id"]: row["name"] for row in rows}


def test_a_motadata_incident_through_every_edge(edges: Motadata) -> None:
    body = {
        "subject": "Need a new keyboard",
        "description": "Need a wireless keyboard",
        "requesterEmail": "john@flotomate.com",
        "categoryName": "Incident",
        "priority": "HIGH",
        "impact": "ONUSER",
        "tags": ["keyboard"],
        "ccEmailSet": ["boss@acme.com"],
        "locationName": "Ahmedabad",
    }
    ticket_id = edges.create(body)
    edges.post(f"/api/v1/incident/{ticket_id}", json={"status": "Resolved"}, headers=edges.auth())

    native = _native(edges, "GET", f"/tickets/{ticket_id}")
    assert (native["id"], native["title"], native["description"]) == (
        ticket_id,
        "Need a new keyboard",
        "Need a wireless keyboard",
    )
    assert native["requester_id"] == edges.users["john@flotomate.com"]
    assert native["location_id"] == edges.location_id
    assert (native["status"]["name"], native["priority"]["name"]) == ("Resolved", "High")
    assert _catalog(edges, "impact")[native["impact_id"]] == "On user"
    assert _catalog(edges, "category")[native["category_id"]] == "Incident"
    assert (native["tags"], native["cc"]) == (["keyboard"], ["boss@acme.com"])

    znuny = edges.client.get(
        f"{ZNUNY}/Ticket/{ticket_id}", params={"UserLogin": "tim@acme.com", "Password": "123"}
    ).json()["Ticket"][0]
    assert (znuny["TicketID"], znuny["TicketNumber"], znuny["Title"]) == (
        ticket_id,
        native["number"],
        "Need a new keyboard",
    )
    assert (znuny["Priority"], znuny["Service"], znuny["CustomerUserID"]) == (
        "4 high",
        "Incident",
        "john@flotomate.com",
    )

    details = edges.client.get(
        "/include/api.php",
        params={
            "user": "tim@acme.com",
            "user_pass": "123",
            "op": "get_incident_details",
            "params": str(ticket_id),
        },
    ).text.split(",")
    assert (details[0], details[3], details[4]) == (
        str(ticket_id),
        "Need&#x20;a&#x20;new&#x20;keyboard",
        "Need&#x20;a&#x20;wireless&#x20;keyboard",
    )


def test_a_native_ticket_through_motadata(edges: Motadata) -> None:
    statuses = {name: ident for ident, name in _catalog(edges, "status").items()}
    priorities = {name: ident for ident, name in _catalog(edges, "priority").items()}
    created = _native(
        edges,
        "POST",
        "/tickets",
        {
            "title": "Made natively",
            "description": "no paper",
            "status_id": statuses["Waiting for customer"],
            "priority_id": priorities["Critical"],
            "requester_id": edges.users["cust@acme.com"],
            "tags": ["paper"],
        },
    )

    incident = edges.get(created["id"])

    assert incident == {
        "requesterEmail": "cust@acme.com",
        "requesterName": "Cust",
        "ccEmailSet": [],
        "subject": "Made natively",
        "description": "no paper",
        "categoryName": None,
        "status": "Pending On Requestor",
        "impact": "LOW",
        "priority": "URGENT",
        "urgency": "LOW",
        "locationName": None,
        "tags": ["paper"],
        "spam": False,
        "fileAttachments": None,
        "customFieldValueDetails": {},
    }


def test_a_native_attachment_shows_without_a_reference(edges: Motadata) -> None:
    ticket_id = edges.create({"subject": "s", "requesterEmail": "tim@acme.com"})
    response = edges.client.post(
        f"{V1}/tickets/{ticket_id}/attachments",
        files={"file": ("log.txt", b"boom", "text/plain")},
        headers=BASIC,
    )
    assert response.status_code in (200, 201), response.text

    assert edges.get(ticket_id)["fileAttachments"] == [
        {"refFileName": None, "realName": "log.txt", "link": None}
    ]
