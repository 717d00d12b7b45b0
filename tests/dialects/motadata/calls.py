"""Calls to Motadata's incident API as its clients make them, shared by the seeded installation
(conftest.py) and the one built from outside (public.py)."""

from __future__ import annotations

from typing import Any

import httpx
from fastapi.testclient import TestClient


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


class MotadataCalls:
    client: TestClient

    def auth(self) -> dict[str, str]:
        """A requester's bearer headers, sent when a call names none."""
        raise NotImplementedError

    def create(self, body: dict[str, Any], headers: dict[str, str] | None = None) -> int:
        response = self.client.post("/api/v1/incident", json=body, headers=headers or self.auth())
        assert response.status_code == 200, response.text
        ident: int = response.json()["id"]
        return ident

    def get(self, ticket_id: int, headers: dict[str, str] | None = None) -> dict[str, Any]:
        response = self.client.get(f"/api/v1/incident/{ticket_id}", headers=headers or self.auth())
        assert response.status_code == 200, response.text
        answer: dict[str, Any] = response.json()
        return answer

    def post(self, path: str, **kwargs: Any) -> httpx.Response:
        response: httpx.Response = self.client.post(path, **kwargs)
        return response
