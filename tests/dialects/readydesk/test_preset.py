"""A fresh install given only ``polydesk preset apply readydesk`` (issue 14) answers a client
written from ReadyDesk's documentation examples: with the installation key made by the CLI, it
opens a ticket for customer ``demo`` assigned to tech ``guest`` and finds it with the seed's
``get_tickets`` query, company "Demo Company" filled in from the customer and the four stock
custom fields set by name."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import Engine

from polydesk import cli_config  # noqa: F401  (registers ``polydesk preset``)
from tests.conftest import CliResult
from tests.servers import running_servers


def test_readydesk_client_on_a_readydesk_preset_install(
    cli_run: Callable[..., CliResult], clean_engine: Engine, tmp_path: Path
) -> None:
    code, out, stderr = cli_run("preset", "apply", "readydesk")
    assert code == 0, stderr
    created: list[dict[str, str]] = out[-1]["created_users"]  # type: ignore[assignment]
    assert sorted(user["name"] for user in created) == ["demo", "guest"]
    code, out, stderr = cli_run("apikey", "create", "--dialect", "readydesk")
    assert code == 0, stderr
    key = str(out[-1]["key"])

    url = clean_engine.url.render_as_string(hide_password=False)
    with (
        running_servers(url, [tmp_path / "server"]) as (base,),
        httpx.Client(base_url=base, timeout=30) as http,
    ):

        def call(action: str, **variables: str) -> Any:
            query = {"key": key, "action": action, "output": "json", **variables}
            response = http.get("/API/default.aspx", params=query)
            assert response.status_code == 200
            return json.loads(response.text)

        [company] = call("get_companies", name="*")["companies"]
        assert company["name"] == "Demo+Company"
        assert [tech["uid"] for tech in call("get_techs", uid="guest")["techs"]] == ["guest"]

        added = call(
            "add_ticket", cid="demo", subject="Example subject", assigned_to="guest",
            Custom_field_2="blue",
        )  # fmt: skip
        tid = added["response"][0]["added_ticket"]

        [ticket] = call("get_tickets", tid="*", cid="demo")["tickets"]
        assert ticket["tid"] == tid
        assert (ticket["cid"], ticket["company_name"]) == ("demo", "Demo+Company")
        assert (ticket["company_id"], ticket["assigned_tech"]) == (company["id"], "guest")
        assert ticket["custom_fields"] == [
            {
                "Custom_field_1": "",
                "Custom_field_2": "blue",
                "Custom_field_3": "",
                "Custom_field_4": "",
            }
        ]
        assert call("get_tickets", tid="*", uid="guest")["tickets"] == [ticket]
