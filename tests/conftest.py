"""Test database: migrated and seeded once per run. Each test runs in a transaction rolled back
at its end (``db_engine``, tests/isolation.py); a test that needs its writes committed (other
connections, processes or threads at once, the CLI, live servers, backups, SQLite's locks) asks
for ``clean_engine``: the database is then emptied and re-seeded after it.

Runs on SQLite by default; set POLYDESK_TEST_DATABASE_URL to run the same suite on PostgreSQL.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
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
from tests.isolation import SavepointEngine, worker_database
from tests.public import public_install  # noqa: F401  (a fixture)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """SQLite in this run's (this xdist worker's) temporary directory, or the PostgreSQL
    database POLYDESK_TEST_DATABASE_URL names (with xdist: one beside it per worker)."""
    url = os.environ.get("POLYDESK_TEST_DATABASE_URL")
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if url and worker:
        with worker_database(url, worker) as own:
            yield own
    elif url:
        yield url
    else:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


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


@pytest.fixture(scope="session")
def savepoint_engine(engine: Engine) -> Iterator[SavepointEngine]:
    shared = SavepointEngine(engine.url.render_as_string(hide_password=False))
    yield shared
    shared.dispose()


@pytest.fixture
def clean_engine(engine: Engine, savepoint_engine: SavepointEngine) -> Iterator[Engine]:
    """The migrated, seeded engine with real transactions, for the tests that need their writes
    committed; everything the test writes is wiped afterwards (slow: ask only when needed)."""
    yield engine
    _empty(engine)
    _reseed(engine)
    savepoint_engine.forget_sequences()


@pytest.fixture
def db_engine(
    request: pytest.FixtureRequest, savepoint_engine: SavepointEngine
) -> Iterator[Engine]:
    """The engine the test's code runs on (``session``, ``runtime``, ``client``): everything it
    commits is rolled back when the test ends. ``clean_engine`` instead when the test asks for
    it (or ``@pytest.mark.usefixtures("clean_engine")``)."""
    if "clean_engine" in request.fixturenames:
        yield request.getfixturevalue("clean_engine")
        return
    with savepoint_engine.test_transaction() as engine:
        yield engine


@pytest.fixture
def session(db_engine: Engine) -> Iterator[Session]:
    factory = make_session_factory(db_engine)
    with factory() as session:
        yield session
        session.rollback()


@pytest.fixture(scope="session")
def _apps() -> dict[str, tuple[Runtime, FastAPI]]:
    """Apps built by ``client``, by their settings: building one costs more than most tests."""
    return {}


@pytest.fixture
def runtime(
    db_engine: Engine, engine: Engine, tmp_path: Path, _apps: dict[str, tuple[Runtime, FastAPI]]
) -> Runtime:
    """The test's run time. The object is one of a few kept for the whole run (each behind an
    app ``client`` reuses), its fields set anew for every test."""
    settings = Settings(
        data_dir=tmp_path,
        database_url=engine.url.render_as_string(hide_password=False),
        embedded_worker=False,
        max_upload_bytes=64 * 1024,
        # Above every dialect's own body limit (Motadata's 2 MiB), as in production, so each
        # dialect's own answer to an oversized body is what its tests see.
        max_request_bytes=4 * 1024 * 1024,
        max_page_size=50,
        default_page_size=20,
    )
    fields = {
        "settings": settings,
        "engine": db_engine,
        "factory": make_session_factory(db_engine),
        "store": LocalFileStore(settings.attachments_dir),
    }
    kept = _apps.get(_app_key(settings))
    if kept is None:
        return Runtime(**fields)
    for name, value in fields.items():
        setattr(kept[0], name, value)
    return kept[0]


def _app_key(settings: Settings) -> str:
    """What an app reads of its settings when it is built (the rest it reads per request)."""
    return settings.model_dump_json(exclude={"data_dir", "database_url"})


@pytest.fixture
def client(runtime: Runtime, _apps: dict[str, tuple[Runtime, FastAPI]]) -> Iterator[TestClient]:
    """A TestClient on an app for ``runtime``; the app is built once per kind of settings and
    reused with the runtime object it was built on (whose fields ``runtime`` sets per test)."""
    key = _app_key(runtime.settings)
    kept = _apps.get(key)
    if kept is None or kept[0] is not runtime:
        kept = _apps[key] = (runtime, create_app(runtime=runtime))
    with TestClient(kept[1]) as test_client:
        yield test_client


CliResult = tuple[int, list[dict[str, object]], str]


@pytest.fixture
def cli_run(
    clean_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Callable[..., CliResult]:
    """Run ``polydesk ...`` against the test database: exit code, the JSON lines it printed,
    and its stderr."""
    from typer.testing import CliRunner

    from polydesk import (  # noqa: F401  (register their commands)
        cli_admin,
        cli_config,
        cli_directory,
        cli_webservices,
    )
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
