"""Motadata's create with a location, on an install set up only through the public surface
(issue 14): the CLI makes the technician and the OAuth client, a site file applied through
``POST /polydesk/v1/config/apply`` makes the location. Until then the seed's own create example
answers ``Location not found: Ahmedabad``; after it, the same request creates the ticket and the
ticket shows its location. Disabling the location through a site file refuses it again."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient

from polydesk import cli_config  # noqa: F401  (registers ``polydesk config``)
from tests.conftest import CliResult
from tests.dialects.motadata.conftest import basic, bearer, envelope_error

Cli = Callable[..., CliResult]

#: The seed's create example (Motadata ServiceOps API, "POST Create an Incident").
SEED_CREATE = {
    "tags": ["mouse"],
    "subject": "Need a new keyboard",
    "description": "Need a wireless keyboard",
    "requesterEmail": "tim@acme.com",
    "requesterName": "Tim",
    "locationName": "Ahmedabad",
}

TECHNICIAN = """\
users:
  - login: tim@acme.com
    email: tim@acme.com
    first_name: Tim
    role: admin
"""

LOCATIONS = """\
locations:
  - name: Ahmedabad
    parent: Gujarat
    address: Ashram Road
  - name: Gujarat
"""


def _cli(cli_run: Cli, *args: str) -> dict[str, Any]:
    code, out, stderr = cli_run(*args)
    assert code == 0, stderr
    return out[-1]


def _motadata_headers(cli_run: Cli, client: TestClient, tmp_path: Any) -> dict[str, str]:
    """Tim (made by a site file, with the password it printed once) logs in through an OAuth
    client made by the CLI, as Motadata's integration would."""
    site = tmp_path / "technician.yml"
    site.write_text(TECHNICIAN, encoding="utf-8")
    [tim] = _cli(cli_run, "config", "apply", str(site))["created_users"]
    oauth = _cli(cli_run, "oauth-client", "create", "integration", "--grant", "password")
    token = client.post(
        "/api/oauth/token",
        headers=basic(oauth["client_id"], oauth["client_secret"]),
        data={
            "username": "tim@acme.com",
            "password": tim["generated_password"],
            "grant_type": "password",
        },
    )
    assert token.status_code == 200, token.text
    return bearer(token.json()["access_token"])


def _apply(client: TestClient, admin: dict[str, str], document: str) -> dict[str, Any]:
    response = client.post("/polydesk/v1/config/apply", headers=admin, json={"document": document})
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


def test_the_seed_create_with_a_location_made_by_a_site_file(
    cli_run: Cli, client: TestClient, tmp_path: Any
) -> None:
    headers = _motadata_headers(cli_run, client, tmp_path)
    admin = {"Authorization": f"Bearer {_cli(cli_run, 'token', 'create', 'admin')['token']}"}

    refused = client.post("/api/v1/incident", json=SEED_CREATE, headers=headers)
    assert (refused.status_code, refused.json()) == (
        400,
        envelope_error(400, "INVALID_INPUT", "Location not found: Ahmedabad"),
    )

    applied = _apply(client, admin, LOCATIONS)
    assert [(s["name"], s["action"]) for s in applied["steps"]] == [
        ("Gujarat", "create"),
        ("Ahmedabad", "create"),
    ]
    created = client.post("/api/v1/incident", json=SEED_CREATE, headers=headers)
    assert created.status_code == 200, created.text
    answer = created.json()
    assert (answer["returnCode"], answer["status"], answer["userMessage"]) == ("SUCCESS", 0, None)
    incident = client.get(f"/api/v1/incident/{answer['id']}", headers=headers).json()
    assert incident["locationName"] == "Ahmedabad"
    assert (incident["subject"], incident["requesterEmail"]) == (
        "Need a new keyboard",
        "tim@acme.com",
    )

    # Disabled by a site file, the location is no longer offered.
    _apply(client, admin, "locations:\n  - name: Ahmedabad\n    enabled: false\n")
    again = client.post("/api/v1/incident", json=SEED_CREATE, headers=headers)
    assert again.status_code == 400
    assert again.json()["userMessage"] == "Location not found: Ahmedabad"
