"""What a database holds: row counts, Alembic revision, and whether it is an empty install."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, inspect, text

#: Tables whose rows make a database "in use" (restore then needs ``--force``).
_USER_TABLES = ("tickets", "users")


def table_names(connection: Connection) -> list[str]:
    # SQLite's FTS5 shadow tables are listed too: they are real tables the dump carries.
    return sorted(inspect(connection).get_table_names())


def row_counts(connection: Connection) -> dict[str, int]:
    preparer = connection.dialect.identifier_preparer
    return {
        name: int(connection.scalar(text(f"SELECT COUNT(*) FROM {preparer.quote(name)}")) or 0)
        for name in table_names(connection)
    }


def alembic_revision(connection: Connection) -> str | None:
    if "alembic_version" not in table_names(connection):
        return None
    revision = connection.scalar(text("SELECT version_num FROM alembic_version"))
    return str(revision) if revision is not None else None


def in_use(connection: Connection) -> str | None:
    """Why the database is not an empty install (None when it is): any ticket, or any user
    beyond the one admin the first start creates."""
    present = set(table_names(connection))
    counts = {
        name: int(connection.scalar(text(f"SELECT COUNT(*) FROM {name}")) or 0)
        for name in _USER_TABLES
        if name in present
    }
    if counts.get("tickets", 0) > 0:
        return f"it holds {counts['tickets']} ticket(s)"
    if counts.get("users", 0) > 1:
        return f"it holds {counts['users']} users"
    return None


def storage_keys(connection: Connection) -> frozenset[str]:
    if "attachments" not in table_names(connection):
        return frozenset()
    return frozenset(connection.scalars(text("SELECT storage_key FROM attachments")))


@dataclass(frozen=True)
class Snapshot:
    """What a database snapshot holds, read inside the snapshot itself."""

    revision: str | None
    row_counts: dict[str, int]
    storage_keys: frozenset[str]


def describe(connection: Connection) -> Snapshot:
    return Snapshot(alembic_revision(connection), row_counts(connection), storage_keys(connection))
