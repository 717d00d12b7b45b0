"""An incident created through Motadata names no help desk: the routing rules put it in one,
so the desk's agents (here john, who is in no other desk) can read it, and the desk's engine
assigns it."""

from __future__ import annotations

from polydesk.core.actor import SYSTEM
from polydesk.db.uow import unit_of_work
from polydesk.helpdesks.service import HelpdeskCreate, create_helpdesk
from polydesk.models.helpdesks import AssignmentEngine
from polydesk.models.tickets import Ticket
from polydesk.routing.rules import RoutingRuleCreate, create_routing_rule
from polydesk.users.service import add_helpdesk_membership
from tests.dialects.motadata.conftest import Motadata

BODY = {"subject": "Printer jam", "requesterEmail": "tim@acme.com"}


def test_a_routed_incident_is_read_by_the_desks_agent(motadata: Motadata) -> None:
    john = motadata.auth("john@flotomate.com", "john")
    unrouted = motadata.create(BODY)
    refused = motadata.client.get(f"/api/v1/incident/{unrouted}", headers=john)
    assert refused.status_code == 404, refused.text  # no desk: only admins see it
    with unit_of_work(motadata.runtime.factory) as session:
        engine = AssignmentEngine.LEAST_LOADED
        desk = create_helpdesk(
            session, SYSTEM, HelpdeskCreate(name="Ops", assignment_engine=engine)
        )
        user_id = motadata.users["john@flotomate.com"]
        add_helpdesk_membership(session, SYSTEM, user_id=user_id, helpdesk_id=desk.id)
        create_routing_rule(session, SYSTEM, RoutingRuleCreate(name="all", helpdesk_id=desk.id))
        desk_id = desk.id
    routed = motadata.create(BODY)
    assert motadata.get(routed, john)["subject"] == "Printer jam"
    with unit_of_work(motadata.runtime.factory) as session:
        ticket = session.get_one(Ticket, routed)
        assert (ticket.helpdesk_id, ticket.owner_id) == (desk_id, user_id)
