"""One installation every edge can be called on with real credentials: Integria open to the
test client (no failure delay), an admin with a distinctive password, a ReadyDesk key, a
Motadata password-grant client and an InvGate client-credentials client. Also: rows counted
over every table, to prove a refused request wrote nothing."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import Engine, func, select

from polydesk.core.actor import SYSTEM, Role
from polydesk.credentials.service import create_api_key, create_oauth_client
from polydesk.db.base import Base
from polydesk.db.uow import unit_of_work
from polydesk.runtime import Runtime
from tests.dialects.edges import open_integria
from tests.factories import make_helpdesk, make_user

ADMIN_LOGIN = "admin"
ADMIN_PASSWORD = "Adm1n-pw-zq7xk"  # distinctive: it must never show up in a log


@dataclass(frozen=True)
class Credentials:
    admin_id: int
    helpdesk_id: int
    readydesk_key: str
    motadata_client: tuple[str, str]
    invgate_client: tuple[str, str]

    def secrets(self) -> list[str]:
        """Every real secret the tests send somewhere."""
        return [ADMIN_PASSWORD, self.readydesk_key, self.motadata_client[1],
                self.invgate_client[1]]  # fmt: skip


@pytest.fixture
def credentials(runtime: Runtime) -> Credentials:
    with unit_of_work(runtime.factory) as session:
        open_integria(session)
        admin = make_user(session, Role.ADMIN, login=ADMIN_LOGIN, password=ADMIN_PASSWORD)
        desk = make_helpdesk(session, "Service Desk")
        key = create_api_key(session, SYSTEM, dialect="readydesk", allowed_ips=[], user_id=admin.id)
        motadata = create_oauth_client(
            session, SYSTEM, name="Logs", grants=["password", "refresh_token"], scopes=[]
        )
        invgate = create_oauth_client(
            session,
            SYSTEM,
            name="robot",
            grants=["client_credentials"],
            scopes=["api.v1.incident:post", "api.v1.incident:get"],
            user_id=admin.id,
        )
        return Credentials(
            admin_id=admin.id,
            helpdesk_id=desk.id,
            readydesk_key=key,
            motadata_client=(motadata.client_id, motadata.client_secret),
            invgate_client=(invgate.client_id, invgate.client_secret),
        )


def count_rows(engine: Engine) -> dict[str, int]:
    """Rows per table, over every table of the schema."""
    with engine.connect() as connection:
        return {
            table.name: connection.scalar(select(func.count()).select_from(table)) or 0
            for table in Base.metadata.sorted_tables
        }
