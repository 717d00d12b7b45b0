"""A fresh install given only ``polydesk preset apply integria`` (issue 14) answers an Integria
client as a new Integria would: the stock groups, in their ids, with group 1 "All" hidden unless
asked for, and the stock ``admin`` (the install's first admin, with its own password) opens an
incident in a group and finds it. Only the CLI and the product's api.php are used."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import httpx
from sqlalchemy import Engine

from polydesk import cli_config  # noqa: F401  (registers ``polydesk preset``)
from tests.conftest import CliResult
from tests.servers import running_servers

GROUPS = "2,Customer&#x20;#A\n3,Customer&#x20;#B\n4,Engineering\n"  # §3.28, a 2017+ install


def test_integria_client_on_an_integria_preset_install(
    cli_run: Callable[..., CliResult], clean_engine: Engine, tmp_path: Path
) -> None:
    code, out, stderr = cli_run("preset", "apply", "integria")
    assert code == 0, stderr
    assert out[-1]["created_users"] == []  # `admin` is the first admin: no second password
    code, _, stderr = cli_run("settings", "set", "integria.api_password", "s3cret")
    assert code == 0, stderr

    url = clean_engine.url.render_as_string(hide_password=False)
    with running_servers(url, [tmp_path / "server"]) as (base,):

        def call(op: str, params: str = "") -> str:
            # From 127.0.0.1, the only address a fresh Integria lets in.
            query = {"user": "admin", "user_pass": "adminpw", "pass": "s3cret", "op": op}
            response = httpx.get(f"{base}/include/api.php", params={**query, "params": params})
            assert response.status_code == 200
            return response.text

        assert call("get_groups") == GROUPS
        assert call("get_groups", "1") == "1,All\n" + GROUPS

        new_id = call("create_incident", "Disk full,4,3,Server is down,,0,,,0,1")
        assert new_id.isdigit(), new_id
        [details] = csv.reader(io.StringIO(call("get_incident_details", new_id)))
        assert (details[3], details[8], details[10]) == ("Disk&#x20;full", "4", "admin")

        in_group = [row[0] for row in csv.reader(io.StringIO(call("get_incidents", ",0,4")))]
        assert in_group == [new_id]
        assert call("get_incidents", ",0,2") == ""
        assert [row[0] for row in csv.reader(io.StringIO(call("get_incidents", ",0,1")))] == [
            new_id
        ]  # group 1 "All" is every group
