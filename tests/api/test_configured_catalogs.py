"""Catalog rows made by a site file (issue 14) are real catalog rows: on an install set up only
through the public surface (the CLI's admin token, ``POST /polydesk/v1/config/apply``), a
configured status and priority are listed by ``GET /polydesk/v1/catalogs/{kind}``, taken by
``POST /polydesk/v1/tickets``, and a default moved by the file is what a new ticket gets."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient

from tests.conftest import CliResult

V1 = "/polydesk/v1"

SITE_FILE = """\
statuses:
  - name: In review
    description: A second pair of eyes
    category: open
    position: 55
priorities:
  - name: Normal
    default: false
  - name: Blocker
    color: "#000000"
    position: 80
    default: true
"""


def _catalog(client: TestClient, headers: dict[str, str], kind: str) -> dict[str, dict[str, Any]]:
    response = client.get(f"{V1}/catalogs/{kind}", headers=headers)
    assert response.status_code == 200, response.text
    return {item["name"]: item for item in response.json()}


def test_configured_catalog_rows_are_listed_and_used_by_tickets(
    cli_run: Callable[..., CliResult], client: TestClient
) -> None:
    code, out, stderr = cli_run("token", "create", "admin")
    assert code == 0, stderr
    admin = {"Authorization": f"Bearer {out[-1]['token']}"}
    assert "In review" not in _catalog(client, admin, "status")

    applied = client.post(f"{V1}/config/apply", headers=admin, json={"document": SITE_FILE})
    assert applied.status_code == 200, applied.text
    steps = [(s["section"], s["name"], s["action"]) for s in applied.json()["steps"]]
    assert steps == [
        ("statuses", "In review", "create"),
        ("priorities", "Blocker", "create"),
        ("priorities", "Normal", "keep"),  # the new default cleared it already
    ]

    statuses, priorities = _catalog(client, admin, "status"), _catalog(client, admin, "priority")
    review, blocker = statuses["In review"], priorities["Blocker"]
    assert (review["category"], review["position"], review["is_enabled"]) == ("open", 55, True)
    assert blocker["is_default"] is True and priorities["Normal"]["is_default"] is False
    order = [item["name"] for item in client.get(f"{V1}/catalogs/status", headers=admin).json()]
    assert order.index("In progress") < order.index("In review") < order.index("Reopened")

    body = {"title": "Configured", "status_id": review["id"], "priority_id": blocker["id"]}
    created = client.post(f"{V1}/tickets", headers=admin, json=body)
    assert created.status_code == 201, created.text
    ticket = client.get(f"{V1}/tickets/{created.json()['id']}", headers=admin).json()
    assert ticket["status"] == {"id": review["id"], "name": "In review", "category": "open"}
    assert ticket["priority"] == {"id": blocker["id"], "name": "Blocker"}

    plain = client.post(f"{V1}/tickets", headers=admin, json={"title": "Defaults"}).json()
    assert plain["priority"]["name"] == "Blocker"  # the default the file moved
