"""Create, update and read incidents: the seed's curl flows (specs/seeds-002-003.md A.3) and the
cases the spec adds (A.6), each checked through the wire and, where it matters, the core."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from polydesk.core.actor import SYSTEM
from polydesk.db.uow import unit_of_work
from polydesk.jobs.worker import Worker
from polydesk.models.jobs import OutgoingMail
from polydesk.models.tickets import Ticket
from polydesk.models.users import User
from polydesk.settings.service import MOTADATA_CREATE_UNKNOWN_REQUESTERS, set_setting
from tests.dialects.motadata.conftest import Motadata, envelope_error, row_counts

SEED_CREATE = {
    "tags": ["mouse"],
    "subject": "Need a new keyboard",
    "description": "Need a wireless keyboard",
    "requesterEmail": "tim@acme.com",
    "requesterName": "Tim",
    "locationName": "Ahmedabad",
}
#: The seed's GET answer (its lost "]" restored, spec A.6-5).
SEED_GET = {
    "requesterEmail": "tim@acme.com",
    "requesterName": "Tim",
    "ccEmailSet": [],
    "subject": "Need a new Mouse",
    "description": "Need a wireless mouse",
    "categoryName": "Service Request",
    "status": "Open",
    "impact": "LOW",
    "priority": "LOW",
    "urgency": "LOW",
    "locationName": None,
    "tags": ["mouse"],
    "spam": False,
    "fileAttachments": None,
    "customFieldValueDetails": {},
}


def success(ticket_id: int) -> dict[str, Any]:
    return {"returnCode": "SUCCESS", "status": 0, "userMessage": None, "id": ticket_id}


def test_the_seed_create_example(motadata: Motadata) -> None:
    response = motadata.post("/api/v1/incident", json=SEED_CREATE, headers=motadata.auth())

    assert response.status_code == 200
    assert response.json() == success(1)
    incident = motadata.get(1)
    assert incident["subject"] == "Need a new keyboard"
    assert (incident["locationName"], incident["tags"]) == ("Ahmedabad", ["mouse"])
    assert (incident["categoryName"], incident["status"]) == ("Service Request", "Open")
    with motadata.runtime.factory() as session:
        ticket = session.get_one(Ticket, 1)
        assert ticket.requester_id == motadata.users["tim@acme.com"]
        assert ticket.creator_id == motadata.users["tim@acme.com"]
        assert ticket.location_id == motadata.location_id


def test_the_seed_get_example_on_both_paths(motadata: Motadata) -> None:
    body = {"subject": "Need a new Mouse", "description": "Need a wireless mouse",
            "requesterEmail": "tim@acme.com", "tags": ["mouse"]}  # fmt: skip
    motadata.create(body)

    headers = motadata.auth()
    for path in ("/api/v1/incident/1", "/api/incident/1"):
        response = motadata.client.get(path, headers=headers)
        assert response.status_code == 200
        assert list(response.json().items()) == list(SEED_GET.items())


def test_the_seed_update_example_on_both_paths(motadata: Motadata) -> None:
    motadata.create({"subject": "s", "requesterEmail": "tim@acme.com"})
    motadata.create({"subject": "t", "requesterEmail": "tim@acme.com"})
    headers = motadata.auth()

    first = motadata.post("/api/incident/1", json={"status": "Resolved"}, headers=headers)
    second = motadata.post("/api/v1/incident/2", json={"status": "Closed"}, headers=headers)

    assert (first.status_code, first.json()) == (200, success(1))
    assert (second.status_code, second.json()) == (200, success(2))
    assert motadata.get(1)["status"] == "Resolved" and motadata.get(2)["status"] == "Closed"
    assert motadata.get(1)["subject"] == "s"  # partial: only what is sent changes


def test_every_update_field(motadata: Motadata) -> None:
    motadata.create({**SEED_CREATE, "ccEmailSet": ["boss@acme.com"]})
    change = {
        "subject": "Keyboard and mouse",
        "description": "<p>Both wireless</p>",
        "categoryName": "Incident",
        "impact": "ONDEPARTMENT",
        "priority": "URGENT",
        "urgency": "HIGH",
        "locationName": None,
        "tags": ["keyboard", "mouse"],
        "spam": True,
        "status": "In Progress",
    }

    response = motadata.post("/api/v1/incident/1", json=change, headers=motadata.auth())

    assert response.json() == success(1)
    incident = motadata.get(1)
    assert {key: incident[key] for key in change} == {**change, "categoryName": "Incident"}
    assert incident["ccEmailSet"] == ["boss@acme.com"]
    with motadata.runtime.factory() as session:
        assert session.get_one(Ticket, 1).description_mime_type == "text/html"


@pytest.mark.parametrize(
    ("field", "given", "shown"),
    [
        ("impact", "On User", "ONUSER"),
        ("impact", "on_department", "ONDEPARTMENT"),
        ("priority", "high", "HIGH"),
        ("urgency", "Urgent", "URGENT"),
        ("status", "pending on requestor", "Pending On Requestor"),
        ("categoryName", "incident", "Incident"),
    ],
)
def test_enums_and_names_are_matched_ignoring_case_and_spaces(
    motadata: Motadata, field: str, given: str, shown: str
) -> None:
    motadata.create({"subject": "s", "requesterEmail": "tim@acme.com", field: given})

    assert motadata.get(1)[field] == shown


def test_create_accepts_impact_priority_urgency_and_defaults(motadata: Motadata) -> None:
    motadata.create({"subject": "a", "requesterEmail": "tim@acme.com"})
    motadata.create(
        {"subject": "b", "requesterEmail": "tim@acme.com", "impact": "ONBUSINESS",
         "priority": "HIGH", "urgency": "MEDIUM", "categoryName": "Incident"}
    )  # fmt: skip

    defaults, given = motadata.get(1), motadata.get(2)
    assert [defaults[k] for k in ("impact", "priority", "urgency", "categoryName")] == [
        "LOW", "LOW", "LOW", "Service Request"
    ]  # fmt: skip
    with motadata.runtime.factory() as session:  # stored, not only shown: other edges see them
        ticket = session.get_one(Ticket, 1)
        assert None not in (ticket.impact_id, ticket.urgency_id, ticket.category_id)
    assert [given[k] for k in ("impact", "priority", "urgency", "categoryName")] == [
        "ONBUSINESS", "HIGH", "MEDIUM", "Incident"
    ]  # fmt: skip


def test_cc_addresses_receive_the_notifications(motadata: Motadata) -> None:
    body = {**SEED_CREATE, "ccEmailSet": ["Boss@acme.com", "it@acme.com", "boss@acme.com"]}
    motadata.create(body)
    motadata.post("/api/v1/incident/1", json={"status": "Resolved"}, headers=motadata.auth())
    # The notices are written after commit, by the worker (the domain events' subscriber).
    Worker(motadata.runtime.factory, handlers=motadata.runtime.job_handlers()).run_due_jobs()

    assert motadata.get(1)["ccEmailSet"] == ["boss@acme.com", "it@acme.com"]
    with motadata.runtime.factory() as session:
        mails = session.scalars(select(OutgoingMail).order_by(OutgoingMail.id)).all()
        assert [(m.cc_addresses, m.ticket_id) for m in mails] == [
            ("boss@acme.com, it@acme.com", 1),
            ("boss@acme.com, it@acme.com", 1),
        ]
        assert "New ticket: Need a new keyboard" in mails[0].subject
        assert "Updated" in mails[1].subject and "Status: Resolved" in mails[1].body


def test_unknown_requesters_are_refused_unless_the_setting_allows_them(
    motadata: Motadata,
) -> None:
    body = {"subject": "s", "requesterEmail": "new@acme.com", "requesterName": "New Person"}
    headers = motadata.auth()
    before = row_counts(motadata)
    refused = motadata.post("/api/v1/incident", json=body, headers=headers)
    assert (refused.status_code, refused.json()) == (
        400,
        envelope_error(400, "INVALID_INPUT", "Requester not found: new@acme.com"),
    )
    assert row_counts(motadata) == before
    with unit_of_work(motadata.runtime.factory) as session:
        set_setting(session, SYSTEM, MOTADATA_CREATE_UNKNOWN_REQUESTERS, "true")

    motadata.create(body)

    assert (motadata.get(1)["requesterEmail"], motadata.get(1)["requesterName"]) == (
        "new@acme.com",
        "New Person",
    )
    with motadata.runtime.factory() as session:
        user = session.scalars(select(User).where(User.email == "new@acme.com")).one()
        assert (user.role.value, user.login, user.password_hash) == (
            "customer",
            "new@acme.com",
            None,
        )


def test_an_unknown_requester_that_is_no_address_is_invalid_input(motadata: Motadata) -> None:
    """The core's ``requester.invalid_address`` in Motadata's words, and nothing created."""
    with unit_of_work(motadata.runtime.factory) as session:
        set_setting(session, SYSTEM, MOTADATA_CREATE_UNKNOWN_REQUESTERS, "true")
    headers = motadata.auth()
    before = row_counts(motadata)

    refused = motadata.post(
        "/api/v1/incident", json={"subject": "s", "requesterEmail": "no-at-sign"}, headers=headers
    )

    assert (refused.status_code, refused.json()) == (
        400,
        envelope_error(400, "INVALID_INPUT", "Invalid value for requesterEmail: no-at-sign"),
    )
    assert row_counts(motadata) == before


def test_requester_is_found_by_email_case_insensitively(motadata: Motadata) -> None:
    motadata.create({"subject": "s", "requesterEmail": "JOHN@flotomate.com"})

    assert motadata.get(1)["requesterEmail"] == "john@flotomate.com"
    assert motadata.get(1)["requesterName"] == "John"


def test_a_customer_opens_tickets_for_themselves_only(motadata: Motadata) -> None:
    headers = motadata.auth("cust@acme.com", "cust")

    own = motadata.post(
        "/api/v1/incident",
        json={"subject": "s", "requesterEmail": "cust@acme.com"},
        headers=headers,
    )
    other = motadata.post(
        "/api/v1/incident", json={"subject": "s", "requesterEmail": "tim@acme.com"}, headers=headers
    )
    update = motadata.post("/api/v1/incident/1", json={"status": "Closed"}, headers=headers)

    assert own.json() == success(1)
    assert motadata.get(1, headers)["requesterEmail"] == "cust@acme.com"
    forbidden = {"error": "access_denied", "error_description": "Access is denied"}
    assert (other.status_code, other.json()) == (403, forbidden)
    assert (update.status_code, update.json()) == (403, forbidden)


def test_an_agent_reads_but_cannot_change_a_ticket_outside_its_help_desks(
    motadata: Motadata,
) -> None:
    headers = motadata.auth("john@flotomate.com", "john")
    motadata.create({"subject": "s", "requesterEmail": "tim@acme.com"}, headers)

    assert motadata.get(1, headers)["subject"] == "s"
    response = motadata.post("/api/v1/incident/1", json={"spam": True}, headers=headers)
    assert response.status_code == 403
    assert motadata.get(1)["spam"] is False


def test_explicit_nulls_clear_what_can_be_cleared_and_ignore_the_rest(motadata: Motadata) -> None:
    motadata.create({**SEED_CREATE, "impact": "ONUSER"})

    motadata.post(
        "/api/v1/incident/1",
        json={"tags": None, "locationName": None, "impact": None, "subject": None, "status": None},
        headers=motadata.auth(),
    )

    incident = motadata.get(1)
    assert (incident["tags"], incident["locationName"], incident["impact"]) == ([], None, "LOW")
    assert (incident["subject"], incident["status"]) == ("Need a new keyboard", "Open")


def test_unknown_keys_are_ignored(motadata: Motadata) -> None:
    motadata.create({"subject": "s", "requesterEmail": "tim@acme.com", "supportLevel": "tier1"})

    assert motadata.get(1)["subject"] == "s"


@pytest.mark.parametrize("method", ["PUT", "PATCH"])
def test_put_and_patch_are_update_aliases(motadata: Motadata, method: str) -> None:
    motadata.create({"subject": "s", "requesterEmail": "tim@acme.com"})

    response = motadata.client.request(
        method, "/api/incident/1", json={"urgency": "HIGH"}, headers=motadata.auth()
    )

    assert response.json() == success(1)
    assert motadata.get(1)["urgency"] == "HIGH"
