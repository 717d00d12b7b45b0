"""A fresh install given only ``polydesk preset apply motadata`` (issue 14) serves the seed's
client flow as a new Motadata ServiceOps would: an integration client registered through the
CLI (``API-client``), the super user (the first admin) logs in with the password grant and opens
an incident in the stock category "Incident" for the only requester of a new install, itself."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx
from sqlalchemy import Engine

from polydesk import cli_config  # noqa: F401  (registers ``polydesk preset``)
from tests.conftest import CliResult
from tests.servers import running_servers


def test_motadata_client_on_a_motadata_preset_install(
    cli_run: Callable[..., CliResult], clean_engine: Engine, tmp_path: Path
) -> None:
    code, out, stderr = cli_run("preset", "apply", "motadata")
    assert code == 0, stderr
    assert out[-1]["steps"] == []  # everything the client needs is there from the first start
    code, out, stderr = cli_run("oauth-client", "create", "API", "--grant", "password")
    assert code == 0, stderr
    client_id, secret = str(out[-1]["client_id"]), str(out[-1]["client_secret"])
    assert client_id == "API-client"

    url = clean_engine.url.render_as_string(hide_password=False)
    with (
        running_servers(url, [tmp_path / "server"]) as (base,),
        httpx.Client(base_url=base, timeout=30) as http,
    ):
        grant = {"username": "admin", "password": "adminpw", "grant_type": "password"}
        token = http.post("/api/oauth/token", data=grant, auth=(client_id, secret))
        assert token.status_code == 200, token.text
        bearer = {"Authorization": f"Bearer {token.json()['access_token']}"}

        body = {
            "subject": "Need a new Mouse",
            "description": "Need a wireless mouse",
            "requesterEmail": "admin",
            "categoryName": "Incident",
            "tags": ["mouse"],
        }
        created = http.post("/api/v1/incident", json=body, headers=bearer)
        assert created.status_code == 200, created.text
        assert created.json()["returnCode"] == "SUCCESS"

        got = http.get(f"/api/v1/incident/{created.json()['id']}", headers=bearer)
        assert got.status_code == 200, got.text
        incident = got.json()
        assert (incident["subject"], incident["categoryName"]) == ("Need a new Mouse", "Incident")
        assert (incident["status"], incident["priority"], incident["tags"]) == (
            "Open",
            "LOW",
            ["mouse"],
        )

        del body["categoryName"]
        default = http.post("/api/v1/incident", json=body, headers=bearer)
        assert default.status_code == 200, default.text
        got = http.get(f"/api/v1/incident/{default.json()['id']}", headers=bearer)
        assert got.json()["categoryName"] == "Service Request"  # the stock default (A.6-6)
