"""The ReadyDesk world of ``conftest.py`` built only through the public surface (issue 14): the
first start (``public_install``), then a site file for company "Demo Company", the admin ``api``,
the tech ``guest``, the customer ``demo`` of that company and the four text custom fields, the
setting ``readydesk.timezone`` (UTC) and ReadyDesk API keys through the admin API. Ids are read
from the native API. The clock is pinned as in ``conftest.py``."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pytest

from polydesk.core.clock import frozen
from tests.dialects.readydesk.calls import readydesk_call
from tests.public import V1, PublicInstall

NOW = datetime(2024, 5, 1, 10, 0, 0, tzinfo=UTC)  # as conftest.NOW
WORLD = """\
companies:
  - name: Demo Company
users:
  - {login: api, role: admin}
  - {login: guest, role: agent}
  - {login: demo, role: customer, company: Demo Company}
custom_fields:
""" + "".join(f"  - {{name: Custom_field_{n}, type: text, position: {n}}}\n" for n in range(1, 5))


@dataclass
class PublicReadyDesk:
    """``conftest.ReadyDesk``'s helpers on a public install."""

    public: PublicInstall
    key: str
    ids: dict[str, int] = field(default_factory=dict)

    @property
    def client(self) -> Any:
        return self.public.client

    def call(
        self, action: str, *, fmt: str | None = None, method: str = "GET", **variables: Any
    ) -> str:
        return readydesk_call(self.client, self.key, action, fmt=fmt, method=method, **variables)

    def new_key(self, *, allowed_ips: list[str] | None = None, login: str | None = None) -> str:
        """A ReadyDesk API key (the admin API), acting as ``login`` if given."""
        body: dict[str, Any] = {"dialect": "readydesk", "allowed_ips": allowed_ips or []}
        if login is not None:
            body["user"] = login
        key: str = self.public.post("/api-keys", body)["key"]
        return key


def _id(public: PublicInstall, path: str, key: str, value: str) -> int:
    params = {"q": value} if path == "users" else {"limit": 50}
    answer = public.client.get(f"{V1}/{path}", headers=public.admin, params=params)
    assert answer.status_code == 200, answer.text
    [found] = [row["id"] for row in answer.json()["items"] if row[key] == value]
    return int(found)


@pytest.fixture
def public_rd(public_install: PublicInstall) -> Iterator[PublicReadyDesk]:
    public_install.apply(WORLD)
    answer = public_install.client.put(
        f"{V1}/settings/readydesk.timezone", headers=public_install.admin, json={"value": "UTC"}
    )
    assert answer.status_code == 200, answer.text
    ids = {
        login: _id(public_install, "users", "login", login) for login in ("api", "guest", "demo")
    }
    ids["Demo Company"] = _id(public_install, "companies", "name", "Demo Company")
    rd = PublicReadyDesk(public_install, "", ids)
    rd.key = rd.new_key(login="api")
    with frozen(NOW):
        yield rd
