"""Issue 17, nothing accepted and dropped: ``requesterName`` is kept on the ticket and reads
back through Motadata and the native API (``contact_name``)."""

from __future__ import annotations

from typing import Any

from tests.dialects.edges import basic, native
from tests.dialects.motadata.conftest import Motadata

BASIC = basic("tim@acme.com", "123")


def _native(motadata: Motadata, ticket_id: int) -> Any:
    return native(motadata.client, BASIC, "GET", f"/tickets/{ticket_id}")


def test_requester_name_is_stored_and_read_back(motadata: Motadata) -> None:
    body = {"subject": "s", "requesterEmail": "tim@acme.com", "requesterName": "Timothy Q"}
    ticket_id = motadata.create(body)
    assert motadata.get(ticket_id)["requesterName"] == "Timothy Q"
    assert _native(motadata, ticket_id)["contact_name"] == "Timothy Q"

    changed = motadata.post(
        f"/api/v1/incident/{ticket_id}", json={"requesterName": "T. Q."}, headers=motadata.auth()
    )
    assert changed.status_code == 200, changed.text
    assert motadata.get(ticket_id)["requesterName"] == "T. Q."
    assert _native(motadata, ticket_id)["contact_name"] == "T. Q."


def test_without_a_name_the_account_name_shows(motadata: Motadata) -> None:
    ticket_id = motadata.create({"subject": "s", "requesterEmail": "tim@acme.com"})
    assert motadata.get(ticket_id)["requesterName"] == "Tim"
    assert _native(motadata, ticket_id)["contact_name"] == ""
