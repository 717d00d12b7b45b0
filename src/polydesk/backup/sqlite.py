"""SQLite: snapshot and restore through the standard library's online backup API.

The backup API copies the database page by page under SQLite's own locking, so the copy is a
consistent snapshot even while ``polydesk serve`` keeps writing (in WAL mode readers never block
the writer; the copy restarts by itself if a write lands mid-way).
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from sqlalchemy.engine import URL

from polydesk.backup.errors import BackupError


def database_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("backup.no_file", "an in-memory SQLite database cannot be backed up")
    return Path(url.database)


def snapshot(url: URL, target: Path) -> None:
    """Copy the live database at ``url`` into the new file ``target``."""
    source_path = database_path(url)
    if not source_path.is_file():
        raise BackupError("backup.no_database", f"no SQLite database at {source_path}")
    with closing(sqlite3.connect(source_path)) as src, closing(sqlite3.connect(target)) as dst:
        src.execute("PRAGMA busy_timeout=30000")
        src.backup(dst)
        # A self-contained file: no -wal beside it inside the archive.
        dst.execute("PRAGMA journal_mode=DELETE")


def restore(dump: Path, url: URL) -> None:
    """Write the snapshot ``dump`` over the database at ``url`` (created if missing).

    Going through the backup API rather than copying the file keeps SQLite in charge: a stale
    ``-wal`` beside the target is reset instead of being replayed over the restored pages.
    """
    target = database_path(url)
    target.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(dump)) as src, closing(sqlite3.connect(target)) as dst:
        dst.execute("PRAGMA busy_timeout=30000")
        try:
            src.backup(dst)
        except sqlite3.Error as exc:
            raise BackupError(
                "backup.restore_failed", f"cannot write {target}: {exc} (is the server stopped?)"
            ) from exc
