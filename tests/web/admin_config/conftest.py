"""Configuration and credentials admin pages in process: an admin, an agent and a customer
with passwords, signed in through the real sign-in form."""

from __future__ import annotations

from dataclasses import dataclass

import httpx
import pytest
from fastapi.testclient import TestClient

from polydesk.core.actor import Role
from polydesk.db.uow import unit_of_work
from polydesk.runtime import Runtime
from tests.factories import make_user
from tests.web.pages import signed_in

PASSWORD = "correct-horse"


@dataclass(frozen=True)
class Admin:
    client: TestClient
    token: str  # the session's CSRF token

    def post(self, path: str, data: dict[str, str] | None = None) -> httpx.Response:
        body = {"csrf_token": self.token, **(data or {})}
        return self.client.post(path, data=body, follow_redirects=False)

    def native(self, path: str) -> httpx.Response:
        """The native admin API's answer for the same admin (basic auth)."""
        return self.client.get(f"/polydesk/v1{path}", auth=("boss", PASSWORD))


@pytest.fixture
def people(runtime: Runtime) -> None:
    with unit_of_work(runtime.factory) as session:
        make_user(session, Role.ADMIN, login="boss", password=PASSWORD)
        make_user(session, Role.AGENT, login="ann", password=PASSWORD)
        make_user(session, Role.CUSTOMER, login="cy", password=PASSWORD)


@pytest.fixture
def admin(client: TestClient, people: None) -> Admin:
    return Admin(client, signed_in(client, "boss", PASSWORD))
