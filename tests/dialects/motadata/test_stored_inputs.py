"""Issue 17, nothing accepted and dropped: every key of the incident body and the uploaded
file read back through Motadata and the native API (``requesterName`` as ``contact_name``,
custom values at ``/tickets/{id}/custom-fields``, files at ``/tickets/{id}/attachments``)."""

from __future__ import annotations

from typing import Any

from polydesk.core.actor import SYSTEM
from polydesk.customfields.service import CustomFieldCreate, create_field
from polydesk.db.uow import unit_of_work
from polydesk.models.customfields import FieldType
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


def test_every_incident_key_reads_back_through_motadata_and_the_native_api(
    motadata: Motadata,
) -> None:
    with unit_of_work(motadata.runtime.factory) as session:
        cmd = CustomFieldCreate(name="count", field_type=FieldType.NUMBER)
        field_id = create_field(session, SYSTEM, cmd).id
    png = {"file": ("logo.png", b"\x89PNG", "image/png")}
    upload = motadata.post("/api/oprfile", files=png, headers=motadata.auth()).json()
    body = {
        "subject": "Printer down",
        "description": "<p>Tray 2</p>",
        "requesterEmail": "john@flotomate.com",
        "requesterName": "Johnny",
        "categoryName": "Service Request",
        "status": "In Progress",
        "priority": "HIGH",
        "urgency": "MEDIUM",
        "impact": "ONDEPARTMENT",
        "locationName": "Ahmedabad",
        "tags": ["printer", "floor2"],
        "ccEmailSet": ["Boss@Acme.com"],
        "spam": True,
        "attachmentsRefNames": [upload["refFileName"]],
        "customFieldValueDetails": {str(field_id): {"type": 3, "doubleValue": 2.5}},
    }

    ticket_id = motadata.create(body)
    shown = motadata.get(ticket_id)
    ticket = _native(motadata, ticket_id)
    files = native(motadata.client, BASIC, "GET", f"/tickets/{ticket_id}/attachments")["items"]
    values = native(motadata.client, BASIC, "GET", f"/tickets/{ticket_id}/custom-fields")

    expected = {**body, "ccEmailSet": ["boss@acme.com"], "tags": ["floor2", "printer"]}
    del expected["attachmentsRefNames"]
    assert {key: shown[key] for key in expected} == expected
    assert shown["fileAttachments"] == [
        {"refFileName": upload["refFileName"], "realName": "logo.png", "link": None}
    ]
    assert (ticket["title"], ticket["description"], ticket["contact_name"]) == (
        "Printer down", "<p>Tray 2</p>", "Johnny",
    )  # fmt: skip
    assert ticket["requester_id"] == motadata.users["john@flotomate.com"] and ticket["is_spam"]
    assert (ticket["tags"], ticket["cc"]) == (["floor2", "printer"], ["boss@acme.com"])
    assert ticket["location_id"] == motadata.location_id
    assert None not in (ticket["category_id"], ticket["urgency_id"], ticket["impact_id"])
    assert ticket["priority"]["name"] == "High" and ticket["status"]["name"] == "In progress"
    assert [(f["filename"], f["content_type"]) for f in files] == [("logo.png", "image/png")]
    assert values == [{"field_id": field_id, "name": "count", "value": "2.5"}]
