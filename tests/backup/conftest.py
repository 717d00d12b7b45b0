"""Fixtures for the backup tests: a source install with real data, and empty restore targets
(a new SQLite file, or a new database on the test PostgreSQL server)."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from polydesk.attachments.service import add_attachment
from polydesk.attachments.store import LocalFileStore
from polydesk.comments.schemas import CommentCreate
from polydesk.comments.service import add_comment
from polydesk.core.actor import Role
from polydesk.db.engine import make_engine, make_session_factory
from polydesk.db.uow import unit_of_work
from tests.factories import actor, make_helpdesk, make_ticket, make_user

#: Bytes that survive only if the archive is written and read byte-exactly.
BLOB = bytes(range(256)) * 300 + b"\x00end"


@dataclass(frozen=True)
class Install:
    engine: Engine
    attachments: Path


@pytest.fixture
def source(clean_engine: Engine, tmp_path: Path) -> Install:
    """The test database with users, tickets, comments, history and two stored files."""
    # tmp_path/attachments: the attachments dir of the data dir ``cli_run`` points at.
    install = Install(clean_engine, tmp_path / "attachments")
    store = LocalFileStore(install.attachments)
    with unit_of_work(make_session_factory(clean_engine)) as session:
        desk = make_helpdesk(session)
        agent = make_user(session, Role.AGENT, login="agent1", password="pw1", helpdesks=[desk])
        customer = make_user(session, Role.CUSTOMER, login="cust1")
        who = actor(session, agent)
        first = make_ticket(session, agent, title="Printer on fire", helpdesk_id=desk.id,
                            requester_id=customer.id)  # fmt: skip
        make_ticket(session, agent, title="Second ticket", helpdesk_id=desk.id)
        comment = add_comment(session, who, first.id, CommentCreate(body="Extinguisher used"))
        add_comment(session, who, first.id, CommentCreate(body="internal", is_public=False))
        add_attachment(session, who, store, ticket_id=first.id, filename="blob.bin",
                       data=BLOB, max_bytes=len(BLOB), comment_id=comment.id)  # fmt: skip
        add_attachment(session, who, store, ticket_id=first.id, filename="notes.txt",
                       data="héllo".encode(), max_bytes=1024)  # fmt: skip
    return install


TargetFactory = Callable[[], Install]


@pytest.fixture
def new_target(clean_engine: Engine, tmp_path: Path) -> Iterator[TargetFactory]:
    """Makes empty installs: same backend as the test database, nothing in it."""
    made: list[tuple[Engine, str | None]] = []

    def make() -> Install:
        root = tmp_path / f"target{len(made)}"
        if clean_engine.dialect.name == "postgresql":
            name = f"polydesk_restore_{secrets.token_hex(4)}"
            _admin(clean_engine, f'CREATE DATABASE "{name}"')
            url = clean_engine.url.set(database=name)
        else:
            name, url = None, clean_engine.url.set(database=str(root / "polydesk.sqlite3"))
        engine = make_engine(url.render_as_string(hide_password=False))
        made.append((engine, name))
        return Install(engine, root / "attachments")

    yield make
    for engine, name in made:
        engine.dispose()
        if name is not None:
            _admin(clean_engine, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _admin(engine: Engine, statement: str) -> None:
    # CREATE / DROP DATABASE refuse to run inside a transaction block.
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text(statement))
