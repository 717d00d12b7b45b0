"""The Motadata world of ``conftest.py`` built only through the public surface (issue 14): the
first start (``public_install``), a site file for the integration's technician ``tim@acme.com``
(an admin), the agent ``john@flotomate.com``, the customer ``cust@acme.com`` and the location
"Ahmedabad" (each user with the password the apply generated), and through the admin API the
web-app OAuth client ``main-web-app-client`` (its secret the one the API showed: the seed's own
cannot be given publicly) and the integration client ``API-client``. User ids are read from the
native API. The clock is not pinned: these tests read no token's time."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.dialects.edges import basic
from tests.dialects.motadata.calls import MotadataCalls, bearer
from tests.public import V1, PublicInstall

WORLD = """\
users:
  - {login: tim@acme.com, email: tim@acme.com, first_name: Tim, role: admin}
  - {login: john@flotomate.com, email: john@flotomate.com, first_name: John, role: agent}
  - {login: cust@acme.com, email: cust@acme.com, first_name: Cust, role: customer}
locations:
  - name: Ahmedabad
"""
TIM = "tim@acme.com"
WEB_CLIENT = "main-web-app-client"  # as conftest.WEB_CLIENT


@dataclass
class PublicMotadata(MotadataCalls):
    """``conftest.Motadata``'s helpers on a public install."""

    public: PublicInstall
    client: TestClient
    users: dict[str, int]
    web_client: tuple[str, str]
    api_client: tuple[str, str]

    def admin(self) -> dict[str, str]:
        """Tim's Basic-auth headers for the native API (config apply...)."""
        return self.public.login(TIM)

    def login(self, username: str = TIM, password: str | None = None, **extra: str) -> Any:
        response = self.client.post(
            "/api/oauth/token",
            headers=basic(*self.web_client),
            data={
                "username": username,
                "password": self.public.passwords[username] if password is None else password,
                "grant_type": "password",
                **extra,
            },
        )
        assert response.status_code == 200, response.text
        return response.json()

    def auth(self, username: str = TIM, password: str | None = None) -> dict[str, str]:
        return bearer(self.login(username, password)["access_token"])


def _user_id(public: PublicInstall, login: str) -> int:
    answer = public.client.get(f"{V1}/users", headers=public.admin, params={"q": login})
    assert answer.status_code == 200, answer.text
    [found] = [row["id"] for row in answer.json()["items"] if row["login"] == login]
    return int(found)


def _oauth_client(
    public: PublicInstall, name: str, client_id: str, **extra: Any
) -> tuple[str, str]:
    body = {"name": name, "grants": ["password", "refresh_token"], "client_id": client_id, **extra}
    made = public.post("/oauth-clients", body)
    return made["client_id"], made["client_secret"]


@pytest.fixture
def public_motadata(public_install: PublicInstall) -> PublicMotadata:
    public_install.apply(WORLD)
    users = {
        login: _user_id(public_install, login)
        for login in (TIM, "john@flotomate.com", "cust@acme.com")
    }
    web = _oauth_client(public_install, "main-web-app", WEB_CLIENT, scopes=["main-web-app-scope"])
    api = _oauth_client(public_install, "API", "API-client")
    return PublicMotadata(public_install, public_install.client, users, web, api)
