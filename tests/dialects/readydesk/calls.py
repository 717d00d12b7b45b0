"""A ReadyDesk API call as its clients make it (GET query or POST form with ``key`` and
``action``), shared by the seeded installation (conftest.py) and the one built from outside
(public.py)."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

API_PATH = "/API/default.aspx"


def readydesk_call(
    client: TestClient,
    key: str,
    action: str,
    *,
    fmt: str | None = None,
    method: str = "GET",
    **variables: Any,
) -> str:
    """The answer's text; the HTTP status must be 200 (ReadyDesk reports errors in the body)."""
    values: dict[str, Any] = {"key": key, "action": action, **variables}
    if fmt is not None:
        values["output"] = fmt
    if method == "GET":
        response = client.get(API_PATH, params=values)
    else:
        response = client.post(API_PATH, data=values)
    assert response.status_code == 200
    return response.text
