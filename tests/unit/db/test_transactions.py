"""The database port: SQLite reads take no lock and writes take it at the first write; values
no database stores are refused before they are sent, leaving the transaction usable."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session

from polydesk.core.errors import ValidationFailed
from polydesk.db.engine import is_sqlite, make_session_factory
from polydesk.db.guards import INT64_MAX, INT64_MIN
from polydesk.db.locking import for_update
from polydesk.models.inventory import InventoryItem
from polydesk.models.settings import Setting
from polydesk.models.tickets import Ticket


def _database_file(engine: Engine) -> Path:
    assert engine.url.database is not None
    return Path(engine.url.database)


def _can_write_elsewhere(engine: Engine) -> bool:
    """Whether another connection gets the write lock within 0.1 s."""
    other = sqlite3.connect(_database_file(engine), timeout=0.1, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        other.close()


@pytest.fixture
def sqlite_engine(clean_engine: Engine) -> Engine:
    if not is_sqlite(clean_engine):
        pytest.skip("SQLite's locking")
    return clean_engine


def test_reading_takes_no_lock(sqlite_engine: Engine) -> None:
    with make_session_factory(sqlite_engine)() as session:
        session.scalars(select(Setting)).all()
        assert _can_write_elsewhere(sqlite_engine)
        session.commit()


def test_the_first_write_takes_the_lock_until_commit(sqlite_engine: Engine) -> None:
    with make_session_factory(sqlite_engine)() as session:
        session.scalars(select(Setting)).all()
        session.add(Setting(key="test.lock", value="1"))
        session.flush()
        assert not _can_write_elsewhere(sqlite_engine)
        session.rollback()
    assert _can_write_elsewhere(sqlite_engine)


def test_a_locking_read_takes_the_lock(sqlite_engine: Engine) -> None:
    with make_session_factory(sqlite_engine)() as session:
        session.scalars(for_update(select(Ticket), Ticket)).all()
        assert not _can_write_elsewhere(sqlite_engine)
        session.rollback()


@pytest.mark.parametrize(
    ("column", "value", "code"),
    [
        (Setting.key, "adm\x00in", "input.invalid_text"),
        (Ticket.id, INT64_MAX + 1, "input.out_of_range"),
        (Ticket.id, INT64_MIN - 1, "input.out_of_range"),
    ],
)
def test_unstorable_values_are_refused_and_the_transaction_goes_on(
    session: Session, column: Any, value: object, code: str
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        session.execute(select(column).where(column == value))
    assert caught.value.code == code
    assert session.execute(text("SELECT 1")).scalar_one() == 1  # not poisoned (PostgreSQL)


def test_integers_wider_than_an_integer_column_are_refused_on_postgresql(
    session: Session,
) -> None:
    """PostgreSQL's INTEGER is 32 bits (SQLite's 64): ids past it are refused there, in a
    list too; BIGINT columns take 64 bits everywhere."""
    wide = 2**31
    queries = [
        select(Ticket.id).where(Ticket.id == wide),
        select(Ticket.id).where(Ticket.id.in_([1, wide])),
    ]
    for query in queries:
        if is_sqlite(session):
            assert session.execute(query).first() is None
        else:
            with pytest.raises(ValidationFailed):
                session.execute(query)
    big = select(InventoryItem.id).where(InventoryItem.external_id == INT64_MAX)
    assert session.execute(big).first() is None
