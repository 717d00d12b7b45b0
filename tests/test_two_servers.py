"""Two real `polydesk serve` processes on one database: each sees the other's writes at once,
and tickets created concurrently through both never share a number."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine

from polydesk.core.actor import Role
from polydesk.db.engine import make_session_factory
from tests.factories import make_user, token_for

PER_SERVER = 15


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start(url: str, data_dir: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = {
        **os.environ,
        "POLYDESK_DATABASE_URL": url,
        "POLYDESK_DATA_DIR": str(data_dir),
        "POLYDESK_EMBEDDED_WORKER": "false",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "polydesk", "serve", "--port", str(port)],
        env=env,
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


@pytest.fixture
def two_servers(clean_engine: Engine, tmp_path: Path) -> Iterator[tuple[str, str]]:
    url = clean_engine.url.render_as_string(hide_password=False)
    started = [_start(url, tmp_path / "a"), _start(url, tmp_path / "b")]
    try:
        yield started[0][1], started[1][1]
    finally:
        for process, _ in started:
            process.terminate()
            process.wait(timeout=20)


def test_servers_share_writes_and_never_duplicate_numbers(
    clean_engine: Engine, two_servers: tuple[str, str]
) -> None:
    with make_session_factory(clean_engine)() as session, session.begin():
        headers = token_for(session, make_user(session, Role.ADMIN))
    first, second = two_servers
    api = "/polydesk/v1/tickets"
    created = httpx.post(f"{first}{api}", headers=headers, json={"title": "Seen everywhere"})
    assert created.status_code == 201, created.text
    seen = httpx.get(f"{second}{api}/{created.json()['id']}", headers=headers)
    assert seen.status_code == 200 and seen.json()["number"] == created.json()["number"]

    def create(base: str) -> str:
        response = httpx.post(f"{base}{api}", headers=headers, json={"title": "race"}, timeout=60)
        assert response.status_code == 201, response.text
        return str(response.json()["number"])

    with ThreadPoolExecutor(max_workers=8) as pool:
        numbers = list(pool.map(create, [first, second] * PER_SERVER))
    assert len(numbers) == 2 * PER_SERVER and len(set(numbers)) == len(numbers)
