"""Migration 0030: mailboxes and mail_imports; a Message-ID is imported once (unique index),
and the revision goes down again cleanly, leaving the other tables."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from polydesk.db.engine import make_engine
from polydesk.db.migrate import alembic_config, upgrade

INSERT = (
    "INSERT INTO mail_imports (message_id, outcome, created_at) VALUES (:id, 'ignored', :at)"
)


def test_a_message_id_is_imported_once_and_the_revision_goes_down(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    upgrade(engine)
    row = {"id": "<a@b>", "at": datetime(2026, 12, 8, tzinfo=UTC)}
    with engine.begin() as connection:
        connection.execute(text(INSERT), row)
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(text(INSERT), row)

    config = alembic_config(engine.url.render_as_string(hide_password=False))
    before = ScriptDirectory.from_config(config).get_revision("0030").down_revision
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, str(before))
    tables = inspect(engine).get_table_names()
    assert "mailboxes" not in tables and "mail_imports" not in tables and "comments" in tables
    engine.dispose()
