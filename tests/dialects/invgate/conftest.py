"""An InvGate-shaped installation: an API user (admin, Basic auth ``api`` / ``secret``), an
agent in help desk "Service Desk", two customers, the seeded categories, and helpers to call
``/api/v1/<endpoint>`` as InvGate clients do (query strings, forms, PHP-style arrays)."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from fastapi.testclient import TestClient

from polydesk.catalogs.service import get_catalog_item_by_name
from polydesk.core.actor import Role
from polydesk.db.uow import unit_of_work
from polydesk.runtime import Runtime
from tests.dialects.invgate.public import public_invgate  # noqa: F401  (a fixture)
from tests.factories import make_helpdesk, make_user

SPEC = json.loads((Path(__file__).parent / "invgate_api_extract.json").read_text())
Params = dict[str, Any] | list[tuple[str, Any]]


def basic(login: str, password: str) -> dict[str, str]:
    raw = base64.b64encode(f"{login}:{password}".encode()).decode()
    return {"Authorization": f"Basic {raw}"}


API_AUTH = basic("api", "secret")


@dataclass
class InvGate:
    client: TestClient
    runtime: Runtime
    users: dict[str, int]
    helpdesk_id: int
    category_id: int

    def call(
        self,
        method: str,
        endpoint: str,
        params: Params | None = None,
        *,
        data: Params | None = None,
        files: Any = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        sent = dict(API_AUTH if headers is None else headers)
        content = None
        if isinstance(data, list):  # repeated names (ids[]=1&ids[]=2): encode them ourselves
            content, data = urlencode(data), None
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        return self.client.request(
            method,
            f"/api/v1/{endpoint}",
            params=params,
            data=data,
            content=content,
            files=files,
            headers=sent,
        )

    def ok(self, method: str, endpoint: str, params: Params | None = None, **kw: Any) -> Any:
        response = self.call(method, endpoint, params, **kw)
        assert response.status_code == 200, response.text
        body = response.json()
        assert not (isinstance(body, dict) and body.get("status") == "ERROR"), body
        return body

    def create(self, **fields: Any) -> int:
        form = {
            "title": "Printer is on fire",
            "description": "<p>Smoke & flames</p>",
            "priority_id": 3,
            "type_id": 1,
            "category_id": self.category_id,
            "creator_id": self.users["api"],
            "customer_id": self.users["carla"],
            **fields,
        }
        body = self.ok("POST", "incident", data=form)
        ident: int = body["request_id"]
        return ident


@pytest.fixture
def invgate(runtime: Runtime, client: TestClient) -> Iterator[InvGate]:
    with unit_of_work(runtime.factory) as session:
        desk = make_helpdesk(session, "Service Desk")
        users = {
            "api": make_user(session, Role.ADMIN, login="api", password="secret").id,
            "alice": make_user(
                session, Role.AGENT, login="alice", password="pw", helpdesks=[desk]
            ).id,
            "carla": make_user(session, Role.CUSTOMER, login="carla", password="pw").id,
            "dave": make_user(session, Role.CUSTOMER, login="dave", password="pw").id,
        }
        category = get_catalog_item_by_name(session, "category", "Incident/Hardware")
        assert category is not None
        yield_value = InvGate(client, runtime, users, desk.id, category.id)
    yield yield_value
