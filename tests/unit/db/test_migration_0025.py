"""Migration 0025 on an install that already has agents: they keep reading their help desks'
tickets (``ticket_scope`` starts as ``helpdesks``, no extension), and the revision goes down
again cleanly, with the login index of ``users`` still there."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import Connection, text

from polydesk.core.actor import TicketScope
from polydesk.db.engine import make_engine
from polydesk.db.migrate import alembic_config, upgrade


def test_existing_agents_read_their_desks_and_the_revision_goes_down(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    upgrade(engine, "0024")
    with engine.begin() as connection:
        _insert_agent(connection, "olga")

    upgrade(engine, "0025")

    # Raw SQL: the ORM maps the newest schema, which later revisions extend.
    with engine.connect() as connection:
        row = connection.execute(
            text("SELECT ticket_scope, phone_extension FROM users WHERE login = 'olga'")
        ).one()
    assert (row[0], row[1]) == (TicketScope.HELPDESKS.name, "")  # SQLAlchemy stores enum names
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0024")
    with engine.connect() as connection:
        columns = [row[1] for row in connection.execute(text("PRAGMA table_info(users)"))]
        indexes = [row[1] for row in connection.execute(text("PRAGMA index_list(users)"))]
    assert "ticket_scope" not in columns and "phone_extension" not in columns
    assert "ix_users_login_lower" in indexes
    engine.dispose()


def _insert_agent(connection: Connection, login: str) -> None:
    """A user row as the 0024 schema takes it: every NOT NULL column without a default gets a
    blank value of its type."""
    given: dict[str, object] = {"login": login, "role": "AGENT"}
    for _, name, kind, not_null, default, key in connection.execute(
        text("PRAGMA table_info(users)")
    ):
        if name in given or key or not not_null or default is not None:
            continue
        kind = kind.upper()
        if "CHAR" in kind or "TEXT" in kind or "JSON" in kind:
            given[name] = "[]" if "JSON" in kind else ""
        elif "DATE" in kind:
            given[name] = "2024-01-01 00:00:00"
        else:
            given[name] = 0
    columns = ", ".join(given)
    values = ", ".join(f":{name}" for name in given)
    connection.execute(text(f"INSERT INTO users ({columns}) VALUES ({values})"), given)
