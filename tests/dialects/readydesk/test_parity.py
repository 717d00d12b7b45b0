"""One ticket, every edge: a ReadyDesk ``add_ticket`` reads the same through the native API and
Integria, and a ticket created through the native API renders in ``get_tickets``."""

from __future__ import annotations

import json

from polydesk.core.actor import SYSTEM
from polydesk.db.uow import unit_of_work
from polydesk.settings.service import set_setting
from polydesk.users.schemas import UserUpdate
from polydesk.users.service import require_user, update_user
from tests.dialects.readydesk.conftest import ReadyDesk
from tests.factories import token_for

V1 = "/polydesk/v1"


def _headers(rd: ReadyDesk) -> dict[str, str]:
    """A native API token for ``api`` (the key's user), which also gets an Integria password."""
    with unit_of_work(rd.runtime.factory) as session:
        for key, value in {"integria.allowed_ips": "*", "integria.auth_failure_delay": "0"}.items():
            set_setting(session, SYSTEM, key, value)
        update_user(session, SYSTEM, rd.ids["api"], UserUpdate(password="secret"))
        return token_for(session, require_user(session, rd.ids["api"]))


def test_a_readydesk_ticket_through_the_native_api_and_integria(rd: ReadyDesk) -> None:
    headers = _headers(rd)
    answer = json.loads(
        rd.call("add_ticket", fmt="json", cid="demo", subject="Mail down", summary="since 9am",
                status="Closed", assigned_to="guest", contact="Jane Roe")
    )  # fmt: skip
    tid = int(answer["response"][0]["added_ticket"])

    native = rd.client.get(f"{V1}/tickets/{tid}", headers=headers).json()
    assert (native["id"], native["title"], native["description"]) == (tid, "Mail down", "since 9am")
    assert native["requester_id"] == rd.ids["demo"]
    assert native["owner_id"] == rd.ids["guest"]
    assert native["contact_name"] == "Jane Roe"

    query = {"user": "api", "user_pass": "secret", "op": "get_incident_details", "params": str(tid)}
    integria = rd.client.get("/include/api.php", params=query).text.split(",")
    # id, start, update, title, description, owner, status 7 (Closed), ..., creator
    assert integria[:1] + integria[3:7] == [
        str(tid),
        "Mail&#x20;down",
        "since&#x20;9am",
        "guest",
        "7",
    ]


def test_a_native_ticket_renders_in_get_tickets(rd: ReadyDesk) -> None:
    headers = _headers(rd)
    created = rd.client.post(
        f"{V1}/tickets",
        headers=headers,
        json={"title": "From the API", "description": "native", "requester_id": rd.ids["demo"]},
    )
    assert created.status_code == 201, created.text
    tid = created.json()["id"]
    ticket = json.loads(rd.call("get_tickets", fmt="json", tid=str(tid)))["tickets"][0]
    assert (ticket["tid"], ticket["subject"], ticket["summary"]) == (
        str(tid),
        "From+the+API",
        "native",
    )
    assert (ticket["cid"], ticket["company_name"]) == ("demo", "Demo+Company")
    assert (ticket["opened_by"], ticket["updater_type"], ticket["status"]) == (
        "api",
        "ADMIN",
        "Open",
    )
