"""A Znuny-shaped installation: the fresh-install queues (Postmaster, Raw, Junk, Misc) as help
desks, ``root@localhost`` as the administrator, two agents, two customers of company ACME and
one of BETA, and the clock pinned."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from polydesk.companies.service import CompanyCreate, create_company
from polydesk.core.actor import SYSTEM, Role
from polydesk.core.clock import frozen
from polydesk.db.uow import unit_of_work
from polydesk.helpdesks.service import HelpdeskCreate, create_helpdesk
from polydesk.runtime import Runtime
from polydesk.users.schemas import UserCreate
from polydesk.users.service import create_user
from tests.factories import make_user

NOW = datetime(2024, 11, 24, 10, 0, 0, tzinfo=UTC)
QUEUES = ("Postmaster", "Raw", "Junk", "Misc")
BASE = "/otrs/nph-genericinterface.pl/Webservice"
CLASSIC = "GenericTicketConnectorREST"
ZNUNY7 = "GenericTicketConnectorREST-Znuny7"
ROOT = {"UserLogin": "root@localhost", "Password": "root"}
AGENT = {"UserLogin": "agent1", "Password": "agent1"}
CUSTOMER = {"CustomerUserLogin": "customer1", "Password": "customer1"}


class ZnunyCalls:
    """Calls to the GenericInterface over ``client``, as a client of Znuny makes them; shared
    by the installation below and the one built from outside (``public.py``)."""

    client: TestClient

    def default_auth(self) -> dict[str, str]:
        """The credentials ``create`` sends when given none."""
        return ROOT

    def request(
        self,
        method: str,
        route: str,
        *,
        body: Any = None,
        params: Any = None,
        headers: dict[str, str] | None = None,
        service: str = CLASSIC,
    ) -> httpx.Response:
        return self.client.request(
            method, f"{BASE}/{service}{route}", json=body, params=params, headers=headers
        )

    def call(self, method: str, route: str, **kwargs: Any) -> Any:
        """A request that must answer HTTP 200 with JSON (business errors included)."""
        response = self.request(method, route, **kwargs)
        assert response.status_code == 200, response.text
        assert response.headers["content-type"] == "application/json; charset=UTF-8"
        return response.json()

    def create(
        self,
        title: str = "Printer on fire",
        *,
        auth: dict[str, str] | None = None,
        ticket: dict[str, Any] | None = None,
        article: dict[str, Any] | None = None,
        **extra: Any,
    ) -> dict[str, Any]:
        """TicketCreate with sensible defaults; returns the answer."""
        body = {
            **(auth or self.default_auth()),
            "Ticket": {
                "Title": title,
                "Queue": "Raw",
                "State": "new",
                "Priority": "3 normal",
                "CustomerUser": "customer1",
                **(ticket or {}),
            },
            "Article": {
                "Subject": "Help",
                "Body": "It burns",
                "ContentType": "text/plain; charset=utf8",
                **(article or {}),
            },
            **extra,
        }
        return self.call("POST", "/Ticket", body=body)  # type: ignore[no-any-return]


@dataclass
class Znuny(ZnunyCalls):
    client: TestClient
    runtime: Runtime
    queues: dict[str, int]
    users: dict[str, int]


@pytest.fixture
def znuny(runtime: Runtime, client: TestClient) -> Iterator[Znuny]:
    with unit_of_work(runtime.factory) as session:
        desks = {
            name: create_helpdesk(session, SYSTEM, HelpdeskCreate(name=name)) for name in QUEUES
        }
        acme = create_company(session, SYSTEM, CompanyCreate(name="Acme Inc", code="ACME"))
        beta = create_company(session, SYSTEM, CompanyCreate(name="Beta Ltd", code="BETA"))
        users = {
            "root@localhost": create_user(
                session,
                SYSTEM,
                UserCreate(
                    login="root@localhost",
                    password="root",
                    role=Role.ADMIN,
                    email="root@example.com",
                    first_name="Admin",
                    last_name="OTRS",
                ),
            ),
            "agent1": make_user(
                session,
                login="agent1",
                password="agent1",
                helpdesks=[desks["Raw"], desks["Misc"]],
                read_only=[desks["Junk"]],
            ),
            "agent2": make_user(session, login="agent2", password="agent2"),
            "customer1": make_user(
                session, Role.CUSTOMER, login="customer1", password="customer1", company=acme
            ),
            "customer2": make_user(
                session, Role.CUSTOMER, login="customer2", password="customer2", company=acme
            ),
            "customer3": make_user(
                session, Role.CUSTOMER, login="customer3", password="customer3", company=beta
            ),
        }
        queues = {name: desk.id for name, desk in desks.items()}
        user_ids = {login: user.id for login, user in users.items()}
    with frozen(NOW):
        yield Znuny(client=client, runtime=runtime, queues=queues, users=user_ids)


# --- helpers for the ticket operation tests ---------------------------------------------------


def error(code: str, message: str) -> dict[str, Any]:
    """A business error as Znuny answers it (HTTP 200)."""
    return {"Error": {"ErrorCode": code, "ErrorMessage": message}}


def row_counts(znuny: Znuny) -> dict[str, int]:
    """How many rows each table an operation writes holds: a refused request changes none."""
    from sqlalchemy import func, select

    from polydesk.models.attachments import Attachment
    from polydesk.models.comments import Comment
    from polydesk.models.customfields import CustomFieldValue
    from polydesk.models.history import HistoryEvent
    from polydesk.models.jobs import OutgoingMail
    from polydesk.models.tickets import Ticket
    from polydesk.models.timetracking import TimeEntry

    models: tuple[type[Any], ...] = (
        Ticket, Comment, Attachment, CustomFieldValue, HistoryEvent, OutgoingMail, TimeEntry
    )  # fmt: skip
    with znuny.runtime.factory() as session:
        return {
            model.__tablename__: session.scalar(select(func.count()).select_from(model)) or 0
            for model in models
        }
