"""``polydesk config export|apply`` and ``polydesk preset list|apply`` (issue 14), and the round
trip: an install's export applied on an empty install reproduces the same export."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from polydesk import cli_config  # noqa: F401  (registers ``polydesk config`` / ``preset``)
from polydesk.cli import app
from polydesk.core.actor import SYSTEM, Role
from polydesk.db.engine import make_session_factory
from polydesk.db.uow import unit_of_work
from polydesk.groups.service import GroupCreate, add_member, create_group
from polydesk.helpdesks.service import HelpdeskCreate, create_helpdesk
from tests.conftest import CliResult
from tests.factories import make_company, make_user

Cli = Callable[..., CliResult]


@pytest.fixture
def cli_text(cli_run: Cli) -> Callable[..., tuple[int, str, str]]:
    """``polydesk ...`` with its raw stdout (the export is YAML, not JSON); the environment is
    the one ``cli_run`` set (the test database, a temporary data directory)."""
    runner = CliRunner()

    def invoke(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
        result = runner.invoke(app, list(args), input=stdin)
        return result.exit_code, result.stdout, result.stderr

    return invoke


def _export(cli_text: Callable[..., tuple[int, str, str]]) -> str:
    code, out, err = cli_text("config", "export")
    assert code == 0, err
    # The first command on an empty install creates the admin and says so (a JSON line).
    return "".join(line for line in out.splitlines(keepends=True) if not line.startswith("{"))


def _populate(engine: Engine) -> None:
    """An install's directory written through the services, not through a site file."""
    with unit_of_work(make_session_factory(engine)) as session:
        service = create_helpdesk(
            session,
            SYSTEM,
            HelpdeskCreate(name="Service desk", description="First line", levels=["L1", "L2"]),
        )
        network = create_helpdesk(
            session,
            SYSTEM,
            HelpdeskCreate(name="Network", email="net@initech.example", parent_id=service.id),
        )
        team = create_group(session, SYSTEM, GroupCreate(name="Network team"))
        create_group(session, SYSTEM, GroupCreate(name="Wifi", parent_id=team.id))
        initech = make_company(session, "Initech")
        make_company(session, "Umbrella")
        agent = make_user(
            session, Role.AGENT, login="jane", helpdesks=[service, network], company=initech
        )
        add_member(session, SYSTEM, group_id=team.id, user_id=agent.id)
        make_user(session, Role.CUSTOMER, login="milton", company=initech)


def _steps(out: list[dict[str, Any]]) -> list[dict[str, Any]]:
    steps: list[dict[str, Any]] = out[-1]["steps"]
    return steps


def test_export_applied_on_the_same_install_keeps_everything(
    cli_run: Cli, cli_text: Callable[..., tuple[int, str, str]], clean_engine: Engine
) -> None:
    _populate(clean_engine)
    exported = _export(cli_text)
    assert "Service desk" in exported and "jane" in exported
    code, out, err = cli_text("config", "apply", "-", stdin=exported)
    assert code == 0, err
    plan = json.loads(out.splitlines()[-1])
    assert plan["dry_run"] is False and plan["created_users"] == []
    assert plan["summary"]["create"] == plan["summary"]["update"] == 0
    assert {step["action"] for step in plan["steps"]} == {"keep"}
    assert _export(cli_text) == exported


BAD_FILE = """\
helpdesks:
  - name: Fine
  - name: Broken
    levels: 5
groups:
  - name: Good
    colour: blue
"""


def test_a_file_with_two_bad_lines_names_both_and_changes_nothing(
    cli_run: Cli, cli_text: Callable[..., tuple[int, str, str]], tmp_path: Path
) -> None:
    before = _export(cli_text)
    site = tmp_path / "site.yml"
    site.write_text(BAD_FILE, encoding="utf-8")
    for extra in ((), ("--dry-run",)):
        code, out, stderr = cli_run("config", "apply", str(site), *extra)
        assert code == 1, (out, stderr)
        assert out == []
        lines = [line for line in stderr.splitlines() if line.startswith("error: ")]
        assert any(line.startswith("error: line 4: ") for line in lines), stderr
        assert any(line.startswith("error: line 7: ") for line in lines), stderr
    assert _export(cli_text) == before
    code, _, stderr = cli_run("config", "apply", str(tmp_path / "missing.yml"))
    assert code == 1 and "cannot read" in stderr


def test_the_znuny_preset_prints_roots_password_once(cli_run: Cli) -> None:
    code, out, stderr = cli_run("preset", "list")
    assert code == 0 and "znuny" in out[-1]["presets"], stderr  # type: ignore[operator]

    code, out, stderr = cli_run("preset", "apply", "znuny", "--dry-run")
    assert code == 0, stderr
    assert out[-1]["dry_run"] is True and out[-1]["created_users"] == []
    planned = _steps(out)

    code, out, stderr = cli_run("preset", "apply", "znuny")
    assert code == 0, stderr
    assert _steps(out) == planned
    created: list[dict[str, str]] = out[-1]["created_users"]  # type: ignore[assignment]
    [root] = created
    assert root["name"] == "root@localhost" and len(root["generated_password"]) >= 12
    sections = {(step["section"], step["name"]) for step in planned}
    assert {("helpdesks", "Raw"), ("groups", "users"), ("users", "root@localhost")} <= sections

    code, out, stderr = cli_run("preset", "apply", "znuny")
    assert code == 0, stderr
    assert out[-1]["created_users"] == []
    assert {step["action"] for step in _steps(out)} == {"keep"}
    assert "generated_password" not in str(out) + stderr


def test_an_unknown_preset_fails_clearly(cli_run: Cli) -> None:
    code, out, stderr = cli_run("preset", "apply", "nosuch")
    assert code == 1 and not [line for line in out if "steps" in line]
    assert "nosuch" in stderr and "znuny" in stderr, stderr


# --- round trip onto another, empty install ------------------------------------------------


@pytest.fixture
def empty_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[], None]]:
    """Switches the CLI (``cli_run``'s environment) to a new, empty SQLite database."""

    def switch() -> None:
        url = f"sqlite:///{tmp_path / 'other' / 'polydesk.sqlite3'}"
        (tmp_path / "other").mkdir()
        monkeypatch.setenv("POLYDESK_DATABASE_URL", url)
        monkeypatch.setenv("POLYDESK_DATA_DIR", str(tmp_path / "other"))

    yield switch


def test_an_export_applied_on_an_empty_install_reproduces_it(
    cli_run: Cli,
    cli_text: Callable[..., tuple[int, str, str]],
    clean_engine: Engine,
    empty_install: Callable[[], None],
) -> None:
    # Both installs start as the CLI starts one: with its first admin ("admin").
    assert cli_run("db", "upgrade")[1][0]["admin_created"] == "admin"
    _populate(clean_engine)
    exported = _export(cli_text)
    for expected in ("parent: Service desk", "- L2", "parent: Network team", "Umbrella"):
        assert expected in exported, exported

    empty_install()
    assert "jane" not in _export(cli_text)
    code, out, err = cli_text("config", "apply", "-", stdin=exported)
    assert code == 0, err
    assert "jane" in out and "milton" in out  # their generated passwords, once
    assert _export(cli_text) == exported
