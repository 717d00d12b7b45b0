"""PostgreSQL: ``pg_dump --format=custom`` and ``pg_restore`` in a subprocess.

The dump, the row counts and the Alembic revision in the manifest all come from one exported
snapshot (``pg_export_snapshot`` + ``pg_dump --snapshot``), so the manifest describes exactly
the data in the dump even while the server keeps writing.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.engine import URL

from polydesk.backup.pgtools import connection_args, find_tool, run_tool
from polydesk.backup.stats import Snapshot, describe


def snapshot(engine: Engine, target: Path) -> Snapshot:
    """Dump the database into ``target`` (custom format) and describe what the dump holds."""
    pg_dump = find_tool("pg_dump")
    with engine.connect() as connection:
        connection = connection.execution_options(isolation_level="REPEATABLE READ")
        with connection.begin():
            connection.execute(text("SET TRANSACTION READ ONLY"))
            snapshot_id = str(connection.scalar(text("SELECT pg_export_snapshot()")))
            described = describe(connection)
            # The transaction stays open while pg_dump runs: that keeps the snapshot alive.
            argv = [str(pg_dump), "--format=custom", f"--snapshot={snapshot_id}"]
            run_tool([*argv, "--file", str(target), *connection_args(engine.url)], engine.url)
    return described


def restore(dump: Path, url: URL) -> None:
    """Load ``dump`` into the database at ``url``, replacing the objects it holds.

    One transaction: a failed restore leaves the target as it was.
    """
    pg_restore = find_tool("pg_restore")
    argv = [str(pg_restore), "--clean", "--if-exists", "--no-owner", "--no-acl"]
    argv += ["--single-transaction", *connection_args(url), str(dump)]
    run_tool(argv, url)
