"""The two use cases: ``create_backup`` and ``restore_backup``.

Backup order matters: the database snapshot first, then the attachment files. Files are written
before the row that names them is committed, so every file the snapshot refers to already
exists when the copy starts. The one gap: a file deleted between the snapshot and the copy
(its attachment deleted meanwhile) is missing from the archive; the manifest lists such keys
under ``missing_files``.
"""

from __future__ import annotations

import os
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Engine

from polydesk import __version__
from polydesk.backup import archive, postgres, sqlite
from polydesk.backup.errors import BackupError
from polydesk.backup.manifest import DUMP_NAMES, FORMAT_VERSION, MANIFEST_NAME, Manifest
from polydesk.backup.snapshot import take_snapshot
from polydesk.backup.stats import in_use
from polydesk.core.clock import utcnow
from polydesk.db.migrate import alembic_config, upgrade


def create_backup(engine: Engine, attachments_dir: Path, path: Path) -> Manifest:
    """Write a consistent backup of the running install to ``path`` (replaced atomically)."""
    backend = engine.dialect.name
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".polydesk-backup-") as work:
        dump = Path(work) / "dump"
        snap = take_snapshot(engine, dump)
        partial = Path(work) / "archive.tar.gz"
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(dump, arcname=DUMP_NAMES[backend], recursive=False)
            copied = archive.add_attachments(tar, attachments_dir)
            manifest = Manifest(
                format_version=FORMAT_VERSION,
                polydesk_version=__version__,
                backend=backend,
                created_at=utcnow().isoformat(),
                alembic_revision=snap.revision,
                row_counts=snap.row_counts,
                attachment_files=len(copied),
                missing_files=sorted(snap.storage_keys - copied),
            )
            archive.add_bytes(tar, MANIFEST_NAME, manifest.to_json())
        os.replace(partial, path)
    return manifest


def restore_backup(
    engine: Engine, attachments_dir: Path, path: Path, *, force: bool = False
) -> dict[str, Any]:
    """Restore ``path`` into the install behind ``engine``, then migrate it to head.

    Refuses a target that already holds tickets or users beyond the bootstrap admin unless
    ``force``. On SQLite the server must be stopped first.
    """
    with archive.open_archive(path) as (tar, manifest):
        _check_target(engine, manifest, force=force)
        files = archive.extract_attachments(tar, attachments_dir)
        with tempfile.TemporaryDirectory(prefix="polydesk-restore-") as work:
            dump = Path(work) / "dump"
            archive.extract_member(tar, manifest.dump_name, dump)
            engine.dispose()  # no pooled connection may outlive the old database
            _load_dump(engine, dump)
    engine.dispose()
    upgrade(engine)
    return {
        "restored": str(path),
        "backend": manifest.backend,
        "created_at": manifest.created_at,
        "alembic_revision": manifest.alembic_revision,
        "attachment_files": files,
        "tables": len(manifest.row_counts),
    }


def _check_target(engine: Engine, manifest: Manifest, *, force: bool) -> None:
    if manifest.backend != engine.dialect.name:
        raise BackupError(
            "backup.backend_mismatch",
            f"the archive holds a {manifest.backend} database; the target is {engine.dialect.name}",
        )
    if manifest.alembic_revision is not None:
        check_known_revision(engine, manifest.alembic_revision)
    with engine.connect() as connection:
        reason = in_use(connection)
    if reason is not None and not force:
        raise BackupError(
            "backup.target_not_empty",
            f"the target database is not an empty install ({reason}); "
            "restore into an empty database, or pass --force to overwrite it",
        )


def check_known_revision(engine: Engine, revision: str) -> None:
    """An archive from a newer Polydesk carries migrations this one cannot apply or undo."""
    script = ScriptDirectory.from_config(alembic_config(engine.url.render_as_string(False)))
    try:
        known = script.get_revision(revision) is not None
    except CommandError:
        known = False
    if not known:
        raise BackupError(
            "backup.unknown_revision",
            f"the archive's schema revision {revision!r} is unknown to Polydesk {__version__} "
            "(restore it with the version that made it, or newer)",
        )


def _load_dump(engine: Engine, dump: Path) -> None:
    if engine.dialect.name == "postgresql":
        postgres.restore(dump, engine.url)
    else:
        sqlite.restore(dump, engine.url)
