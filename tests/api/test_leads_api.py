"""Native API: leads. Created here (or by Integria's create_lead, tests/dialects/integria/
test_stored_inputs.py) and read back whole; paged with a cap; index-backed filters; agents and
admins only; bad input is a 422 that changes nothing."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from polydesk.core.actor import Role
from polydesk.models.crm import Lead
from polydesk.runtime import Runtime
from tests.factories import make_company, make_user, token_for

V1 = "/polydesk/v1"
FULL = {
    "full_name": "Dario Rodriguez",
    "email": "dario@example.com",
    "phone": "555",
    "mobile": "666",
    "position": "Developer",
    "company_name": "Artica ST",
    "country": "Spain",
    "language": "es",
    "description": "Wants 40 seats",
    "progress": 20,
    "estimated_sale": 1234.5,
    "estimated_close_on": "2027-03-01",
    "tags": ["Software", "Hardware"],
    "category_id": 3,
    "campaign_id": 9,
}


def _setup(runtime: Runtime) -> dict[str, Any]:
    with runtime.factory() as session, session.begin():
        agent = make_user(session, Role.AGENT)
        return {
            "agent": token_for(session, agent),
            "agent_id": agent.id,
            "customer": token_for(session, make_user(session, Role.CUSTOMER)),
            "company_id": make_company(session, "Artica").id,
        }


def _lead_count(runtime: Runtime) -> int:
    with runtime.factory() as session:
        return int(session.scalar(select(func.count()).select_from(Lead)) or 0)


def test_a_lead_is_created_and_read_back_whole(client: TestClient, runtime: Runtime) -> None:
    who = _setup(runtime)
    body = {**FULL, "company_id": who["company_id"], "owner_id": who["agent_id"]}

    created = client.post(f"{V1}/leads", headers=who["agent"], json=body)
    read = client.get(f"{V1}/leads/{created.json()['id']}", headers=who["agent"])

    assert created.status_code == 201, created.text
    assert read.json() == created.json()
    assert {key: read.json()[key] for key in body} == body


def test_the_list_pages_and_filters(client: TestClient, runtime: Runtime) -> None:
    who = _setup(runtime)
    for name, progress in (("Ana Ruiz", 10), ("Bruno Diaz", 10), ("ana Lopez", 50)):
        email = f"{name.split()[0].lower()}{progress}@example.com"
        lead = {"full_name": name, "email": email, "progress": progress}
        assert client.post(f"{V1}/leads", headers=who["agent"], json=lead).status_code == 201

    def names(**query: Any) -> list[str]:
        answer = client.get(f"{V1}/leads", headers=who["agent"], params=query)
        assert answer.status_code == 200, answer.text
        return [item["full_name"] for item in answer.json()["items"]]

    first = client.get(f"{V1}/leads", headers=who["agent"], params={"limit": 2, "total": "true"})
    assert [item["full_name"] for item in first.json()["items"]] == ["Ana Ruiz", "Bruno Diaz"]
    assert first.json()["total"] == 3
    assert names(limit=2, offset=2) == ["ana Lopez"]
    assert names(name="ANA") == ["Ana Ruiz", "ana Lopez"]
    assert names(progress=10, name="b") == ["Bruno Diaz"]
    assert names(email="ANA50@example.com") == ["ana Lopez"]
    assert names(company_id=who["company_id"]) == []


def test_customers_are_refused(client: TestClient, runtime: Runtime) -> None:
    who = _setup(runtime)
    created = client.post(f"{V1}/leads", headers=who["agent"], json=FULL).json()

    listing = client.get(f"{V1}/leads", headers=who["customer"])
    one = client.get(f"{V1}/leads/{created['id']}", headers=who["customer"])
    write = client.post(f"{V1}/leads", headers=who["customer"], json=FULL)

    assert (listing.status_code, one.status_code, write.status_code) == (403, 403, 403)
    assert _lead_count(runtime) == 1


def test_bad_input_is_a_422_and_changes_nothing(client: TestClient, runtime: Runtime) -> None:
    who = _setup(runtime)
    bad_queries = [
        {"progress": -1},
        {"company_id": 0},
        {"owner_id": 2**31},
        {"name": "a\x00b"},
        {"email": ""},
        {"limit": 0},
    ]
    bad_bodies = [
        {**FULL, "email": "not an address"},
        {**FULL, "full_name": ""},
        {**FULL, "tags": ["a,b"]},
        {**FULL, "progress": 5000},
        {**FULL, "unknown": 1},
        {**FULL, "company_id": 999_999},
    ]

    answers = [client.get(f"{V1}/leads", headers=who["agent"], params=q) for q in bad_queries]
    writes = [client.post(f"{V1}/leads", headers=who["agent"], json=b) for b in bad_bodies]
    missing = client.get(f"{V1}/leads/999999", headers=who["agent"])

    assert [answer.status_code for answer in answers] == [422] * len(bad_queries)
    assert [write.status_code for write in writes] == [422] * 5 + [404]
    assert all("error" in write.json() for write in writes)
    assert (missing.status_code, missing.json()["error"]["code"]) == (404, "lead.not_found")
    assert _lead_count(runtime) == 0
