"""``POST /api/v1/incident`` on one server: form or query requests (Basic auth or InvGate's
tokens) create InvGate requests; a JSON body or a Motadata bearer token creates a Motadata
incident. Each product answers in its own shape, and both see the same tickets."""

from __future__ import annotations

from sqlalchemy import func, select

from polydesk.core.actor import SYSTEM
from polydesk.credentials.service import create_oauth_client
from polydesk.db.uow import unit_of_work
from polydesk.models.tickets import Ticket
from tests.dialects.invgate.conftest import InvGate, basic


def _tickets(invgate: InvGate) -> int:
    with unit_of_work(invgate.runtime.factory) as session:
        return int(session.scalar(select(func.count()).select_from(Ticket)) or 0)


def _clients(invgate: InvGate) -> tuple[tuple[str, str], tuple[str, str]]:
    with unit_of_work(invgate.runtime.factory) as session:
        motadata = create_oauth_client(
            session, SYSTEM, name="web", grants=["password"], scopes=[], client_id="web-client"
        )
        robot = create_oauth_client(
            session, SYSTEM, name="robot", grants=["client_credentials"],
            scopes=["api.v1.incident:post"], user_id=invgate.users["api"],
        )  # fmt: skip
    return (motadata.client_id, motadata.client_secret), (robot.client_id, robot.client_secret)


def _form(invgate: InvGate) -> dict[str, object]:
    return {
        "title": "Shared path",
        "priority_id": 2,
        "type_id": 1,
        "category_id": invgate.category_id,
        "creator_id": invgate.users["api"],
        "customer_id": invgate.users["carla"],
    }


def test_both_products_create_on_the_same_path(invgate: InvGate) -> None:
    motadata_client, robot = _clients(invgate)
    login = invgate.client.post(
        "/api/oauth/token",
        data={"grant_type": "password", "username": "api", "password": "secret"},
        headers=basic(*motadata_client),
    )
    jwt = login.json()["access_token"]
    token = invgate.client.post(
        "/oauth/v2.0/access_token",
        data={"grant_type": "client_credentials", "client_id": robot[0],
              "client_secret": robot[1], "scope": "api.v1.incident:post"},
    ).json()["access_token"]  # fmt: skip

    form = invgate.client.post(
        "/api/v1/incident", data=_form(invgate), headers=basic("api", "secret")
    )
    query = invgate.client.post("/api/v1/incident", params=_form(invgate),
                                headers={"Authorization": f"Bearer {token}"})  # fmt: skip
    mota = invgate.client.post(
        "/api/v1/incident",
        json={"subject": "From Motadata", "requesterEmail": "carla@example.com"},
        headers={"Authorization": f"Bearer {jwt}"},
    )

    assert form.json()["status"] == "OK" and query.json()["status"] == "OK"
    assert mota.json()["returnCode"] == "SUCCESS"
    ids = [form.json()["request_id"], query.json()["request_id"], mota.json()["id"]]
    assert _tickets(invgate) == 3
    seen = invgate.ok("GET", "incidents", [("ids[]", ident) for ident in ids])
    assert [seen[str(i)]["title"] for i in ids] == ["Shared path", "Shared path", "From Motadata"]
    motadata_view = invgate.client.get(
        f"/api/v1/incident/{ids[0]}", headers={"Authorization": f"Bearer {jwt}"}
    )
    assert motadata_view.json()["subject"] == "Shared path"


def test_each_product_refuses_in_its_own_shape(invgate: InvGate) -> None:
    invgate_401 = invgate.client.post("/api/v1/incident", data=_form(invgate),
                                      headers=basic("api", "wrong"))  # fmt: skip
    motadata_401 = invgate.client.post("/api/v1/incident", json={"subject": "s"})

    assert invgate_401.status_code == 401
    assert invgate_401.json() == {"error": "Invalid credentials", "status": 401}
    assert motadata_401.status_code == 401 and motadata_401.json()["error"] == "unauthorized"
    assert _tickets(invgate) == 0


def test_invgates_other_methods_on_the_path_are_its_own(invgate: InvGate) -> None:
    ident = invgate.create()

    read = invgate.call("GET", "incident", {"id": ident})
    change = invgate.call("PUT", "incident", {"id": ident, "title": "Changed"})

    assert read.json()["id"] == ident and change.json()["title"] == "Changed"
