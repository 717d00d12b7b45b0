"""A workflow through Motadata's incident API: a request in the workflow's category gets the
initial fields, and a status move the workflow does not allow is refused in Motadata's error
envelope, changing nothing."""

from __future__ import annotations

from sqlalchemy import select

from polydesk.automation.workflows import WorkflowCreate, create_workflow
from polydesk.core.actor import SYSTEM
from polydesk.db.uow import unit_of_work
from polydesk.models.automation import WorkflowInstance
from polydesk.models.catalogs import Category, Status, TicketType
from polydesk.models.tickets import Ticket
from tests.dialects.motadata.conftest import Motadata, row_counts


def _workflow(motadata: Motadata) -> None:
    with unit_of_work(motadata.runtime.factory) as session:
        ids = {s.name: s.id for s in session.scalars(select(Status))}
        incident_type = session.scalars(select(TicketType.id).where(TicketType.name == "Incident"))
        category = session.scalars(
            select(Category.id).where(Category.name == "Incident", Category.parent_id.is_(None))
        ).one()
        definition = {
            # Motadata has no ticket type field: the workflow sets it.
            "initial_fields": [{"field": "type_id", "value": incident_type.one()}],
            "transitions": {
                str(ids["New"]): [ids["In progress"]],
                str(ids["Open"]): [ids["In progress"]],
            },
        }
        command = WorkflowCreate(
            name="Incidents", category_id=category, definition=definition, deploy=True
        )
        create_workflow(session, SYSTEM, command)


def test_initial_fields_and_a_refused_transition(motadata: Motadata) -> None:
    _workflow(motadata)
    body = {"subject": "Screen", "requesterEmail": "tim@acme.com", "categoryName": "Incident"}
    ticket_id = motadata.create(body)

    incident = motadata.get(ticket_id)
    assert incident["categoryName"] == "Incident"
    with motadata.runtime.factory() as session:
        kind = session.get_one(TicketType, session.get_one(Ticket, ticket_id).type_id)
        assert kind.name == "Incident"  # the workflow's initial value
        instance = session.scalars(
            select(WorkflowInstance).where(WorkflowInstance.ticket_id == ticket_id)
        ).one()
        assert instance.id >= 1  # the request's process id
    headers = motadata.auth()
    before = row_counts(motadata)

    refused = motadata.post(
        f"/api/v1/incident/{ticket_id}",
        json={"subject": "Screen dead", "status": "Resolved"},
        headers=headers,
    )

    assert refused.status_code == 400, refused.text
    assert "workflow" in refused.json()["userMessage"]
    assert row_counts(motadata) == before
    assert (motadata.get(ticket_id)["status"], motadata.get(ticket_id)["subject"]) == (
        incident["status"],
        "Screen",
    )
    allowed = motadata.post(
        f"/api/v1/incident/{ticket_id}", json={"status": "In Progress"}, headers=motadata.auth()
    )
    assert allowed.status_code == 200, allowed.text
    assert motadata.get(ticket_id)["status"] == "In Progress"
