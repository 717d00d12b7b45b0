"""Real ``polydesk serve`` processes for the tests that need more than one process, real
sockets, or the server's own configuration (logging, argon2 cost)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running_servers(url: str, data_dirs: list[Path], **env: str) -> Iterator[list[str]]:
    """One server per data directory, all on the database at ``url``; yields their base URLs
    once every one answers, and stops them all afterwards."""
    started: list[subprocess.Popen[bytes]] = []
    try:
        bases = []
        for data_dir in data_dirs:
            process, base = _start(url, data_dir, env)
            started.append(process)
            bases.append(base)
        yield bases
    finally:
        for process in started:
            process.terminate()
        for process in started:
            process.wait(timeout=20)


def _start(url: str, data_dir: Path, env: dict[str, str]) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    environment = {
        **os.environ,
        "POLYDESK_DATABASE_URL": url,
        "POLYDESK_DATA_DIR": str(data_dir),
        "POLYDESK_EMBEDDED_WORKER": "false",
        **env,
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "polydesk", "serve", "--port", str(port)],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return process, base
        except httpx.TransportError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("server did not start")
