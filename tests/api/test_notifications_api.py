"""Native API, notification settings (admins): list, override a template, switch a recipient
kind off; refusals are domain errors that change nothing; others are refused."""

from __future__ import annotations

from fastapi.testclient import TestClient

from polydesk.core.actor import Role
from polydesk.runtime import Runtime
from tests.factories import make_user, token_for

V1 = "/polydesk/v1"


def _headers(runtime: Runtime, role: Role = Role.ADMIN) -> dict[str, str]:
    with runtime.factory() as session, session.begin():
        return token_for(session, make_user(session, role))


def _opened(client: TestClient, admin: dict[str, str]) -> dict[str, object]:
    response = client.get(f"{V1}/notifications", headers=admin)
    assert response.status_code == 200, response.text
    [opened] = [item for item in response.json() if item["event"] == "ticket.opened"]
    return opened  # type: ignore[no-any-return]


def test_an_admin_overrides_a_template_and_switches_a_recipient_off(
    runtime: Runtime, client: TestClient
) -> None:
    admin = _headers(runtime)
    url = f"{V1}/notifications/ticket.opened"

    put = client.put(
        f"{url}/templates/de", headers=admin,
        json={"subject": "Neu: {ticket_title}", "body": "Hallo {recipient}"},
    )  # fmt: skip
    off = client.put(f"{url}/recipients/helpdesk", headers=admin, json={"enabled": False})

    assert (put.status_code, off.status_code) == (204, 204)
    opened = _opened(client, admin)
    assert opened["templates"] == [
        {"language": "de", "subject": "Neu: {ticket_title}", "body": "Hallo {recipient}"}
    ]
    assert opened["recipients"] == {
        "requester": True, "owner": True, "helpdesk": False, "participants": True
    }  # fmt: skip
    assert "ticket_number" in opened["placeholders"]  # type: ignore[operator]
    assert client.delete(f"{url}/templates/de", headers=admin).status_code == 204
    assert _opened(client, admin)["templates"] == []


def test_refusals_are_domain_errors_and_change_nothing(
    runtime: Runtime, client: TestClient
) -> None:
    admin, agent = _headers(runtime), _headers(runtime, Role.AGENT)
    url = f"{V1}/notifications/ticket.opened"
    body = {"subject": "Neu", "body": "{ticket_title.__init__.__globals__}"}

    bad = client.put(f"{url}/templates/de", headers=admin, json=body)
    unknown = client.put(f"{V1}/notifications/nope/recipients/owner", headers=admin,
                         json={"enabled": False})  # fmt: skip
    denied = client.put(f"{url}/recipients/owner", headers=agent, json={"enabled": False})
    missing = client.delete(f"{url}/templates/es", headers=admin)

    assert (
        bad.status_code == 422 and bad.json()["error"]["code"] == "notification.unknown_placeholder"
    )
    assert unknown.status_code == 422
    assert unknown.json()["error"]["code"] == "notification.unknown_event"
    assert denied.status_code == 403 and missing.status_code == 404
    assert _opened(client, admin)["templates"] == []
    assert _opened(client, admin)["recipients"]["owner"] is True  # type: ignore[index]


def test_the_status_catalog_shows_pending_actions(runtime: Runtime, client: TestClient) -> None:
    response = client.get(f"{V1}/catalogs/status", headers=_headers(runtime, Role.AGENT))

    statuses = {item["name"]: item for item in response.json()}
    plus, closed = statuses["Pending auto close+"], statuses["Closed"]
    assert statuses["Pending reminder"]["pending_action"] == "remind"
    assert plus["pending_action"] == "auto_close"
    assert plus["pending_target_status_id"] == closed["id"]
    assert closed["pending_action"] == "none"
