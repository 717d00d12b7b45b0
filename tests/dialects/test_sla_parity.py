"""One ticket under an SLA, read through every edge that shows SLA data: the native API, Znuny
(Escalation*Time and the escalation search), InvGate (sla_incident_*), ReadyDesk (due_date,
escalation_level) and Integria (sla_compliance) show the same instants and the same breach."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from defusedxml.ElementTree import fromstring
from fastapi.testclient import TestClient

from polydesk.core.actor import SYSTEM, Role
from polydesk.core.clock import frozen
from polydesk.credentials.service import create_api_key
from polydesk.db.uow import unit_of_work
from polydesk.helpdesks.service import HelpdeskCreate, create_helpdesk
from polydesk.helpdesks.slas import SlaCreate, create_sla
from polydesk.runtime import Runtime
from polydesk.settings.service import set_setting
from polydesk.sla.check import check_due
from tests.dialects.edges import basic, native, open_integria
from tests.dialects.integria.conftest import integria_call
from tests.dialects.readydesk.calls import readydesk_call
from tests.factories import make_user

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
FIRST, UPDATE, RESOLUTION = (T0 + timedelta(minutes=m) for m in (60, 240, 480))
BOSS = ("boss", "bosspw")
ZNUNY = "/otrs/nph-genericinterface.pl/Webservice/GenericTicketConnectorREST"
ZNUNY7 = f"{ZNUNY}-Znuny7"


def _install(runtime: Runtime) -> str:
    """An SLA on a two-level help desk, an admin, and the dialects opened; the ReadyDesk key."""
    with unit_of_work(runtime.factory) as session:
        sla = create_sla(
            session,
            SYSTEM,
            SlaCreate(
                name="Standard",
                first_response_minutes=60,
                update_minutes=240,
                resolution_minutes=480,
                escalate_to_next_level=True,
            ),
        )
        create_helpdesk(
            session,
            SYSTEM,
            HelpdeskCreate(name="Service desk", sla_id=sla.id, levels=["Front", "Specialists"]),
        )
        boss = make_user(session, Role.ADMIN, login=BOSS[0], password=BOSS[1])
        open_integria(session)
        set_setting(session, SYSTEM, "readydesk.timezone", "UTC")
        return create_api_key(session, SYSTEM, dialect="readydesk", allowed_ips=[], user_id=boss.id)


def _epoch(moment: datetime) -> int:
    """Znuny sends the escalation epochs as JSON numbers (issue 17)."""
    return int(moment.timestamp())


def _znuny_ticket(client: TestClient, ticket_id: int) -> dict[str, Any]:
    login = {"UserLogin": BOSS[0], "Password": BOSS[1]}
    answer = client.get(f"{ZNUNY}/Ticket/{ticket_id}", params=login).json()
    ticket: dict[str, Any] = answer["Ticket"][0]
    return ticket


def _znuny_search(client: TestClient, **criteria: Any) -> Any:
    body = {"UserLogin": BOSS[0], "Password": BOSS[1], **criteria}
    return client.post(f"{ZNUNY7}/Ticket/Search", json=body).json()


def _invgate(client: TestClient, ticket_id: int) -> dict[str, Any]:
    params = {"id": ticket_id, "date_format": "iso8601"}
    response = client.get("/api/v1/incident", params=params, headers=basic(*BOSS))
    assert response.status_code == 200, response.text
    row: dict[str, Any] = response.json()
    return row


def _readydesk(client: TestClient, key: str, ticket_id: int) -> dict[str, str]:
    root = fromstring(readydesk_call(client, key, "get_tickets", tid=str(ticket_id)))
    ticket = root.find(".//ticket")
    assert ticket is not None
    return {child.tag: child.text or "" for child in ticket}


def _integria_compliance(client: TestClient) -> str:
    return integria_call(client, "get_stats", "sla_compliance", user=BOSS[0], password=BOSS[1])


def test_every_edge_shows_the_same_due_times_and_breach(
    runtime: Runtime, client: TestClient
) -> None:
    key = _install(runtime)
    auth = basic(*BOSS)
    desks = native(client, auth, "GET", "/helpdesks")
    desk = next(d for d in desks["items"] if d["name"] == "Service desk")
    with frozen(T0):
        made = native(
            client, auth, "POST", "/tickets", {"title": "VPN down", "helpdesk_id": desk["id"]}
        )
    # The creating request already shows the due times.
    assert made["first_response_due_at"] is not None
    with frozen(T0 + timedelta(minutes=5)):
        ticket_id = made["id"]
        shown = native(client, auth, "GET", f"/tickets/{ticket_id}")
        assert [
            datetime.fromisoformat(shown[f]).astimezone(UTC)
            for f in ("first_response_due_at", "update_due_at", "resolution_due_at")
        ] == [FIRST, UPDATE, RESOLUTION]

        znuny = _znuny_ticket(client, ticket_id)
        assert znuny["EscalationResponseTime"] == _epoch(FIRST)
        assert znuny["EscalationUpdateTime"] == _epoch(UPDATE)
        assert znuny["EscalationSolutionTime"] == _epoch(RESOLUTION)
        assert znuny["EscalationTime"] == _epoch(FIRST)
        # Older than -60 minutes: escalating before now + 60 min (due at now + 55 min).
        found = _znuny_search(client, TicketEscalationResponseTimeOlderMinutes=-60)
        assert found == {"TicketID": [str(ticket_id)]}
        assert _znuny_search(client, TicketEscalationResponseTimeOlderMinutes=-50) == {}

        invgate = _invgate(client, ticket_id)
        assert datetime.fromisoformat(invgate["sla_incident_first_reply"]) == FIRST
        assert datetime.fromisoformat(invgate["sla_incident_resolution"]) == RESOLUTION

        readydesk = _readydesk(client, key, ticket_id)
        assert readydesk["due_date"] == "3/2/2026 5:00:00 PM"  # 09:00 UTC + 8 h
        assert readydesk["escalation_level"] == "Front"
        assert _integria_compliance(client) == "100"

    with unit_of_work(runtime.factory) as session, frozen(FIRST):
        assert check_due(session, FIRST) == 1  # the first response is breached

    with frozen(FIRST + timedelta(minutes=1)):
        assert native(client, auth, "GET", f"/tickets/{ticket_id}")["sla_breached"] is True
        assert _readydesk(client, key, ticket_id)["escalation_level"] == "Specialists"
        assert _integria_compliance(client) == "0"
        assert _invgate(client, ticket_id)["sla_incident_first_reply"] is not None
