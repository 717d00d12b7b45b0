"""Migration 0028: the web sessions table takes sessions, which go with their user (ON DELETE
CASCADE), and the revision goes down again cleanly, leaving the other tables."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from polydesk.core.actor import SYSTEM, Role
from polydesk.db.engine import make_engine, make_session_factory
from polydesk.db.migrate import alembic_config, upgrade
from polydesk.db.uow import unit_of_work
from polydesk.users.schemas import UserCreate
from polydesk.users.service import create_user
from polydesk.websessions.service import SessionLimits, start_web_session


def test_web_sessions_go_with_their_user_and_the_revision_goes_down(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    upgrade(engine)
    with unit_of_work(make_session_factory(engine)) as session:
        cmd = UserCreate(login="ann", password="pw", role=Role.AGENT)
        user_id = create_user(session, SYSTEM, cmd).id
        limits = SessionLimits(idle_seconds=60, max_seconds=600)
        start_web_session(session, "ann", "pw", address="127.0.0.1", limits=limits)
    with engine.begin() as connection:
        assert connection.execute(text("SELECT count(*) FROM web_sessions")).scalar() == 1
        connection.execute(text("DELETE FROM users WHERE id = :id"), {"id": user_id})
        assert connection.execute(text("SELECT count(*) FROM web_sessions")).scalar() == 0

    config = alembic_config(engine.url.render_as_string(hide_password=False))
    before = ScriptDirectory.from_config(config).get_revision("0028").down_revision
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, str(before))
    tables = inspect(engine).get_table_names()
    assert "web_sessions" not in tables and "auth_sessions" in tables
    engine.dispose()
