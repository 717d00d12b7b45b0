"""Migration 0016 on an install that already has the stock statuses: they get their pending
action and target by name, and the revision goes down again cleanly."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import text

from polydesk.db.engine import make_engine
from polydesk.db.migrate import alembic_config, upgrade

STATUSES = [
    ("Open", "OPEN"), ("Pending reminder", "WAITING"), ("Pending auto close+", "WAITING"),
    ("Pending auto close-", "WAITING"), ("Closed", "CLOSED"),
    ("Closed unsuccessful", "CANCELLED"),
]  # fmt: skip


def test_existing_stock_statuses_get_their_pending_actions(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    upgrade(engine, "0013")
    with engine.begin() as connection:
        for position, (name, category) in enumerate(STATUSES):
            connection.execute(
                text(
                    "INSERT INTO statuses (name, description, position, is_default, is_enabled,"
                    " category) VALUES (:name, '', :position, :default, 1, :category)"
                ),
                {"name": name, "position": position, "default": position == 0,
                 "category": category},
            )  # fmt: skip

    upgrade(engine, "0016")

    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT s.name, s.pending_action, t.name FROM statuses s"
                " LEFT JOIN statuses t ON t.id = s.pending_target_status_id ORDER BY s.position"
            )
        ).all()
    assert [tuple(row) for row in rows] == [
        ("Open", "NONE", None), ("Pending reminder", "REMIND", None),
        ("Pending auto close+", "AUTO_CLOSE", "Closed"),
        ("Pending auto close-", "AUTO_CLOSE", "Closed unsuccessful"),
        ("Closed", "NONE", None), ("Closed unsuccessful", "NONE", None),
    ]  # fmt: skip
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0013")
    with engine.connect() as connection:
        columns = [row[1] for row in connection.execute(text("PRAGMA table_info(statuses)"))]
    assert "pending_action" not in columns
    engine.dispose()
