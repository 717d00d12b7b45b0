"""PostgreSQL client programs (pg_dump, pg_restore): finding the newest one and running it.

Connection details come from the SQLAlchemy URL. The password travels in ``PGPASSWORD`` (the
environment of the child only), never in argv, where ``ps`` would show it to every local user.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import subprocess
from pathlib import Path

from sqlalchemy.engine import URL

from polydesk.backup.errors import BackupError

_SEARCH_GLOB = "/usr/lib/postgresql/*/bin"
# libpq parameters a URL's query may carry, and the environment variable each maps to.
_QUERY_ENV = {
    "host": "PGHOST",
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "options": "PGOPTIONS",
    "application_name": "PGAPPNAME",
}


def find_tool(name: str) -> Path:
    """The newest ``name`` among Debian's versioned directories and PATH (a dump must be made by
    a pg_dump at least as new as the server, and read by a pg_restore as new as the dump)."""
    candidates = {Path(d) / name for d in glob.glob(_SEARCH_GLOB)}
    on_path = shutil.which(name)
    if on_path:
        candidates.add(Path(on_path))
    versions = {path: tool_version(path) for path in candidates if os.access(path, os.X_OK)}
    usable = {path: v for path, v in versions.items() if v is not None}
    if not usable:
        raise BackupError(
            "backup.no_pg_tool",
            f"{name} not found (looked in {_SEARCH_GLOB} and PATH); "
            "install the PostgreSQL client package (Debian: postgresql-client)",
        )
    return max(usable, key=lambda path: usable[path] or (0,))


def tool_version(path: Path) -> tuple[int, ...] | None:
    try:
        out = subprocess.run(
            [str(path), "--version"], capture_output=True, text=True, timeout=30, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r"(\d+)(?:\.(\d+))?", out)
    return tuple(int(part) for part in match.groups() if part) if match else None


def connection_args(url: URL) -> list[str]:
    """``--host/--port/--username/--dbname`` for ``url``; ``--no-password`` so a missing
    password fails at once instead of prompting."""
    args = ["--no-password"]
    if url.host:
        args += ["--host", url.host]
    if url.port:
        args += ["--port", str(url.port)]
    if url.username:
        args += ["--username", url.username]
    if url.database:
        args += ["--dbname", url.database]
    return args


def connection_env(url: URL) -> dict[str, str]:
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    for key, variable in _QUERY_ENV.items():
        value = url.query.get(key)
        if isinstance(value, str):
            env[variable] = value
    return env


def run_tool(argv: list[str], url: URL) -> None:
    """Run a client program; on failure raise its stderr, with the password scrubbed."""
    try:
        result = subprocess.run(argv, env=connection_env(url), capture_output=True, text=True)
    except OSError as exc:
        raise BackupError("backup.pg_tool_failed", f"cannot run {argv[0]}: {exc}") from exc
    if result.returncode != 0:
        message = result.stderr.strip() or f"exit code {result.returncode}"
        if url.password:
            message = message.replace(str(url.password), "***")
        name = Path(argv[0]).name
        raise BackupError("backup.pg_tool_failed", f"{name} failed: {message}")
