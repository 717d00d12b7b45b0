"""pg_dump / pg_restore plumbing: the password goes to the environment, never argv."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from polydesk.backup import pgtools
from polydesk.backup.errors import BackupError

URL = make_url("postgresql+psycopg://desk:p%40ss@db.example:5433/helpdesk?sslmode=require")


def test_password_travels_in_the_environment_only() -> None:
    args = pgtools.connection_args(URL)
    assert args == ["--no-password", "--host", "db.example", "--port", "5433",
                    "--username", "desk", "--dbname", "helpdesk"]  # fmt: skip
    env = pgtools.connection_env(URL)
    assert env["PGPASSWORD"] == "p@ss" and env["PGSSLMODE"] == "require"
    assert not any("p@ss" in arg for arg in args)


def test_a_failing_tool_reports_stderr_without_the_password(tmp_path: Path) -> None:
    tool = tmp_path / "pg_dump"
    tool.write_text('#!/bin/sh\necho "password p@ss rejected for $PGPASSWORD" >&2\nexit 1\n')
    tool.chmod(0o755)
    with pytest.raises(BackupError) as failed:
        pgtools.run_tool([str(tool)], URL)
    assert "pg_dump failed" in failed.value.message and "p@ss" not in failed.value.message


def test_newest_tool_wins_and_none_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for version in ("13", "16", "9"):
        tool = tmp_path / version / "bin" / "pg_dump"
        tool.parent.mkdir(parents=True)
        tool.write_text(f"#!/bin/sh\necho 'pg_dump (PostgreSQL) {version}.2'\n")
        tool.chmod(0o755)
    monkeypatch.setattr(pgtools, "_SEARCH_GLOB", str(tmp_path / "*" / "bin"))
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert pgtools.find_tool("pg_dump") == tmp_path / "16" / "bin" / "pg_dump"
    with pytest.raises(BackupError) as missing:
        pgtools.find_tool("pg_restore")
    assert missing.value.code == "backup.no_pg_tool"
