"""A Flotomate-shaped installation: the seed's web-app client (``main-web-app-client`` with the
secret its Basic header encodes) and an integration client (``API-client``), the seed's user
``tim@acme.com`` / ``123`` (the integration's technician, an admin here), an agent without help
desks, a customer, location "Ahmedabad", and the clock pinned to the moment the seed's first
token was issued (its ``exp`` 1538684593 minus 7200 s)."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from polydesk.core.actor import SYSTEM, Role
from polydesk.core.clock import frozen
from polydesk.credentials.service import create_oauth_client, digest
from polydesk.db.uow import unit_of_work
from polydesk.models.attachments import Attachment
from polydesk.models.companies import Location
from polydesk.models.credentials import OAuthClient, OAuthToken
from polydesk.models.customfields import CustomFieldValue
from polydesk.models.history import HistoryEvent
from polydesk.models.jobs import OutgoingMail
from polydesk.models.tickets import Ticket, TicketCc, TicketTag
from polydesk.models.users import User
from polydesk.runtime import Runtime
from polydesk.users.schemas import UserCreate
from polydesk.users.service import create_user
from tests.dialects.motadata.calls import MotadataCalls, bearer
from tests.dialects.motadata.public import public_motadata  # noqa: F401  (a fixture)

SEED_EXP = 1538684593
NOW = datetime.fromtimestamp(SEED_EXP - 7200, UTC)
#: The seed's header: base64("main-web-app-client:main-web-app-secret").
SEED_BASIC = "Basic bWFpbi13ZWItYXBwLWNsaWVudDptYWluLXdlYi1hcHAtc2VjcmV0"
WEB_CLIENT, WEB_SECRET = "main-web-app-client", "main-web-app-secret"


def basic(client_id: str, secret: str) -> dict[str, str]:
    raw = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    return {"Authorization": f"Basic {raw}"}


@dataclass
class Motadata(MotadataCalls):
    client: TestClient
    runtime: Runtime
    users: dict[str, int]
    api_client: tuple[str, str]
    location_id: int

    def login(
        self, username: str = "tim@acme.com", password: str = "123", **extra: str
    ) -> dict[str, Any]:
        response = self.client.post(
            "/api/oauth/token",
            headers={"Authorization": SEED_BASIC},
            data={"username": username, "password": password, "grant_type": "password", **extra},
        )
        assert response.status_code == 200, response.text
        answer: dict[str, Any] = response.json()
        return answer

    def auth(self, username: str = "tim@acme.com", password: str = "123") -> dict[str, str]:
        return bearer(self.login(username, password)["access_token"])


@pytest.fixture
def motadata(runtime: Runtime, client: TestClient) -> Iterator[Motadata]:
    with unit_of_work(runtime.factory) as session:
        users = {
            "tim@acme.com": _user(session, "tim@acme.com", "123", Role.ADMIN, "Tim"),
            "john@flotomate.com": _user(session, "john@flotomate.com", "john", Role.AGENT, "John"),
            "cust@acme.com": _user(session, "cust@acme.com", "cust", Role.CUSTOMER, "Cust"),
        }
        create_oauth_client(
            session,
            SYSTEM,
            name="main-web-app",
            grants=["password", "refresh_token"],
            scopes=["main-web-app-scope"],
            client_id=WEB_CLIENT,
        )
        web = session.scalars(select(OAuthClient).where(OAuthClient.client_id == WEB_CLIENT)).one()
        web.secret_hash = digest(WEB_SECRET)  # the seed's secret, so its Basic header works
        api = create_oauth_client(
            session,
            SYSTEM,
            name="API",
            grants=["password", "refresh_token"],
            scopes=[],
            client_id="API-client",
        )
        location = Location(name="Ahmedabad")
        session.add(location)
        session.flush()
        location_id = location.id
    with frozen(NOW):
        yield Motadata(client, runtime, users, (api.client_id, api.client_secret), location_id)


def _user(session: Any, login: str, password: str, role: Role, name: str) -> int:
    command = UserCreate(login=login, password=password, email=login, first_name=name, role=role)
    return create_user(session, SYSTEM, command).id


def row_counts(motadata: Motadata) -> dict[str, int]:
    """Rows of every table a request may write: a refused request changes none."""
    models: tuple[type[Any], ...] = (
        Ticket, TicketTag, TicketCc, Attachment, CustomFieldValue, HistoryEvent, OutgoingMail,
        User, OAuthToken,
    )  # fmt: skip
    with motadata.runtime.factory() as session:
        return {
            model.__tablename__: session.scalar(select(func.count()).select_from(model)) or 0
            for model in models
        }


def envelope_error(status: int, code: str, message: str) -> dict[str, Any]:
    return {"returnCode": code, "status": status, "userMessage": message, "id": None}
