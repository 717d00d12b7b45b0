"""A fresh install given only ``polydesk preset apply invgate`` (issue 14) serves an InvGate
client: the instance's administrator (the first admin, Basic auth) opens a request in a stock
category, assigns it to the preset's help desk "Service Desk" and reads it back. The ids an
InvGate client would copy from the admin screens come from the native API here."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import Engine

from polydesk import cli_config  # noqa: F401  (registers ``polydesk preset``)
from tests.conftest import CliResult
from tests.servers import running_servers

AUTH = ("admin", "adminpw")  # the first start's admin (POLYDESK_ADMIN_PASSWORD in cli_run)


def _ok(response: httpx.Response) -> Any:
    assert response.status_code == 200, response.text
    body = response.json()
    assert not (isinstance(body, dict) and body.get("status") == "ERROR"), body
    return body


def test_invgate_client_on_an_invgate_preset_install(
    cli_run: Callable[..., CliResult], clean_engine: Engine, tmp_path: Path
) -> None:
    code, out, stderr = cli_run("preset", "apply", "invgate")
    assert code == 0, stderr
    steps: list[dict[str, str]] = out[-1]["steps"]  # type: ignore[assignment]
    assert [(step["section"], step["name"], step["action"]) for step in steps] == [
        ("helpdesks", "Service Desk", "create")
    ]

    url = clean_engine.url.render_as_string(hide_password=False)
    with (
        running_servers(url, [tmp_path / "server"]) as (base,),
        httpx.Client(base_url=base, auth=AUTH, timeout=30) as http,
    ):
        admin_id = _ok(http.get("/polydesk/v1/me"))["id"]
        desks = _ok(http.get("/polydesk/v1/helpdesks"))["items"]
        [desk_id] = [desk["id"] for desk in desks if desk["name"] == "Service Desk"]

        categories = {row["name"]: row["id"] for row in _ok(http.get("/api/v1/categories"))}
        form = {
            "title": "Printer is on fire",
            "description": "<p>Smoke</p>",
            "priority_id": 3,
            "type_id": 1,
            "category_id": categories["Hardware"],
            "creator_id": admin_id,
            "customer_id": admin_id,
        }
        request_id = _ok(http.post("/api/v1/incident", data=form))["request_id"]

        reassign = {"request_id": request_id, "author_id": admin_id, "group_id": desk_id}
        assert _ok(http.post("/api/v1/incident.reassign", data=reassign))["status"] == "OK"

        request = _ok(http.get("/api/v1/incident", params={"id": request_id}))
        assert request["title"] == "Printer is on fire"
        assert request["assigned_group_id"] == desk_id
        assert str(request["category_id"]) == categories["Hardware"]
        listed = _ok(http.get("/api/v1/incidents.by.helpdesk", params={"helpdesk_id": desk_id}))
        assert request_id in listed["requestIds"]
