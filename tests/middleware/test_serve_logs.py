"""A real ``polydesk serve`` (one process with text logs, ``--workers 2`` with JSON logs): its
output holds one access line per request with the request id, no uvicorn access line and no
secret; the size limit answers 413 to a really chunked body."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pytest
from sqlalchemy import Engine

from tests.middleware.conftest import ADMIN_LOGIN, ADMIN_PASSWORD, Credentials

LIMIT = 64 * 1024
ZNUNY = "/otrs/nph-genericinterface.pl/Webservice/GenericTicketConnectorREST"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until_up(base: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    raise RuntimeError("server did not start")


# asctime, level, logger, [request id], message (log_config.TEXT_FORMAT)
TEXT_LINE = re.compile(
    r"^\S+ \S+ (?P<level>[A-Z]+) (?P<logger>\S+) \[(?P<id>[^\]]+)\] (?P<msg>.*)$"
)


@dataclass(frozen=True)
class Served:
    base: str
    output: Path  # collects its stdout and stderr
    log_format: str


@pytest.fixture(params=[(1, "text"), (2, "json")], ids=["one-process-text", "two-workers-json"])
def server(
    request: pytest.FixtureRequest, clean_engine: Engine, tmp_path: Path, credentials: Credentials
) -> Iterator[Served]:
    workers, log_format = request.param
    port, output = _free_port(), tmp_path / "serve.log"
    env = {
        **os.environ,
        "POLYDESK_DATABASE_URL": clean_engine.url.render_as_string(hide_password=False),
        "POLYDESK_DATA_DIR": str(tmp_path),
        "POLYDESK_EMBEDDED_WORKER": "false",
        "POLYDESK_LOG_FORMAT": log_format,
        "POLYDESK_MAX_REQUEST_BYTES": str(LIMIT),
    }
    command = [sys.executable, "-m", "polydesk", "serve", "--port", str(port)]
    with output.open("wb") as sink:
        process = subprocess.Popen(
            [*command, "--workers", str(workers)], env=env, stdout=sink, stderr=sink
        )
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_until_up(base, process)
            yield Served(base, output, log_format)
        finally:
            process.terminate()
            process.wait(timeout=30)


def _calls(creds: Credentials) -> list[tuple[str, str, dict[str, str]]]:
    """Requests carrying secrets in the query and in headers: (method, url path, headers)."""
    integria = {"user": ADMIN_LOGIN, "user_pass": ADMIN_PASSWORD, "pass": "LEAKpassZq9",
                "op": "create_user", "params": "srv,1,,srv@example.com,LEAKnewpwZq9"}  # fmt: skip
    readydesk = {
        "key": creds.readydesk_key,
        "action": "add_customer",
        "cid": "c",
        "pass": "LEAKcZq9",
    }
    return [
        ("GET", f"/include/api.php?{urlencode(integria)}", {}),
        ("GET", f"/API/default.aspx?{urlencode(readydesk)}", {}),
        ("POST", f"{ZNUNY}/Session?UserLogin={ADMIN_LOGIN}&Password={ADMIN_PASSWORD}", {}),
        ("GET", f"{ZNUNY}/Ticket/1?SessionID=LEAKsessionZq9", {"Cookie": "s=LEAKcookieZq9"}),
        ("POST", f"/api/oauth/token?grant_type=password&password={ADMIN_PASSWORD}", {}),
        ("GET", "/polydesk/v1/tickets?token=LEAKtokenZq9", {"Authorization": "Bearer LEAKbZq9"}),
    ]


def _chunks() -> Iterator[bytes]:
    for _ in range(8):
        yield b"x" * (LIMIT // 4)


def access_lines(served: Served) -> list[tuple[str, str]]:
    """(request id, message) of every access line; every log line must parse in its format."""
    found = []
    for line in served.output.read_text().splitlines():
        if served.log_format == "json" or line.startswith("{"):  # the CLI's own JSON, too
            record = json.loads(line)
            if record.get("logger") == "polydesk.access":
                found.append((record["request_id"], record["message"]))
            continue
        match = TEXT_LINE.match(line)
        assert match, line
        assert match["logger"] != "uvicorn.access", line
        if match["logger"] == "polydesk.access":
            found.append((match["id"], match["msg"]))
    return found


def test_serve_logs_requests_with_their_ids_and_no_secret(
    server: Served, credentials: Credentials
) -> None:
    request_ids = []
    with httpx.Client(base_url=server.base, timeout=30) as http:
        for method, path, headers in _calls(credentials):
            request_ids.append(http.request(method, path, headers=headers).headers["x-request-id"])
        sane = http.get("/healthz", headers={"X-Request-ID": "probe-42"})
        assert sane.headers["x-request-id"] == "probe-42"
        chunked = http.post("/polydesk/v1/tickets", content=_chunks())
        assert chunked.status_code == 413
        assert chunked.json()["error"]["code"] == "request.too_large"
        request_ids += ["probe-42", chunked.headers["x-request-id"]]
    time.sleep(0.5)  # a line is written just after its answer
    text = server.output.read_text()
    assert not [s for s in [ADMIN_PASSWORD, *credentials.secrets(), "LEAK"] if s in text]
    # uvicorn's access line looks like: 127.0.0.1:5000 - "GET /x?pass=... HTTP/1.1" 200
    assert "uvicorn.access" not in text and 'HTTP/1.1" ' not in text
    logged = dict(access_lines(server))
    assert set(request_ids) <= set(logged)
    assert logged["probe-42"].startswith("GET /healthz 200 ")
    assert any("?token=*** 401 " in message for message in logged.values())
