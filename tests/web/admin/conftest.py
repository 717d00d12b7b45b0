"""Admin pages in process: an admin, an agent and a customer with passwords, signed in
through the real form."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient

from polydesk.core.actor import Role
from polydesk.db.uow import unit_of_work
from polydesk.runtime import Runtime
from tests.factories import make_helpdesk, make_user
from tests.web.pages import signed_in

PASSWORD = "correct-horse"


@dataclass(frozen=True)
class Admin:
    client: TestClient
    token: str  # the session's CSRF token
    desk_id: int  # a help desk, "Service desk"

    def post(self, path: str, data: dict[str, object]) -> object:
        return self.client.post(
            path, data={"csrf_token": self.token, **data}, follow_redirects=False
        )


@pytest.fixture
def people(runtime: Runtime) -> int:
    with unit_of_work(runtime.factory) as session:
        desk = make_helpdesk(session, "Service desk")
        make_user(session, Role.ADMIN, login="boss", password=PASSWORD)
        make_user(session, Role.AGENT, login="ann", password=PASSWORD, helpdesks=[desk])
        make_user(session, Role.CUSTOMER, login="cy", password=PASSWORD)
        return desk.id


@pytest.fixture
def admin(client: TestClient, people: int) -> Admin:
    return Admin(client, signed_in(client, "boss", PASSWORD), people)
