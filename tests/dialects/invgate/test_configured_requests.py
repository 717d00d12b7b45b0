"""The InvGate operations that read request reference data answer with what a site file
configured (issue 14): approval templates (``incident.custom_approval``, the voters of the
approval requested from one), shared views (``incidents.by.view``, ``incidents.details.by.view``)
and external entities (``incident.external_entity``).

Everything is written through the public surface only: ``polydesk config apply`` for the
configuration (users included, the API user with the password the apply printed once) and
InvGate's own API for the requests. Ids are read from the database because an InvGate client
knows them from the product's screens (InvGate's user, view and entity lookups are not built);
nothing is written outside the public surface.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from polydesk import cli_config  # noqa: F401  (registers ``polydesk config``)
from polydesk.models.automation import SavedView
from polydesk.models.tickets import ExternalEntity
from polydesk.models.users import User
from tests.conftest import CliResult
from tests.dialects.invgate.conftest import basic

SITE = """\
helpdesks:
  - name: Service Desk
users:
  - {login: api, role: admin}
  - {login: vera, role: agent, helpdesks: [Service Desk]}
  - {login: victor, role: agent, helpdesks: [Service Desk]}
  - {login: carla, role: customer}
external_entities:
  - name: Courier Express
  - name: Old supplier
    enabled: false
approval_templates:
  - title: Hardware purchase
    description: Spend over 500
    description_prompt: What is it for?
    description_required: true
    voters: [vera, victor]
    required_votes: 2
    category: Incident/Hardware
    expires_in_seconds: 3600
    expiry_action: reject
  - title: Retired
    voters: [vera]
    active: false
  - title: Software only
    voters: [victor]
    category: Incident/Software
saved_views:
  - name: Printers for Vera
    criteria:
      titles: [{text: "%printer%"}]
      requesters: [carla]
      priorities: [High, Low]
      sort: [{key: id, descending: true}]
    columns: [title, priority]
"""


class Configured:
    """An install configured by ``SITE`` through the CLI, and InvGate calls as its API user."""

    def __init__(self, client: TestClient, engine: Engine, password: str) -> None:
        self.client, self.engine = client, engine
        self.auth = basic("api", password)

    def ok(self, method: str, endpoint: str, params: Any = None, **kw: Any) -> Any:
        response = self.client.request(
            method, f"/api/v1/{endpoint}", params=params, headers=self.auth, **kw
        )
        assert response.status_code == 200, response.text
        body = response.json()
        assert not (isinstance(body, dict) and body.get("status") == "ERROR"), body
        return body

    def id_of(self, model: Any, column: Any, value: str) -> int:
        """An id as the product's screens show it (read only)."""
        with self.engine.connect() as connection:
            found = connection.scalar(select(model.id).where(column == value))
        assert found is not None, value
        return int(found)

    def user(self, login: str) -> int:
        return self.id_of(User, User.login, login)

    def category(self, path: str) -> int:
        """A category's id from InvGate's own ``categories`` list, by its path."""
        rows = {int(row["id"]): row for row in self.ok("GET", "categories")}

        def path_of(row: dict[str, Any]) -> str:
            parent = rows.get(row["parent_category_id"] or 0)
            return row["name"] if parent is None else f"{path_of(parent)}/{row['name']}"

        [found] = [ident for ident, row in rows.items() if path_of(row) == path]
        return found

    def request(self, title: str, *, priority: int = 3, category: str = "Incident/Hardware") -> int:
        form = {
            "title": title,
            "description": "<p>Configured</p>",
            "priority_id": priority,  # InvGate codes: 1 Low, 2 Medium, 3 High, 4 Urgent
            "type_id": 1,
            "category_id": self.category(category),
            "creator_id": self.user("api"),
            "customer_id": self.user("carla"),
        }
        ident: int = self.ok("POST", "incident", data=form)["request_id"]
        return ident


def _apply(cli_run: Callable[..., CliResult], path: Path, text: str) -> list[dict[str, str]]:
    path.write_text(text, encoding="utf-8")
    code, out, stderr = cli_run("config", "apply", str(path))
    assert code == 0, stderr
    created: list[dict[str, str]] = out[-1]["created_users"]  # type: ignore[assignment]
    return created


@pytest.fixture
def configured(
    cli_run: Callable[..., CliResult], clean_engine: Engine, client: TestClient, tmp_path: Path
) -> Configured:
    created = _apply(cli_run, tmp_path / "site.yml", SITE)
    [api] = [shown for shown in created if shown["name"] == "api"]
    return Configured(client, clean_engine, api["generated_password"])


def test_custom_approval_templates_are_the_configured_ones(
    configured: Configured, cli_run: Callable[..., CliResult], tmp_path: Path
) -> None:
    ident = configured.request("Laptop for the new hire")
    listed = configured.ok("GET", "incident.custom_approval", {"request_id": ident})

    by_title = {row["title"]: row for row in listed.values()}
    assert set(by_title) == {"Hardware purchase", "Retired"}  # Software only: other category
    purchase = by_title["Hardware purchase"]
    assert purchase["description"] == "Spend over 500"
    assert purchase["description_prompt"] == "What is it for?"
    assert purchase["description_required"] == 0  # the seed's inverted 0 = required
    assert (purchase["expired_in"], purchase["expired_approved"]) == ("3600", 2)
    assert (purchase["status"], by_title["Retired"]["status"]) == (1, -1)

    form = {"request_id": ident, "approval_id": purchase["id"], "author_id": configured.user("api"),
            "description": "A laptop"}  # fmt: skip
    configured.ok("POST", "incident.custom_approval", data=form)
    [approval] = configured.ok("GET", "incident.approval", {"request_id": ident})
    voters = configured.ok(
        "GET", "incident.approval.possible_voters", {"approval_id": approval["id"]}
    )
    assert sorted(row["user_id"] for row in voters) == sorted(
        [configured.user("vera"), configured.user("victor")]
    )

    # The file changes the template: the next listing follows it.
    _apply(cli_run, tmp_path / "change.yml", "approval_templates:\n"
           "  - title: Hardware purchase\n    active: false\n")  # fmt: skip
    again = configured.ok("GET", "incident.custom_approval", {"request_id": ident})
    assert {row["title"]: row["status"] for row in again.values()}["Hardware purchase"] == -1


def test_a_configured_view_lists_its_requests(configured: Configured) -> None:
    high, low = (
        configured.request("Printer jammed", priority=3),
        configured.request("Second printer offline", priority=1),
    )
    configured.request("Printer, medium priority", priority=2)
    configured.request("Mouse broken", priority=3)
    view = configured.id_of(SavedView, SavedView.name, "Printers for Vera")

    ids = configured.ok("GET", "incidents.by.view", {"view_id": view})
    details = configured.ok("GET", "incidents.details.by.view", {"view_id": view})

    assert ids["requestIds"] == [low, high]  # the view's own sort: id, descending
    assert [row["id"] for row in details["data"]] == [high, low]  # sort_by id, ascending
    assert details["metadata"] == {
        "view_id": view,
        "name": "Printers for Vera",
        "columns": ["title", "priority"],
    }


def test_configured_external_entities_link_when_enabled(configured: Configured) -> None:
    ident = configured.request("Parcel lost")
    courier = configured.id_of(ExternalEntity, ExternalEntity.name, "Courier Express")
    retired = configured.id_of(ExternalEntity, ExternalEntity.name, "Old supplier")

    form = {"request_id": ident, "external_entity_id": courier, "external_entity_ref_id": "77"}
    configured.ok("POST", "incident.external_entity", data=form)
    refused = configured.client.post(
        "/api/v1/incident.external_entity",
        data={"request_id": ident, "external_entity_id": retired},
        headers=configured.auth,
    )
    rows = configured.ok("GET", "incident.external_entity", {"request_id": ident})

    assert refused.status_code != 200 or refused.json().get("status") == "ERROR"
    assert [(row["name"], row["ref_id"], row["ext_ref_id"]) for row in rows] == [
        ("Courier Express", courier, 77)
    ]
