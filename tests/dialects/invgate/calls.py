"""Calls to ``/api/v1/<endpoint>`` as InvGate clients make them (query strings, forms,
PHP-style arrays), shared by the seeded installation (conftest.py) and the one built from outside
(public.py)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import httpx
from fastapi.testclient import TestClient

Params = dict[str, Any] | list[tuple[str, Any]]


class InvGateCalls:
    client: TestClient
    users: dict[str, int]
    category_id: int

    def default_headers(self) -> dict[str, str]:
        """The API user's credentials, sent when a call names none."""
        raise NotImplementedError

    def call(
        self,
        method: str,
        endpoint: str,
        params: Params | None = None,
        *,
        data: Params | None = None,
        files: Any = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        sent = dict(self.default_headers() if headers is None else headers)
        content = None
        if isinstance(data, list):  # repeated names (ids[]=1&ids[]=2): encode them ourselves
            content, data = urlencode(data), None
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        return self.client.request(
            method,
            f"/api/v1/{endpoint}",
            params=params,
            data=data,
            content=content,
            files=files,
            headers=sent,
        )

    def ok(self, method: str, endpoint: str, params: Params | None = None, **kw: Any) -> Any:
        response = self.call(method, endpoint, params, **kw)
        assert response.status_code == 200, response.text
        body = response.json()
        assert not (isinstance(body, dict) and body.get("status") == "ERROR"), body
        return body

    def create(self, **fields: Any) -> int:
        form = {
            "title": "Printer is on fire",
            "description": "<p>Smoke & flames</p>",
            "priority_id": 3,
            "type_id": 1,
            "category_id": self.category_id,
            "creator_id": self.users["api"],
            "customer_id": self.users["carla"],
            **fields,
        }
        body = self.ok("POST", "incident", data=form)
        ident: int = body["request_id"]
        return ident
