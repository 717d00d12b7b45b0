"""The seed's example ticket, written through the core (as the native API would), and the
seed's three example answers for it (B.6 item 5: the XML example's values are used in all three
formats; the JSON and delimited examples' duplicate ``cid`` is dropped; priority ``Medium``
because a core ticket always has one, SPEC.md)."""

from __future__ import annotations

from datetime import UTC, datetime

from polydesk.authz.actors import actor_for
from polydesk.catalogs.service import code_to_core_id
from polydesk.core.actor import SYSTEM
from polydesk.core.clock import frozen
from polydesk.db.uow import unit_of_work
from polydesk.tickets.schemas import TicketCreate, TicketUpdate
from polydesk.tickets.service import create_ticket, update_ticket
from polydesk.users.service import require_user
from tests.dialects.readydesk.conftest import ReadyDesk

OPENED = datetime(2014, 4, 24, 10, 42, 43, tzinfo=UTC)
UPDATED = datetime(2014, 4, 30, 15, 47, 57, tzinfo=UTC)


def make_seed_ticket(rd: ReadyDesk) -> int:
    with unit_of_work(rd.runtime.factory) as session:
        code = {
            kind: code_to_core_id(session, dialect="readydesk", kind=kind, code=name)
            for kind, name in (
                ("status", "Open"),
                ("source", "Web Ticketing System"),
                ("category", "Other"),
            )
        }
        with frozen(OPENED):
            ticket = create_ticket(
                session,
                SYSTEM,
                TicketCreate(
                    title="Example subject",
                    description="draft",
                    requester_id=rd.ids["demo"],
                    owner_id=rd.ids["guest"],
                    status_id=code["status"],
                    source_id=code["source"],
                    category_id=code["category"],
                    contact_name="John Smith",
                    contact_phone="404-000-0000",
                    contact_email="john.Smith@company.com",
                    extra={"readydesk.opened_by": "WEBSITE"},
                ),
            )
        guest = actor_for(session, require_user(session, rd.ids["guest"]))
        with frozen(UPDATED):
            update_ticket(session, guest, ticket.id, TicketUpdate(description="Example summary"))
        return ticket.id


XML = """<?xml version="1.0"?>
<tickets>
	<ticket>
		<tid>{tid}</tid>
		<cid>demo</cid>
		<company_id>{company}</company_id>
		<company_name>Demo+Company</company_name>
		<contact>John+Smith</contact>
		<phone>404-000-0000</phone>
		<email>john.Smith%40company.com</email>
		<cc_addresses></cc_addresses>
		<date_opened>4/24/2014 10:42:43 AM</date_opened>
		<date_closed></date_closed>
		<source>Web+Ticketing+System</source>
		<category>Other</category>
		<sub_category></sub_category>
		<status>Open</status>
		<priority>Medium</priority>
		<escalation_level></escalation_level>
		<due_date></due_date>
		<opened_by>WEBSITE</opened_by>
		<last_updated>4/30/2014 3:47:57 PM</last_updated>
		<updated_by>guest</updated_by>
		<updater_type>TECH</updater_type>
		<assigned_tech>guest</assigned_tech>
		<assigned_group_id>0</assigned_group_id>
		<assigned_group_name></assigned_group_name>
		<customer_group_id>0</customer_group_id>
		<customer_group_name></customer_group_name>
		<locked>N</locked>
		<locked_by></locked_by>
		<linked_asset></linked_asset>
		<linked_calls></linked_calls>
		<linked_devices></linked_devices>
		<merged>N</merged>
		<merged_to></merged_to>
		<parent_ticket>0</parent_ticket>
		<children_tickets></children_tickets>
		<custom_fields>
			<Custom_field_1></Custom_field_1>
			<Custom_field_2></Custom_field_2>
			<Custom_field_3></Custom_field_3>
			<Custom_field_4></Custom_field_4>
		</custom_fields>
		<subject>Example+subject</subject>
		<summary>Example+summary</summary>
	</ticket>
</tickets>"""

JSON = """{
	"tickets": [
		{
			"tid" : "{tid}",
			"cid" : "demo",
			"company_id" : "{company}",
			"company_name" : "Demo+Company",
			"contact" : "John+Smith",
			"phone" : "404-000-0000",
			"email" : "john.Smith%40company.com",
			"cc_addresses" : "",
			"date_opened" : "4/24/2014 10:42:43 AM",
			"date_closed" : "",
			"source" : "Web+Ticketing+System",
			"category" : "Other",
			"sub_category" : "",
			"status" : "Open",
			"priority" : "Medium",
			"escalation_level" : "",
			"due_date" : "",
			"opened_by" : "WEBSITE",
			"last_updated" : "4/30/2014 3:47:57 PM",
			"updated_by" : "guest",
			"updater_type" : "TECH",
			"assigned_tech" : "guest",
			"assigned_group_id" : "0",
			"assigned_group_name" : "",
			"customer_group_id" : "0",
			"customer_group_name" : "",
			"locked" : "N",
			"locked_by" : "",
			"linked_asset" : "",
			"linked_calls" : "",
			"linked_devices" : "",
			"merged" : "N",
			"merged_to" : "",
			"parent_ticket" : "0",
			"children_tickets" : "",
			"custom_fields" : [
				{
				"Custom_field_1" : "",
				"Custom_field_2" : "",
				"Custom_field_3" : "",
				"Custom_field_4" : ""
				}
			],
			"subject" : "Example+subject",
			"summary" : "Example+summary"
		}
	]
}"""

DELIMITED = (
    "tid={tid}&cid=demo&company_id={company}&company_name=Demo+Company&contact=John+Smith"
    "&phone=404-000-0000&email=john.Smith%40company.com&cc_addresses="
    "&date_opened=4/24/2014 10:42:43 AM"
    "&date_closed=&source=Web+Ticketing+System&category=Other&sub_category=&status=Open"
    "&priority=Medium"
    "&escalation_level=&due_date=&opened_by=WEBSITE&last_updated=4/30/2014 3:47:57 PM"
    "&updated_by=guest&updater_type=TECH&assigned_tech=guest&assigned_group_id=0"
    "&assigned_group_name=&customer_group_id=0&customer_group_name=&locked=N&locked_by="
    "&linked_asset=&linked_calls=&linked_devices=&merged=N&merged_to=&parent_ticket=0"
    "&children_tickets=&Custom_field_1=&Custom_field_2=&Custom_field_3=&Custom_field_4="
    "&custom_fields=Custom_field_1,Custom_field_2,Custom_field_3,Custom_field_4"
    "&subject=Example+subject&summary=Example+summary"
)
