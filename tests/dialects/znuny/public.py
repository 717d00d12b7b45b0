"""The Znuny-shaped installation of ``conftest.py``, built only through the public surface
(issue 14): the first start through the CLI, then a site file through the admin API makes the
fresh-install queues, ``root@localhost`` as an administrator, agent2 (in no queue) and customer1
of company ACME. Their passwords are the ones the apply generated; the clock is pinned."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from polydesk.core.clock import frozen
from tests.dialects.znuny.conftest import BASE, CLASSIC, NOW
from tests.public import PublicInstall

SITE = """\
helpdesks:
  - {name: Postmaster}
  - {name: Raw}
  - {name: Junk}
  - {name: Misc}
companies:
  - {name: Acme Inc, code: ACME}
users:
  - login: root@localhost
    role: admin
    email: root@example.com
    first_name: Admin
    last_name: OTRS
  - {login: agent2, role: agent}
  - {login: customer1, role: customer, company: Acme Inc}
"""


@dataclass
class PublicZnuny:
    install: PublicInstall

    @property
    def client(self) -> TestClient:
        return self.install.client

    @property
    def admin(self) -> dict[str, str]:
        """Basic-auth headers of root@localhost, for the native API."""
        return self.install.login("root@localhost")

    @property
    def root(self) -> dict[str, str]:
        """root@localhost's credentials as Znuny's operations take them."""
        return self.agent("root@localhost")

    def agent(self, login: str) -> dict[str, str]:
        return {"UserLogin": login, "Password": self.install.passwords[login]}

    def request(
        self,
        method: str,
        route: str,
        *,
        body: Any = None,
        params: Any = None,
        service: str = CLASSIC,
    ) -> httpx.Response:
        return self.client.request(method, f"{BASE}/{service}{route}", json=body, params=params)

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
        ticket: dict[str, Any] | None = None,
        article: dict[str, Any] | None = None,
        **extra: Any,
    ) -> dict[str, Any]:
        """TicketCreate as root@localhost with sensible defaults; returns the answer."""
        body = {
            **self.root,
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

    def apply(self, document: str) -> dict[str, Any]:
        """A site file applied by root@localhost (``POST /polydesk/v1/config/apply``)."""
        response = self.client.post(
            "/polydesk/v1/config/apply", headers=self.admin, json={"document": document}
        )
        assert response.status_code == 200, response.text
        answer: dict[str, Any] = response.json()
        return answer


@pytest.fixture(name="znuny")
def public_znuny(public_install: PublicInstall) -> Iterator[PublicZnuny]:
    """Replaces conftest's ``znuny`` in a module that imports it."""
    public_install.apply(SITE)
    with frozen(NOW):
        yield PublicZnuny(public_install)
