"""The archive: one gzip'd tar of ``manifest.json``, the database dump and ``attachments/``.

Reading trusts nothing: every member is checked before anything is written (regular files and
directories only, relative names without ``..``, only the names a backup writes), and files are
written by us under the attachments directory, never by ``tarfile.extract``.
"""

from __future__ import annotations

import io
import os
import tarfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import IO

from polydesk.backup.errors import BackupError
from polydesk.backup.manifest import ATTACHMENTS_PREFIX, DUMP_NAMES, MANIFEST_NAME, Manifest

_CHUNK = 1024 * 1024


def add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o600
    tar.addfile(info, io.BytesIO(data))


def add_attachments(tar: tarfile.TarFile, root: Path) -> set[str]:
    """Copy every finished file under ``root``; return their names (the store keys)."""
    copied: set[str] = set()
    if not root.is_dir():
        return copied
    for path in sorted(root.rglob("*")):
        # Symlinks are not ours, ``.tmp`` files are uploads still being written.
        if path.is_symlink() or not path.is_file() or path.suffix == ".tmp":
            continue
        arcname = PurePosixPath(ATTACHMENTS_PREFIX, *path.relative_to(root).parts)
        try:
            with path.open("rb") as handle:
                info = tar.gettarinfo(fileobj=handle, arcname=str(arcname))
                info.mode, info.uid, info.gid, info.uname, info.gname = 0o600, 0, 0, "", ""
                tar.addfile(info, handle)
        except FileNotFoundError:
            continue  # deleted since the listing: the snapshot may still name it (see docs)
        copied.add(path.name)
    return copied


@contextmanager
def open_archive(path: Path) -> Iterator[tuple[tarfile.TarFile, Manifest]]:
    """Open and vet an archive; yield it with its manifest."""
    try:
        tar = tarfile.open(path, "r:*")  # noqa: SIM115  (closed by the ``with tar`` below)
    except (OSError, tarfile.TarError) as exc:
        raise BackupError("backup.bad_archive", f"cannot read {path}: {exc}") from exc
    with tar:
        try:
            members = tar.getmembers()
        except (OSError, tarfile.TarError, EOFError) as exc:
            raise BackupError("backup.bad_archive", f"{path} is damaged: {exc}") from exc
        for member in members:
            check_member(member)
        manifest = Manifest.from_json(read_member(tar, MANIFEST_NAME))
        if manifest.dump_name not in {member.name for member in members}:
            raise BackupError("backup.bad_archive", f"the archive has no {manifest.dump_name}")
        yield tar, manifest


def check_member(member: tarfile.TarInfo) -> None:
    name = member.name
    parts = PurePosixPath(name).parts
    if name.startswith(("/", "\\")) or not parts or ".." in parts or "\\" in name:
        raise _unsafe(name, "an absolute path or one that climbs out with '..'")
    if not (member.isfile() or member.isdir()):
        raise _unsafe(name, "links and device files are not allowed")
    expected = {MANIFEST_NAME, *DUMP_NAMES.values(), "database"}
    if name not in expected and parts[0] != ATTACHMENTS_PREFIX:
        raise _unsafe(name, "not a member a Polydesk backup holds")


def _unsafe(name: str, why: str) -> BackupError:
    return BackupError("backup.unsafe_member", f"archive member {name!r} refused: {why}")


def read_member(tar: tarfile.TarFile, name: str) -> bytes:
    handle = _member_file(tar, name)
    with handle:
        return handle.read()


def extract_member(tar: tarfile.TarFile, name: str, target: Path) -> None:
    handle = _member_file(tar, name)
    with handle, target.open("wb") as out:
        while chunk := handle.read(_CHUNK):
            out.write(chunk)


def _member_file(tar: tarfile.TarFile, name: str) -> IO[bytes]:
    try:
        handle = tar.extractfile(name)
    except KeyError:
        handle = None
    if handle is None:
        raise BackupError("backup.bad_archive", f"the archive has no {name}")
    return handle


def extract_attachments(tar: tarfile.TarFile, root: Path) -> int:
    """Write every file under ``attachments/`` below ``root``; return how many."""
    base = root.resolve()
    count = 0
    for member in tar.getmembers():
        parts = PurePosixPath(member.name).parts
        if not member.isfile() or parts[0] != ATTACHMENTS_PREFIX or len(parts) < 2:
            continue
        target = base.joinpath(*parts[1:])
        if not target.resolve().is_relative_to(base):  # second line of defence
            raise _unsafe(member.name, "it resolves outside the attachments directory")
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".restoring")
        extract_member(tar, member.name, partial)
        os.replace(partial, target)
        count += 1
    return count
