"""The Integria-shaped installation of ``conftest.py``, built only through the public surface
(issue 14): the first start through the CLI (its admin is Integria's ``admin``, with the
install's own password), the ``integria`` preset through the admin API (the stock groups, "All"
as id 1), and the API opened to the test client by ``PUT /polydesk/v1/settings/{key}``; the
clock is pinned."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient

from polydesk.core.clock import frozen
from tests.dialects.edges import OPEN_INTEGRIA
from tests.dialects.integria.conftest import NOW, integria_call
from tests.public import ADMIN_PASSWORD, V1, PublicInstall


@dataclass
class PublicIntegria:
    install: PublicInstall

    @property
    def client(self) -> TestClient:
        return self.install.client

    @property
    def admin(self) -> dict[str, str]:
        """Basic-auth headers of ``admin``, for the native API."""
        return self.install.admin

    def apply(self, document: str) -> dict[str, Any]:
        """A site file applied by ``admin`` (``POST /polydesk/v1/config/apply``)."""
        return self.install.apply(document)

    def call(
        self,
        op: str,
        params: str = "",
        *,
        user: str = "admin",
        password: str = ADMIN_PASSWORD,
        method: str = "GET",
        **extra: str,
    ) -> str:
        return integria_call(
            self.client, op, params, user=user, password=password, method=method, **extra
        )


@pytest.fixture(name="integria")
def public_integria(public_install: PublicInstall) -> Iterator[PublicIntegria]:
    """Replaces conftest's ``integria`` in a module that imports it."""
    public_install.post("/config/presets/integria/apply", {})
    for key, value in OPEN_INTEGRIA.items():
        answer = public_install.client.put(
            f"{V1}/settings/{key}", headers=public_install.admin, json={"value": value}
        )
        assert answer.status_code == 200, answer.text
    with frozen(NOW):
        yield PublicIntegria(public_install)
