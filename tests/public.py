"""Setting an install up only through its public surface, as a new user would: the first start
makes the admin (``polydesk db upgrade`` with POLYDESK_ADMIN_PASSWORD, which the ``cli_run``
fixture sets), and everything else goes through the native API (a site file, credentials) or
the CLI. For tests whose setup must make no ORM or service call (issue 14)."""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from fastapi.testclient import TestClient

ADMIN_LOGIN, ADMIN_PASSWORD = "admin", "adminpw"  # tests/conftest.py cli_run's environment
V1 = "/polydesk/v1"


def basic_auth(login: str, password: str) -> dict[str, str]:
    raw = base64.b64encode(f"{login}:{password}".encode()).decode()
    return {"Authorization": f"Basic {raw}"}


@dataclass
class PublicInstall:
    """A fresh install driven from outside: ``admin`` are the first admin's headers;
    ``passwords`` the generated passwords of the users site files created, by login."""

    client: TestClient
    cli: Callable[..., tuple[int, list[dict[str, Any]], str]]
    admin: dict[str, str]
    passwords: dict[str, str] = field(default_factory=dict)

    def apply(self, document: str) -> dict[str, Any]:
        """Apply a site file through the admin API; remembers created users' passwords."""
        answer = self.client.post(
            f"{V1}/config/apply", headers=self.admin, json={"document": document}
        )
        assert answer.status_code == 200, answer.text
        plan: dict[str, Any] = answer.json()
        for shown in plan["created_users"]:
            self.passwords[shown["login"]] = shown["generated_password"]
        return plan

    def login(self, login: str) -> dict[str, str]:
        """Basic-auth headers of a user a site file created."""
        return basic_auth(login, self.passwords[login])

    def post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        """An admin POST to the native API (credentials, tokens...), which must succeed."""
        answer = self.client.post(f"{V1}{path}", headers=self.admin, json=body)
        assert answer.status_code in (200, 201), answer.text
        result: dict[str, Any] = answer.json()
        return result

    def run(self, *args: str) -> dict[str, Any]:
        """A CLI command that must succeed; its last JSON line."""
        code, out, err = self.cli(*args)
        assert code == 0, err
        return out[-1]


@pytest.fixture
def public_install(client: TestClient, cli_run: Any) -> PublicInstall:
    code, _, err = cli_run("db", "upgrade")  # the first start: migrations, defaults, the admin
    assert code == 0, err
    return PublicInstall(client, cli_run, basic_auth(ADMIN_LOGIN, ADMIN_PASSWORD))
