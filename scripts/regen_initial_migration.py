"""Regenerate migration 0001 from the models (only while 0001 has not been released).

Usage: .venv/bin/python scripts/regen_initial_migration.py
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from alembic import command

from polydesk.db.migrate import MIGRATIONS_DIR, alembic_config

VERSIONS = MIGRATIONS_DIR / "versions"


def main() -> None:
    later = sorted(p for p in VERSIONS.glob("0*.py") if not p.name.startswith("0001"))
    parked = {p: p.read_text() for p in later}
    for path in later:
        path.unlink()
    for path in VERSIONS.glob("0001_*.py"):
        path.unlink()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            config = alembic_config(f"sqlite:///{Path(tmp) / 'gen.sqlite3'}")
            command.revision(config, message="initial schema", autogenerate=True, rev_id="0001")
    finally:
        for path, text in parked.items():
            path.write_text(text)


if __name__ == "__main__":
    main()
