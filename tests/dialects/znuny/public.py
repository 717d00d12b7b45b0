"""The Znuny-shaped installation of ``conftest.py``, built only through the public surface
(issue 14): the first start through the CLI, then a site file through the admin API makes the
fresh-install queues, ``root@localhost`` as an administrator, agent2 (in no queue) and customer1
of company ACME. Their passwords are the ones the apply generated; the clock is pinned."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient

from polydesk.core.clock import frozen
from tests.dialects.znuny.conftest import NOW, ZnunyCalls
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
class PublicZnuny(ZnunyCalls):
    install: PublicInstall
    client: TestClient

    def default_auth(self) -> dict[str, str]:
        return self.root

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
        yield PublicZnuny(public_install, public_install.client)
