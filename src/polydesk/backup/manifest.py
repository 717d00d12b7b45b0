"""``manifest.json``: what an archive holds and how to read it back."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from polydesk.backup.errors import BackupError

#: Bump when the archive layout changes; restore refuses versions it does not know.
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
ATTACHMENTS_PREFIX = "attachments"
DUMP_NAMES = {"sqlite": "database/polydesk.sqlite3", "postgresql": "database/polydesk.pgdump"}


@dataclass(frozen=True)
class Manifest:
    format_version: int
    polydesk_version: str
    backend: str
    created_at: str  # ISO-8601, UTC
    alembic_revision: str | None
    row_counts: dict[str, int]
    attachment_files: int = 0
    # Files the snapshot refers to that were gone when the files were copied (see docs).
    missing_files: list[str] = field(default_factory=list)

    @property
    def dump_name(self) -> str:
        return DUMP_NAMES[self.backend]

    def to_json(self) -> bytes:
        return json.dumps(asdict(self), indent=2, sort_keys=True).encode()

    @classmethod
    def from_json(cls, raw: bytes) -> Manifest:
        try:
            data: dict[str, Any] = json.loads(raw)
            version = data["format_version"]
        except (ValueError, TypeError, KeyError) as exc:
            raise BackupError("backup.bad_manifest", "manifest.json is not readable") from exc
        if version != FORMAT_VERSION:
            raise BackupError(
                "backup.unsupported_format",
                f"archive format version {version!r} is not supported (expected {FORMAT_VERSION})",
            )
        try:
            manifest = cls(**data)
        except TypeError as exc:
            raise BackupError("backup.bad_manifest", f"manifest.json is invalid: {exc}") from exc
        if manifest.backend not in DUMP_NAMES:
            raise BackupError("backup.bad_manifest", f"unknown backend {manifest.backend!r}")
        return manifest
