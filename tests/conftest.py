"""Test database: migrated once per run, emptied and re-seeded after every test.

Runs on SQLite by default; set POLYDESK_TEST_DATABASE_URL to run the same suite on PostgreSQL.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from polydesk.app import create_app
from polydesk.attachments.store import LocalFileStore
from polydesk.bootstrap import seed_defaults
from polydesk.config import Settings
from polydesk.db.base import Base
from polydesk.db.engine import make_engine, make_session_factory
from polydesk.db.migrate import upgrade
from polydesk.db.uow import unit_of_work
from polydesk.runtime import Runtime


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = os.environ.get("POLYDESK_TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    with engine.begin() as connection:  # start from nothing, even on a reused PostgreSQL
        if engine.dialect.name == "postgresql":
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    upgrade(engine)
    _reseed(engine)
    yield engine
    engine.dispose()


def _reseed(engine: Engine) -> None:
    with unit_of_work(make_session_factory(engine)) as session:
        seed_defaults(session)


def _empty(engine: Engine) -> None:
    tables = [table.name for table in reversed(Base.metadata.sorted_tables)]
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                connection.execute(text(f"DELETE FROM {table}"))


@pytest.fixture
def clean_engine(engine: Engine) -> Iterator[Engine]:
    """The migrated, seeded engine; everything a test writes is wiped afterwards."""
    yield engine
    _empty(engine)
    _reseed(engine)


@pytest.fixture
def session(clean_engine: Engine) -> Iterator[Session]:
    factory = make_session_factory(clean_engine)
    with factory() as session:
        yield session
        session.rollback()


@pytest.fixture
def runtime(clean_engine: Engine, tmp_path: Path) -> Runtime:
    settings = Settings(
        data_dir=tmp_path,
        database_url=clean_engine.url.render_as_string(hide_password=False),
        embedded_worker=False,
        max_upload_bytes=64 * 1024,
        # Above every dialect's own body limit (Motadata's 2 MiB), as in production, so each
        # dialect's own answer to an oversized body is what its tests see.
        max_request_bytes=4 * 1024 * 1024,
        max_page_size=50,
        default_page_size=20,
    )
    return Runtime(
        settings=settings,
        engine=clean_engine,
        factory=make_session_factory(clean_engine),
        store=LocalFileStore(settings.attachments_dir),
    )


@pytest.fixture
def client(runtime: Runtime) -> Iterator[TestClient]:
    with TestClient(create_app(runtime=runtime)) as test_client:
        yield test_client


CliResult = tuple[int, list[dict[str, object]], str]


@pytest.fixture
def cli_run(
    clean_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Callable[..., CliResult]:
    """Run ``polydesk ...`` against the test database: exit code, the JSON lines it printed,
    and its stderr."""
    from typer.testing import CliRunner

    from polydesk import cli_admin, cli_webservices  # noqa: F401  (register their commands)
    from polydesk.cli import app

    monkeypatch.setenv(
        "POLYDESK_DATABASE_URL", clean_engine.url.render_as_string(hide_password=False)
    )
    monkeypatch.setenv("POLYDESK_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("POLYDESK_ADMIN_PASSWORD", "adminpw")
    runner = CliRunner()

    def invoke(*args: str) -> CliResult:
        result = runner.invoke(app, list(args))
        lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
        return result.exit_code, lines, result.stderr

    return invoke


@pytest.fixture(scope="session", autouse=True)
def _cheap_password_hashing() -> Iterator[None]:
    """Real argon2, with the smallest cost: fixtures hash many passwords per test."""
    from argon2 import PasswordHasher

    from polydesk.users import passwords

    saved = passwords._hasher, passwords._DUMMY_HASH
    passwords._hasher = PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)
    passwords._DUMMY_HASH = passwords._hasher.hash("polydesk-dummy-password")
    yield
    passwords._hasher, passwords._DUMMY_HASH = saved
