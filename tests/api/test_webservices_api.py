"""Native API: GenericInterface web services, for admins only."""

from __future__ import annotations

from fastapi.testclient import TestClient

from polydesk.core.actor import Role
from polydesk.runtime import Runtime
from tests.factories import make_user, token_for

V1 = "/polydesk/v1"
CONFIG = {
    "transport": "REST",
    "operations": {
        "TicketGet": {
            "type": "Ticket::TicketGet",
            "route": "/Tickets/:TicketID",
            "methods": ["GET"],
        }
    },
}


def _headers(runtime: Runtime) -> tuple[dict[str, str], dict[str, str]]:
    with runtime.factory() as session, session.begin():
        admin = token_for(session, make_user(session, Role.ADMIN))
        agent = token_for(session, make_user(session, Role.AGENT))
    return admin, agent


def test_admin_lists_reads_puts_and_deletes(client: TestClient, runtime: Runtime) -> None:
    admin, _ = _headers(runtime)
    listed = client.get(f"{V1}/webservices", headers=admin)
    assert listed.status_code == 200
    names = [ws["name"] for ws in listed.json()]
    assert names == sorted(names) and "GenericTicketConnectorREST" in names

    stock = client.get(f"{V1}/webservices/GenericTicketConnectorREST", headers=admin).json()
    assert stock["config"]["operations"]["TicketGetList"]["route"] == "/TicketList"

    created = client.put(f"{V1}/webservices/Mine", headers=admin, json={"config": CONFIG})
    assert created.status_code == 200, created.text
    body = created.json()
    assert body["name"] == "Mine" and body["is_valid"] is True and body["created_at"]
    assert body["config"]["operations"]["TicketGet"]["include_ticket_data"] is False
    assert body["config"]["max_length"] == 100_000_000

    replaced = client.put(
        f"{V1}/webservices/Mine",
        headers=admin,
        json={"is_valid": False, "config": {"transport": "SOAP", "operations": {}}},
    ).json()
    assert replaced["id"] == body["id"] and replaced["is_valid"] is False
    assert replaced["config"]["transport"] == "SOAP" and replaced["config"]["operations"] == {}
    assert client.get(f"{V1}/webservices/Mine", headers=admin).json() == replaced

    assert client.delete(f"{V1}/webservices/Mine", headers=admin).status_code == 204
    gone = client.get(f"{V1}/webservices/Mine", headers=admin)
    assert gone.status_code == 404 and gone.json()["error"]["code"] == "webservice.not_found"
    assert client.delete(f"{V1}/webservices/Mine", headers=admin).status_code == 404


def test_bad_configs_get_a_validation_error_and_change_nothing(
    client: TestClient, runtime: Runtime
) -> None:
    admin, _ = _headers(runtime)
    bad = {"transport": "REST", "operations": {"X": {"type": "Nope::Nothing", "route": "/x"}}}
    answer = client.put(f"{V1}/webservices/OutOfOffice", headers=admin, json={"config": bad})
    assert answer.status_code == 422
    assert answer.json()["error"]["code"] == "webservice.invalid_config"
    assert "operations.X.type" in answer.json()["error"]["message"]
    kept = client.get(f"{V1}/webservices/OutOfOffice", headers=admin).json()
    assert kept["config"]["operations"]["OutOfOffice"]["type"] == "User::OutOfOffice"
    missing = client.put(f"{V1}/webservices/Mine", headers=admin, json={"is_valid": True})
    assert missing.status_code == 422
    assert missing.json()["error"]["code"] == "validation.invalid_request"


def test_non_admins_and_anonymous_callers_are_refused(client: TestClient, runtime: Runtime) -> None:
    admin, agent = _headers(runtime)
    for method, path in [
        ("GET", "/webservices"),
        ("GET", "/webservices/OutOfOffice"),
        ("PUT", "/webservices/Mine"),
        ("DELETE", "/webservices/OutOfOffice"),
    ]:
        json = {"config": CONFIG} if method == "PUT" else None
        refused = client.request(method, f"{V1}{path}", headers=agent, json=json)
        assert refused.status_code == 403, (method, path)
        anonymous = client.request(method, f"{V1}{path}", json=json)
        assert anonymous.status_code == 401, (method, path)
    assert client.get(f"{V1}/webservices/OutOfOffice", headers=admin).status_code == 200
    assert client.get(f"{V1}/webservices/Mine", headers=admin).status_code == 404
