"""``get_assets`` on inventory written only by a site file through the CLI (``polydesk config
apply``, issue 14): the items, their owning customer and fields, no ``added_by`` (the CLI acts
as the system), the tickets linked to them (linked here through InvGate's
``incident.relate.ci.by.keyword`` on the same install) and a changed entry seen by the next
call."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.conftest import CliResult
from tests.dialects.edges import basic
from tests.dialects.readydesk.public import PublicReadyDesk

Cli = Callable[..., CliResult]

SITE = """\
users:
  - {login: itam, role: admin}
inventory:
  - name: Laptop 42
    type: laptop
    serial_number: SN 1
    owner: demo
    status: inuse
  - name: Spare phone
  - name: Core switch
    public: false
"""


def _apply(cli_run: Cli, tmp_path: Path, text: str) -> dict[str, Any]:
    site = tmp_path / "site.yml"
    site.write_text(text, encoding="utf-8")
    code, out, err = cli_run("config", "apply", str(site))
    assert code == 0, err
    return out[-1]


def _steps(answer: dict[str, Any]) -> list[tuple[str, str]]:
    return [(step["name"], step["action"]) for step in answer["steps"]]


def _assets(rd: PublicReadyDesk, **variables: str) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = json.loads(rd.call("get_assets", fmt="json", **variables))[
        "assets"
    ]
    return rows


def _relate(rd: PublicReadyDesk, password: str, tid: int, name: str) -> None:
    """Link the ticket to the item of that name through InvGate's API, as the admin ``itam``
    (made by the site file, with the password its apply printed once)."""
    response = rd.client.post(
        "/api/v1/incident.relate.ci.by.keyword",
        headers=basic("itam", password),
        data={"request_id": tid, "keyword": name, "exact_match": 1},
    )
    assert response.status_code == 200 and response.json()["status"] == "OK", response.text


def test_assets_of_a_site_file_are_listed(
    public_rd: PublicReadyDesk, cli_run: Cli, tmp_path: Path
) -> None:
    rd = public_rd
    assert _assets(rd) == []
    applied = _apply(cli_run, tmp_path, SITE)
    assert _steps(applied) == [
        ("itam", "create"),
        ("Laptop 42", "create"),
        ("Spare phone", "create"),
        ("Core switch", "create"),
    ]
    added = rd.call("add_ticket", fmt="json", cid="demo", subject="Screen flickers")
    tid = int(json.loads(added)["response"][0]["added_ticket"])
    [itam] = applied["created_users"]
    _relate(rd, itam["generated_password"], tid, "Laptop 42")

    [laptop] = _assets(rd, cid="demo")
    assert {key: laptop[key] for key in laptop if key not in ("id",)} == {
        "ticket_number": str(tid),
        "date_added": "5/1/2024 10:00:00 AM",
        "added_by": "",  # the CLI applies as the system, as for items the system creates
        "last_updated": "5/1/2024 10:00:00 AM",
        "cid": "demo",
        "name": "Laptop+42",
        "asset_type": "laptop",
        "serial_number": "SN+1",
        "status": "inuse",
    }
    assert [row["name"] for row in _assets(rd, tid=str(tid))] == ["Laptop+42"]
    assert [row["name"] for row in _assets(rd, order="NAME")] == [
        "Core+switch",
        "Laptop+42",
        "Spare+phone",
    ]
    rd.key = rd.new_key(login="demo")  # a customer: public items only
    assert re.findall(r"<name>([^<]*)</name>", rd.call("get_assets")) == [
        "Laptop+42",
        "Spare+phone",
    ]


def test_a_changed_entry_is_what_the_next_call_answers(
    public_rd: PublicReadyDesk, cli_run: Cli, tmp_path: Path
) -> None:
    rd = public_rd
    _apply(cli_run, tmp_path, SITE)

    changed = _steps(
        _apply(
            cli_run,
            tmp_path,
            "inventory:\n  - name: Spare phone\n    owner: demo\n    status: issued\n",
        )
    )

    assert changed == [("Spare phone", "update")]
    assert [(row["name"], row["status"]) for row in _assets(rd, cid="demo")] == [
        ("Laptop+42", "inuse"),
        ("Spare+phone", "issued"),
    ]
