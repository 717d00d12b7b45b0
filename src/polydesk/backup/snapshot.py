"""Take the database snapshot for either backend and describe what it holds."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine

from polydesk.backup import postgres, sqlite
from polydesk.backup.errors import BackupError
from polydesk.backup.stats import Snapshot, describe


def take_snapshot(engine: Engine, target: Path) -> Snapshot:
    backend = engine.dialect.name
    if backend == "postgresql":
        return postgres.snapshot(engine, target)
    if backend == "sqlite":
        sqlite.snapshot(engine.url, target)
        return describe_sqlite(target)
    raise BackupError("backup.unsupported_backend", f"cannot back up a {backend} database")


def describe_sqlite(path: Path) -> Snapshot:
    # Read the copy, not the live file: the manifest then matches the dump exactly.
    copy = create_engine(f"sqlite:///{path}")
    try:
        with copy.connect() as connection:
            return describe(connection)
    finally:
        copy.dispose()
