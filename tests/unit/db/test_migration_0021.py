"""Migration 0021 on an install that already has KB articles: they are in the new full-text
index at once (searched by the core), and the revision goes down again cleanly."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import text

from polydesk.core.actor import SYSTEM
from polydesk.db.engine import make_engine, make_session_factory
from polydesk.db.migrate import alembic_config, upgrade
from polydesk.db.uow import unit_of_work
from polydesk.kb.articles import search_articles


def test_existing_articles_are_indexed_and_the_revision_goes_down(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    upgrade(engine, "0020")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO kb_articles (title, content, language, keywords, is_public,"
                " is_published, views, created_at, updated_at) VALUES"
                " ('Printer jam', 'Open tray 2', 'en', 'paper', 1, 1, 0,"
                " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            )
        )

    upgrade(engine, "0021")

    with unit_of_work(make_session_factory(engine)) as session:
        found = search_articles(session, SYSTEM, "tray paper", limit=5)
        assert [(entry.article.title, entry.score) for entry in found] == [("Printer jam", 1.0)]
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0020")
    with engine.connect() as connection:
        columns = [row[1] for row in connection.execute(text("PRAGMA table_info(kb_articles)"))]
        tables = connection.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))
        assert "search_fts_kb" not in [row[0] for row in tables]
    assert "responsible_id" not in columns
    engine.dispose()
