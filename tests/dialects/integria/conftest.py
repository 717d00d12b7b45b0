"""An Integria-shaped installation: the product's fresh-install groups and admin, the API open
to every address, no failure delay, dates in UTC, and the clock pinned."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from polydesk.core.actor import SYSTEM, Role
from polydesk.core.clock import frozen
from polydesk.db.uow import unit_of_work
from polydesk.helpdesks.service import HelpdeskCreate, create_helpdesk
from polydesk.runtime import Runtime
from tests.dialects.edges import open_integria
from tests.factories import make_user

NOW = datetime(2024, 5, 1, 10, 0, 0, tzinfo=UTC)
GROUPS = ("All", "Customer #A", "Customer #B", "Engineering")


def integria_call(
    client: TestClient,
    op: str,
    params: str = "",
    *,
    user: str,
    password: str,
    method: str = "GET",
    **extra: str,
) -> str:
    """An ``api.php`` call as Integria clients make it; the answer's text (HTTP 200 always)."""
    values: dict[str, Any] = {"user": user, "user_pass": password, "op": op, **extra}
    if params:
        values["params"] = params
    if method == "GET":
        response = client.get("/include/api.php", params=values)
    else:
        response = client.post("/include/api.php", data=values)
    assert response.status_code == 200
    return response.text


@dataclass
class Integria:
    client: TestClient
    runtime: Runtime
    groups: dict[str, int]

    def call(
        self,
        op: str,
        params: str = "",
        *,
        user: str = "admin",
        password: str = "integria",
        method: str = "GET",
        **extra: str,
    ) -> str:
        return integria_call(
            self.client, op, params, user=user, password=password, method=method, **extra
        )


@pytest.fixture
def integria(runtime: Runtime, client: TestClient) -> Iterator[Integria]:
    with unit_of_work(runtime.factory) as session:
        open_integria(session)
        groups = {
            name: create_helpdesk(session, SYSTEM, HelpdeskCreate(name=name)).id for name in GROUPS
        }
        make_user(session, Role.ADMIN, login="admin", password="integria")
    with frozen(NOW):
        yield Integria(client=client, runtime=runtime, groups=groups)
