"""An InvGate-shaped installation: an API user (admin, Basic auth ``api`` / ``secret``), an
agent in help desk "Service Desk", two customers, the seeded categories, and helpers to call
``/api/v1/<endpoint>`` as InvGate clients do (query strings, forms, PHP-style arrays)."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from polydesk.catalogs.service import get_catalog_item_by_name
from polydesk.core.actor import Role
from polydesk.db.uow import unit_of_work
from polydesk.runtime import Runtime
from tests.dialects.invgate.calls import InvGateCalls
from tests.dialects.invgate.public import public_invgate  # noqa: F401  (a fixture)
from tests.factories import make_helpdesk, make_user

SPEC = json.loads((Path(__file__).parent / "invgate_api_extract.json").read_text())


def basic(login: str, password: str) -> dict[str, str]:
    raw = base64.b64encode(f"{login}:{password}".encode()).decode()
    return {"Authorization": f"Basic {raw}"}


API_AUTH = basic("api", "secret")


@dataclass
class InvGate(InvGateCalls):
    client: TestClient
    runtime: Runtime
    users: dict[str, int]
    helpdesk_id: int
    category_id: int

    def default_headers(self) -> dict[str, str]:
        return API_AUTH


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
