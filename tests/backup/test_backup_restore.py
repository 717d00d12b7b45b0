"""Backup and restore round trips on the test database's backend (SQLite, or PostgreSQL when
POLYDESK_TEST_DATABASE_URL is set): real data in, an empty install out, everything equal."""

from __future__ import annotations

import io
import json
import tarfile
import threading
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, select

from polydesk.attachments.store import LocalFileStore
from polydesk.backup.archive import open_archive
from polydesk.backup.errors import BackupError
from polydesk.backup.manifest import FORMAT_VERSION, MANIFEST_NAME
from polydesk.backup.service import create_backup, restore_backup
from polydesk.backup.stats import row_counts
from polydesk.bootstrap import prepare_database
from polydesk.config import Settings
from polydesk.core.actor import Role
from polydesk.db.base import Base
from polydesk.db.engine import make_session_factory
from polydesk.db.migrate import alembic_config
from polydesk.db.uow import unit_of_work
from polydesk.models.attachments import Attachment
from polydesk.models.history import HistoryEvent
from polydesk.models.tickets import Ticket
from tests.backup.conftest import BLOB, Install, TargetFactory
from tests.factories import make_ticket, make_user

MAIN_TABLES = ("tickets", "comments", "attachments", "users", "history_events")


def counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return row_counts(connection)


def rows(engine: Engine, name: str) -> list[tuple[Any, ...]]:
    table = Base.metadata.tables[name]
    with engine.connect() as connection:
        return [tuple(r) for r in connection.execute(select(table).order_by(*table.primary_key))]


def files(install: Install) -> dict[str, bytes]:
    with install.engine.connect() as connection:
        keys = connection.scalars(select(Attachment.storage_key)).all()
    store = LocalFileStore(install.attachments)
    return {key: store.get(key) for key in keys}


def assert_same(source: Install, target: Install) -> None:
    assert counts(target.engine) == counts(source.engine)
    for name in MAIN_TABLES:
        assert rows(target.engine, name) == rows(source.engine, name), name
    assert files(target) == files(source)


def test_round_trip_into_an_empty_database(
    source: Install, new_target: TargetFactory, tmp_path: Path
) -> None:
    archive = tmp_path / "out" / "backup.tar.gz"
    manifest = create_backup(source.engine, source.attachments, archive)
    assert manifest.row_counts == counts(source.engine)
    assert manifest.row_counts["tickets"] == 2 and manifest.attachment_files == 2

    target = new_target()
    result = restore_backup(target.engine, target.attachments, archive)

    assert result["attachment_files"] == 2
    assert_same(source, target)
    assert BLOB in files(target).values()
    _still_works(target)


def _still_works(target: Install) -> None:
    """Sequences came along: the restored install hands out fresh ids."""
    highest = max(r[0] for r in rows(target.engine, "tickets"))
    with unit_of_work(make_session_factory(target.engine)) as session:
        assert make_ticket(session, title="after restore").id > highest


def test_manifest_describes_the_snapshot(source: Install, tmp_path: Path) -> None:
    archive = tmp_path / "b.tar.gz"
    create_backup(source.engine, source.attachments, archive)
    with open_archive(archive) as (tar, manifest):
        names = tar.getnames()
    assert manifest.format_version == FORMAT_VERSION
    assert manifest.backend == source.engine.dialect.name
    head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    assert manifest.alembic_revision == head
    assert datetime.fromisoformat(manifest.created_at).utcoffset() is not None
    assert manifest.missing_files == []
    assert MANIFEST_NAME in names and manifest.dump_name in names
    assert sum(n.startswith("attachments/") for n in names) == 2


def test_a_fresh_install_with_only_its_admin_counts_as_empty(
    source: Install, new_target: TargetFactory, tmp_path: Path
) -> None:
    archive = tmp_path / "b.tar.gz"
    create_backup(source.engine, source.attachments, archive)
    target = new_target()
    prepare_database(target.engine, Settings(admin_password="first-start"))
    restore_backup(target.engine, target.attachments, archive)
    assert_same(source, target)


def test_refuses_a_target_in_use_unless_forced(
    source: Install, new_target: TargetFactory, tmp_path: Path
) -> None:
    archive = tmp_path / "b.tar.gz"
    create_backup(source.engine, source.attachments, archive)
    target = new_target()
    prepare_database(target.engine, Settings(admin_password="first-start"))
    with unit_of_work(make_session_factory(target.engine)) as session:
        make_user(session, Role.AGENT, login="someone")
    before = rows(target.engine, "users")

    with pytest.raises(BackupError) as refused:
        restore_backup(target.engine, target.attachments, archive)
    assert refused.value.code == "backup.target_not_empty"
    assert rows(target.engine, "users") == before

    restore_backup(target.engine, target.attachments, archive, force=True)
    assert_same(source, target)


def _tampered(original: Path, tmp_path: Path, evil: tarfile.TarInfo) -> Path:
    """A copy of ``original`` with one extra member."""
    bad = tmp_path / "bad.tar.gz"
    with tarfile.open(original) as src, tarfile.open(bad, "w:gz") as dst:
        for member in src.getmembers():
            dst.addfile(member, src.extractfile(member) if member.isfile() else None)
        data = b"pwned"
        evil.size = len(data) if evil.isfile() else 0
        dst.addfile(evil, io.BytesIO(data) if evil.isfile() else None)
    return bad


def _symlink(name: str) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type, info.linkname = tarfile.SYMTYPE, "/etc/passwd"
    return info


def _device(name: str) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type = tarfile.CHRTYPE
    return info


@pytest.mark.parametrize(
    "evil",
    [
        lambda: tarfile.TarInfo("../evil"),
        lambda: tarfile.TarInfo("attachments/../../evil"),
        lambda: tarfile.TarInfo("/tmp/polydesk-evil"),
        lambda: _symlink("attachments/ab/cd/link"),
        lambda: _device("attachments/ab/cd/dev"),
    ],
    ids=["dotdot", "nested-dotdot", "absolute", "symlink", "device"],
)
def test_refuses_a_tampered_archive(
    evil: Any, source: Install, new_target: TargetFactory, tmp_path: Path
) -> None:
    archive = tmp_path / "b.tar.gz"
    create_backup(source.engine, source.attachments, archive)
    bad = _tampered(archive, tmp_path, evil())
    target = new_target()

    with pytest.raises(BackupError) as refused:
        restore_backup(target.engine, target.attachments, bad)
    assert refused.value.code == "backup.unsafe_member"
    assert not list(tmp_path.rglob("*evil*")) and not Path("/tmp/polydesk-evil").exists()
    assert not target.attachments.exists()  # nothing was written before the check
    assert counts(target.engine) == {}


def test_refuses_an_unknown_format_version(
    source: Install, new_target: TargetFactory, tmp_path: Path
) -> None:
    archive = tmp_path / "b.tar.gz"
    create_backup(source.engine, source.attachments, archive)
    future = tmp_path / "future.tar.gz"
    with tarfile.open(archive) as src, tarfile.open(future, "w:gz") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read()  # type: ignore[union-attr]
            if member.name == MANIFEST_NAME:
                data = json.dumps({**json.loads(data), "format_version": 99}).encode()
                member.size = len(data)
            dst.addfile(member, io.BytesIO(data))
    target = new_target()
    with pytest.raises(BackupError) as refused:
        restore_backup(target.engine, target.attachments, future)
    assert refused.value.code == "backup.unsupported_format"


def test_backup_while_the_server_writes_is_a_consistent_snapshot(
    source: Install, new_target: TargetFactory, tmp_path: Path
) -> None:
    """A writer keeps creating tickets during the backup: the restored database is exactly
    what the manifest describes, with no half-written ticket."""
    stop, written = threading.Event(), threading.Semaphore(0)

    def writer() -> None:
        factory = make_session_factory(source.engine)
        for n in range(500):
            if stop.is_set():
                return
            with unit_of_work(factory) as session:
                make_ticket(session, title=f"busy {n}")
            written.release()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        for _ in range(3):
            assert written.acquire(timeout=30)
        manifest = create_backup(source.engine, source.attachments, tmp_path / "b.tar.gz")
    finally:
        stop.set()
        thread.join()
    target = new_target()
    restore_backup(target.engine, target.attachments, tmp_path / "b.tar.gz")
    assert counts(target.engine) == manifest.row_counts
    with target.engine.connect() as connection:
        tickets = set(connection.scalars(select(Ticket.id)))
        with_history = set(connection.scalars(select(HistoryEvent.ticket_id)))
    assert len(tickets) >= 5 and tickets <= with_history
