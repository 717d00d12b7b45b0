"""Test isolation by rollback: every test runs inside one database transaction that is rolled
back when it ends, so nothing has to be emptied or seeded again between tests.

The tests' engine (``SavepointEngine.engine``) has exactly one connection, shared by every thread
(the TestClient runs sync endpoints on worker threads, PyOTRS talks to a server thread). A test
opens a transaction on it (``BEGIN`` on SQLite; psycopg opens one at the first statement on
PostgreSQL), and every transaction the code under test begins on that engine — a unit of work,
a request's session, ``engine.begin()``, the throttle's "transaction of its own" — becomes a
savepoint inside it: begin is ``SAVEPOINT``, commit ``RELEASE``, rollback ``ROLLBACK TO`` and
``RELEASE``. The driver's own commit and rollback are switched off on this engine. A commit is
seen by the rest of the test (same connection) and vanishes with the rollback at its end,
identifiers included: SQLite's are transactional, PostgreSQL's sequences are not, so they are set
back to their values before the test.

What it cannot give, and the tests that need it ask for ``clean_engine`` instead (committed
data, emptied and re-seeded after the test): other connections or processes seeing the test's
writes (CLI commands, live servers, backups), transactions of several threads in flight at once
(they share one connection: a transaction that ends while a later one is still open raises
``InterleavedTransactions``), and SQLite's own locking.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.pool import StaticPool

from polydesk.db.engine import make_engine


class InterleavedTransactions(AssertionError):
    """Two transactions on the tests' single connection ended out of order."""


class SavepointEngine:
    """One engine on one connection whose transactions are savepoints of the test's own."""

    def __init__(self, url: str) -> None:
        parsed = make_url(url)
        self.sqlite = parsed.get_backend_name() == "sqlite"
        if self.sqlite:  # the one connection is used by the TestClient's worker threads too
            parsed = parsed.update_query_dict({"check_same_thread": "false"})
        self.engine = make_engine(
            parsed.render_as_string(hide_password=False),
            poolclass=StaticPool,
            pool_reset_on_return=None,  # a checked-in connection keeps the test's transaction
        )
        self.engine.pool._pre_ping = False  # one connection, alive for the whole run
        fairy = self.engine.raw_connection()  # connects and initialises the dialect
        self._dbapi: Any = fairy.dbapi_connection
        fairy.close()
        self._open: list[tuple[Connection, str]] = []
        self._made = 0
        self._lock = threading.Lock()
        self._sequences: list[tuple[str, int | None, int]] | None = None
        dialect: Any = self.engine.dialect
        dialect.do_begin = dialect.do_commit = dialect.do_rollback = _nothing
        event.listen(self.engine, "begin", self._begin)
        event.listen(self.engine, "commit", self._commit)
        event.listen(self.engine, "rollback", self._rollback)

    def forget_sequences(self) -> None:
        """The database was emptied and seeded again: read the sequences anew next test."""
        self._sequences = None

    @contextmanager
    def test_transaction(self) -> Iterator[Engine]:
        if not self.sqlite and self._sequences is None:
            self._sequences = self._read_sequences()
        if self.sqlite:
            self._sql("BEGIN")
        try:
            yield self.engine
        finally:
            with self._lock:
                self._open.clear()
            self._dbapi.rollback()
            if self._sequences:
                self._restore_sequences(self._sequences)
            self._check_connection()

    def dispose(self) -> None:
        self.engine.dispose()

    # --- the savepoints ----------------------------------------------------------------------

    def _begin(self, connection: Connection) -> None:
        with self._lock:
            self._made += 1
            name = f"test_tx_{self._made}"
            self._open.append((connection, name))
        self._sql(f"SAVEPOINT {name}")

    def _commit(self, connection: Connection) -> None:
        name = self._end(connection)
        if name is not None:
            self._sql(f"RELEASE SAVEPOINT {name}")

    def _rollback(self, connection: Connection) -> None:
        name = self._end(connection)
        if name is not None:
            self._sql(f"ROLLBACK TO SAVEPOINT {name}")
            self._sql(f"RELEASE SAVEPOINT {name}")

    def _end(self, connection: Connection) -> str | None:
        """The savepoint of the connection's transaction, taken off the stack; None when it
        began before this test's transaction (which rolled it back already)."""
        with self._lock:
            mine = [i for i, (opened, _name) in enumerate(self._open) if opened is connection]
            if not mine:
                return None
            if mine[-1] != len(self._open) - 1:
                raise InterleavedTransactions(
                    "a transaction ended while a later one was still open: concurrent "
                    "transactions cannot share the tests' connection; have the test ask for "
                    "clean_engine (see tests/isolation.py)"
                )
            return self._open.pop()[1]

    def _sql(self, statement: str) -> Any:
        cursor = self._dbapi.cursor()
        try:
            cursor.execute(statement)
            return cursor.fetchall() if cursor.description else None
        finally:
            cursor.close()

    # --- PostgreSQL sequences (nextval is never rolled back) ---------------------------------

    def _read_sequences(self) -> list[tuple[str, int | None, int]]:
        rows = self._sql(
            "SELECT format('%I.%I', schemaname, sequencename), last_value, start_value "
            "FROM pg_sequences WHERE schemaname = current_schema()"
        )
        self._dbapi.rollback()
        return [(name, last, start) for name, last, start in rows]

    def _restore_sequences(self, sequences: list[tuple[str, int | None, int]]) -> None:
        """Set back, in one statement, each sequence the test moved."""
        values = ", ".join(
            f"('{name}', {'NULL' if last is None else last}, {start})"
            for name, last, start in sequences
        )
        self._sql(
            "SELECT setval(v.name::regclass, coalesce(v.last, v.start), v.last IS NOT NULL) "
            f"FROM (VALUES {values}) AS v(name, last, start) "
            "JOIN pg_sequences s ON format('%I.%I', s.schemaname, s.sequencename) = v.name "
            "WHERE s.last_value IS DISTINCT FROM v.last"
        )
        self._dbapi.commit()

    def _check_connection(self) -> None:
        record = self.engine.pool.connection  # type: ignore[attr-defined]
        if record.dbapi_connection is not self._dbapi:
            raise AssertionError("the tests' connection was replaced (invalidated or disposed)")


@contextmanager
def worker_database(url: str, worker: str) -> Iterator[str]:
    """A PostgreSQL database of its own for one pytest-xdist worker, beside the one ``url``
    names on the same server: created empty, dropped afterwards; yields its URL."""
    parsed = make_url(url)
    own = parsed.set(database=f"{parsed.database}_{worker}")
    admin = make_engine(url)

    def run(statement: str) -> None:  # CREATE / DROP DATABASE refuse a transaction block
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql(statement)

    run(f'DROP DATABASE IF EXISTS "{own.database}" WITH (FORCE)')
    run(f'CREATE DATABASE "{own.database}"')
    try:
        yield own.render_as_string(hide_password=False)
    finally:
        run(f'DROP DATABASE IF EXISTS "{own.database}" WITH (FORCE)')
        admin.dispose()


def _nothing(_dbapi_connection: Any) -> None:
    """The driver's begin / commit / rollback: the savepoints above do their work."""
