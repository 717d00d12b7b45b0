"""Engine and session factory.

Statement parameters never appear in error messages (``hide_parameters``): they can hold
passwords, tokens or the JWT signing key, and errors reach logs.

SQLite transactions: reads run without any lock, and the write lock is taken at the first
statement that writes (``BEGIN IMMEDIATE`` just before it), so a request holds the lock only
while it writes, never while it hashes a password or renders. Until then each read sees the
latest committed data, as PostgreSQL's READ COMMITTED does; a read-modify-write locks what it
reads first (``db.locking.for_update``), which on SQLite takes the write lock before the read.
Two writers queue on ``busy_timeout`` instead of failing, because no transaction ever has to
upgrade a read snapshot to a write (the upgrade SQLite refuses with SQLITE_BUSY at once).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from polydesk.db.guards import check_parameters, integer_limits
from polydesk.db.session import CoreSession

#: Execution option that marks a read as the start of a write (row locks; see db.locking).
WRITE_INTENT = "polydesk_write_intent"
_READ_PREFIXES = ("SELECT", "PRAGMA", "EXPLAIN", "VALUES")
SQLITE_BUSY_TIMEOUT_MS = 30_000


def make_engine(url: str, **kwargs: Any) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
            hide_parameters=True,
            **kwargs,
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "before_cursor_execute", _sqlite_lock_before_write)
    else:
        if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
            url = parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
        engine = create_engine(url, pool_pre_ping=True, hide_parameters=True, **kwargs)
    guard = _guard_postgresql if engine.dialect.name == "postgresql" else _guard_parameters
    event.listen(engine, "before_cursor_execute", guard)
    return engine


def _guard_parameters(
    _conn: Any, _cursor: Any, _statement: str, parameters: Any, _context: Any, _many: bool
) -> None:
    check_parameters(parameters)


def _guard_postgresql(
    _conn: Any, _cursor: Any, _statement: str, parameters: Any, context: Any, _many: bool
) -> None:
    # PostgreSQL's INTEGER is 32 bits: check each integer against its column type's range.
    check_parameters(parameters, integer_limits(getattr(context, "compiled", None)))


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy, not the driver, control transactions (needed for BEGIN IMMEDIATE).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_lock_before_write(
    conn: Any, cursor: Any, statement: str, _parameters: Any, context: Any, _many: bool
) -> None:
    dbapi_connection = conn.connection.dbapi_connection
    if dbapi_connection.in_transaction or not _writes(statement, context):
        return
    cursor.execute("BEGIN IMMEDIATE")


def _writes(statement: str, context: Any) -> bool:
    """Whether a statement needs the write lock: DML, DDL, savepoints, and reads marked as
    the start of a read-modify-write."""
    if context is not None and context.execution_options.get(WRITE_INTENT):
        return True
    compiled = getattr(context, "compiled", None)
    if compiled is not None and not getattr(compiled, "is_ddl", False):
        return bool(context.isinsert or context.isupdate or context.isdelete)
    return not statement.lstrip().upper().startswith(_READ_PREFIXES)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, class_=CoreSession, expire_on_commit=False, autoflush=True)


def is_sqlite(engine_or_session: Engine | Session) -> bool:
    bind = (
        engine_or_session.get_bind()
        if isinstance(engine_or_session, Session)
        else engine_or_session
    )
    return bind.dialect.name == "sqlite"
