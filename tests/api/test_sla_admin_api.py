"""Native admin API for the SLA engine's settings: an SLA's warning and escalation through
``/config/slas/{name}`` and ``/config/sla_escalations/{name}``; bad references get a domain
error and change nothing."""

from __future__ import annotations

from fastapi.testclient import TestClient

from polydesk.core.actor import Role
from polydesk.db.uow import unit_of_work
from polydesk.runtime import Runtime
from tests.factories import make_user, token_for

V1 = "/polydesk/v1"


def _admin(runtime: Runtime) -> dict[str, str]:
    with unit_of_work(runtime.factory) as session:
        make_user(session, Role.AGENT, login="duty")
        return token_for(session, make_user(session, Role.ADMIN))


def test_admin_sets_warning_and_escalation(client: TestClient, runtime: Runtime) -> None:
    admin = _admin(runtime)
    gold = {"resolution_minutes": 480, "warning_percent": 80, "escalate_to_next_level": True}
    assert client.put(f"{V1}/config/slas/Gold", headers=admin, json=gold).status_code == 200
    shown = client.get(f"{V1}/config/slas/Gold", headers=admin).json()
    assert (shown["warning_percent"], shown["escalate_to_next_level"]) == (80, True)
    url = f"{V1}/config/sla_escalations/Gold"
    answer = client.put(url, headers=admin, json={"agent": "duty"})
    assert answer.status_code == 200, answer.text
    assert client.get(url, headers=admin).json() == {"name": "Gold", "agent": "duty", "group": None}


def test_bad_escalation_references_are_domain_errors(client: TestClient, runtime: Runtime) -> None:
    admin = _admin(runtime)
    client.put(f"{V1}/config/slas/Gold", headers=admin, json={"resolution_minutes": 60})
    url = f"{V1}/config/sla_escalations/Gold"
    nobody = client.put(url, headers=admin, json={"agent": "nobody"})
    assert nobody.status_code in (404, 422), nobody.text
    missing = client.put(f"{V1}/config/sla_escalations/Platinum", headers=admin, json={})
    assert missing.status_code in (404, 422), missing.text
    too_much = client.put(f"{V1}/config/slas/Gold", headers=admin, json={"warning_percent": 100})
    assert too_much.status_code == 422, too_much.text
    assert client.get(url, headers=admin).json()["agent"] is None
