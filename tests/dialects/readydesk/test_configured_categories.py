"""ReadyDesk's sub-categories, technician groups and escalation levels on data written only by
a site file through the CLI (``polydesk config apply``, issue 14): ``add_ticket`` takes them by
name, ``get_tickets`` shows them and filters by them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.conftest import CliResult
from tests.dialects.readydesk.public import PublicReadyDesk

Cli = Callable[..., CliResult]

SITE = """\
categories:
  - path: Incident/Network
    description: Cables, Wi-Fi, VPN
helpdesks:
  - name: Second line
    levels: [Triage, Experts]
"""


def _apply(cli_run: Cli, tmp_path: Path, text: str) -> list[tuple[str, str]]:
    site = tmp_path / "site.yml"
    site.write_text(text, encoding="utf-8")
    code, out, err = cli_run("config", "apply", str(site))
    assert code == 0, err
    steps: list[dict[str, Any]] = out[-1]["steps"]  # type: ignore[assignment]
    return [(step["name"], step["action"]) for step in steps]


def _json(answer: str) -> Any:
    return json.loads(answer)


def _tickets(rd: PublicReadyDesk, **variables: str) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = _json(rd.call("get_tickets", fmt="json", **variables))["tickets"]
    return rows


def test_configured_sub_category_group_and_level(
    public_rd: PublicReadyDesk, cli_run: Cli, tmp_path: Path
) -> None:
    rd = public_rd
    ticket = {"cid": "demo", "subject": "VPN down", "category": "Incident"}
    refused = rd.call("add_ticket", fmt="json", **ticket, sub_category="Network")
    assert _json(refused) == {"response": [{"error": "Invalid sub_category: unknown "
                                            "sub-category 'Network'"}]}  # fmt: skip

    assert _apply(cli_run, tmp_path, SITE) == [
        ("Incident/Network", "create"),
        ("Second line", "create"),
    ]
    added = rd.call(
        "add_ticket", fmt="json", **ticket, sub_category="network",
        assigned_group="Second line", escalation_level="experts",
    )  # fmt: skip
    tid = _json(added)["response"][0]["added_ticket"]
    rd.call(
        "add_ticket", cid="demo", subject="Printer", category="Incident", sub_category="Hardware"
    )

    [shown] = _tickets(rd, tid=tid)
    assert shown["sub_category"] == "Network"
    assert (shown["assigned_group_name"], shown["escalation_level"]) == ("Second+line", "Experts")
    assert [row["tid"] for row in _tickets(rd, tid="*", sub_category="Network")] == [tid]
    assert [row["tid"] for row in _tickets(rd, tid="*", escalation="Experts")] == [tid]
    assert [row["tid"] for row in _tickets(rd, tid="*", group="Second line")] == [tid]


def test_a_configured_sub_category_shows_its_parent(
    public_rd: PublicReadyDesk, cli_run: Cli, tmp_path: Path
) -> None:
    rd = public_rd
    _apply(cli_run, tmp_path, SITE)
    added = rd.call(
        "add_ticket", fmt="json", cid="demo", subject="VPN down", category="Incident",
        sub_category="Network",
    )  # fmt: skip
    tid = _json(added)["response"][0]["added_ticket"]

    assert _tickets(rd, tid=tid)[0]["category"] == "Incident"
    assert [row["tid"] for row in _tickets(rd, tid="*", category="Incident")] == [tid]


def test_a_configured_top_level_category(
    public_rd: PublicReadyDesk, cli_run: Cli, tmp_path: Path
) -> None:
    rd = public_rd
    _apply(cli_run, tmp_path, "categories:\n  - path: Facilities\n  - path: Facilities/Doors\n")

    added = rd.call(
        "add_ticket", fmt="json", cid="demo", subject="Stuck", category="Facilities",
        sub_category="Doors",
    )  # fmt: skip

    tid = _json(added)["response"][0]["added_ticket"]
    [shown] = _tickets(rd, tid=tid)
    assert (shown["category"], shown["sub_category"]) == ("Facilities", "Doors")
