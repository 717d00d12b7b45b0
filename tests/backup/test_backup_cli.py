"""``polydesk backup`` / ``polydesk restore`` end to end, through the real CLI."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine

from polydesk import cli_backup  # noqa: F401  (registers the commands)
from tests.backup.conftest import Install, TargetFactory
from tests.backup.test_backup_restore import assert_same
from tests.conftest import CliResult

CliRun = Callable[..., CliResult]
SECRET = "s3cr3t-pw"


def _point_at(monkeypatch: pytest.MonkeyPatch, url: str, data_dir: Path) -> None:
    monkeypatch.setenv("POLYDESK_DATABASE_URL", url)
    monkeypatch.setenv("POLYDESK_DATA_DIR", str(data_dir))


def _url(engine: Engine) -> str:
    # On PostgreSQL add a password (the test server trusts loopback and ignores it): it must
    # reach pg_dump / pg_restore and never the output.
    url = engine.url if engine.dialect.name == "sqlite" else engine.url.set(password=SECRET)
    return url.render_as_string(hide_password=False)


def test_backup_then_restore(
    source: Install,
    new_target: TargetFactory,
    cli_run: CliRun,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    archive = tmp_path / "cli.tar.gz"
    _point_at(monkeypatch, _url(source.engine), tmp_path)
    code, out, err = cli_run("backup", str(archive))
    assert code == 0, err
    assert out[-1]["backend"] == source.engine.dialect.name
    assert out[-1]["attachment_files"] == 2 and out[-1]["missing_files"] == []

    target = new_target()
    _point_at(monkeypatch, _url(target.engine), target.attachments.parent)
    code, out, err = cli_run("restore", str(archive))
    assert code == 0, err
    assert out[-1]["attachment_files"] == 2
    assert SECRET not in repr(out) + err
    assert_same(source, target)

    code, out, err = cli_run("restore", str(archive))
    assert code == 1 and err.startswith("error: ") and "--force" in err
    code, out, err = cli_run("restore", "--force", str(archive))
    assert code == 0, err
    assert_same(source, target)


def test_errors_never_show_the_password(
    cli_run: CliRun, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    url = f"postgresql+psycopg://polydesk:{SECRET}@127.0.0.1:1/nowhere"
    _point_at(monkeypatch, url, tmp_path)
    code, out, err = cli_run("backup", str(tmp_path / "x.tar.gz"))
    assert code == 1 and err.startswith("error: ") and out == []
    assert SECRET not in err


def test_a_missing_archive_is_a_clear_error(cli_run: CliRun, tmp_path: Path) -> None:
    code, _, err = cli_run("restore", str(tmp_path / "nope.tar.gz"))
    assert code == 1 and err.startswith("error: cannot read")
