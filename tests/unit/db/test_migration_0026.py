"""Migration 0026 on an install that already has comments: they get an empty auto-response
type, a new one keeps its own, and the revision goes down again cleanly."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from sqlalchemy import Engine, text

from polydesk.db.engine import make_engine
from polydesk.db.migrate import alembic_config, upgrade

#: Values for a table's NOT NULL columns without a default, by declared type.
_FILLERS = {"INTEGER": 1, "BOOLEAN": 0, "DATETIME": "2024-11-24 10:00:00", "JSON": "[]"}


def _columns(engine: Engine, table: str) -> list[tuple[Any, ...]]:
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(f"PRAGMA table_info({table})"))]


def _insert(engine: Engine, table: str, **values: Any) -> None:
    """A row with ``values`` and a filler in every other required column."""
    for _, name, kind, notnull, default, primary in _columns(engine, table):
        if notnull and default is None and not primary and name not in values:
            values[name] = _FILLERS.get(str(kind).split("(")[0].upper(), "x")
    names = ", ".join(f'"{name}"' for name in values)
    marks = ", ".join(f":{name}" for name in values)
    with engine.begin() as connection:
        connection.execute(text("PRAGMA foreign_keys=OFF"))  # no ticket needed for the row
        connection.execute(text(f"INSERT INTO {table} ({names}) VALUES ({marks})"), values)


def test_existing_comments_get_no_auto_response_and_the_revision_goes_down(
    tmp_path: Path,
) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    upgrade(engine, "0024")
    _insert(engine, "comments", id=1, body="Old words")

    upgrade(engine, "0026")

    with engine.begin() as connection:
        old = connection.execute(text("SELECT auto_response_type FROM comments")).scalar_one()
        connection.execute(text("UPDATE comments SET auto_response_type = 'auto reply'"))
    assert old == ""
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0024")
    assert "auto_response_type" not in [column[1] for column in _columns(engine, "comments")]
    with engine.connect() as connection:
        body = connection.execute(text("SELECT body FROM comments")).scalar_one()
    assert body == "Old words"
    engine.dispose()
