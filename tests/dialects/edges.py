"""What the dialect suites share for the cross-edge (parity) tests: opening Integria's api.php
to the test client, and calling the native API with Basic credentials."""

from __future__ import annotations

import base64
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from polydesk.core.actor import SYSTEM
from polydesk.settings.service import set_setting

V1 = "/polydesk/v1"
#: Integria's API for tests: every address allowed, no failure delay, dates in UTC.
OPEN_INTEGRIA = {
    "integria.allowed_ips": "*",
    "integria.auth_failure_delay": "0",
    "integria.timezone": "UTC",
}


def open_integria(session: Session) -> None:
    for key, value in OPEN_INTEGRIA.items():
        set_setting(session, SYSTEM, key, value)


def basic(login: str, password: str) -> dict[str, str]:
    raw = base64.b64encode(f"{login}:{password}".encode()).decode()
    return {"Authorization": f"Basic {raw}"}


def native(
    client: TestClient, auth: dict[str, str], method: str, path: str, body: Any = None
) -> Any:
    """The JSON of a native API call that must succeed (200 or 201)."""
    response = client.request(method, f"{V1}{path}", headers=auth, json=body)
    assert response.status_code in (200, 201), response.text
    return response.json()
