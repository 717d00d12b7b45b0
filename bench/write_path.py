"""Write-path benchmark: what a ticket create, update and reply cost through the native API.

Runs the whole app in this process (ASGI, no sockets) on a fresh SQLite file, so the figures
are the core's and the edge's work per request without HTTP parsing. Two installations:

- ``bare``: one help desk, nothing configured (no SLA, no rules, no triggers);
- ``configured``: the same, plus whatever engine configuration the site file in
  ``--site FILE`` adds (an SLA with a business calendar, routing rules, triggers...).

Reports per operation: requests per second (median of ``--rounds`` rounds, each ``--count``
requests after a warm-up) and SQL statements per request (exact, counted on the engine).
Compare two builds by running it in each checkout, one after the other, on an idle machine.

    .venv/bin/python bench/write_path.py --count 200 --rounds 5 [--site bench/engines.yml]
"""

from __future__ import annotations

import argparse
import base64
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import event

from polydesk.app import create_app
from polydesk.bootstrap import prepare_database
from polydesk.config import Settings
from polydesk.runtime import Runtime

ADMIN_PASSWORD = "bench-admin-password"  # a throwaway install
V1 = "/polydesk/v1"


class Counter:
    def __init__(self) -> None:
        self.statements = 0

    def __call__(self, *_args: Any) -> None:
        self.statements += 1


def install(data_dir: Path, site: Path | None) -> tuple[TestClient, Counter, int]:
    settings = Settings(data_dir=data_dir, admin_password=ADMIN_PASSWORD, embedded_worker=False)
    runtime = Runtime.from_settings(settings)
    prepare_database(runtime.engine, settings)
    client = TestClient(create_app(runtime=runtime))
    token = base64.b64encode(f"admin:{ADMIN_PASSWORD}".encode()).decode()
    client.headers["Authorization"] = f"Basic {token}"
    # A site file must define the help desk the requests go to, "Bench desk".
    document = site.read_text() if site is not None else "helpdesks:\n  - name: Bench desk\n"
    applied = client.post(f"{V1}/config/apply", json={"document": document})
    if applied.status_code >= 300:
        raise SystemExit(f"site file refused: {applied.status_code} {applied.text}")
    desks = client.get(f"{V1}/helpdesks").json()
    desk = next(d for d in _items(desks) if d["name"] == "Bench desk")
    counter = Counter()
    event.listen(runtime.engine, "before_cursor_execute", counter)
    return client, counter, int(desk["id"])


def _items(body: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = body["items"] if isinstance(body, dict) else body
    return items


def measure(run: Callable[[int], None], count: int, counter: Counter) -> tuple[float, float]:
    before = counter.statements
    start = time.perf_counter()
    for index in range(count):
        run(index)
    elapsed = time.perf_counter() - start
    return count / elapsed, (counter.statements - before) / count


def bench(label: str, site: Path | None, count: int, rounds: int) -> dict[str, tuple[float, float]]:
    with tempfile.TemporaryDirectory() as tmp:
        client, counter, desk_id = install(Path(tmp), site)
        ids: list[int] = []

        def create(index: int) -> None:
            body = {"title": f"Printer {index} jams", "description": "Paper jam on tray 2",
                    "helpdesk_id": desk_id}  # fmt: skip
            response = client.post(f"{V1}/tickets", json=body)
            assert response.status_code == 201, response.text
            ids.append(response.json()["id"])

        def update(index: int) -> None:
            body = {"title": f"Printer {index} jams again"}
            response = client.patch(f"{V1}/tickets/{ids[index % len(ids)]}", json=body)
            assert response.status_code == 200, response.text

        def reply(index: int) -> None:
            body = {"body": "We are on it.", "is_public": True}
            tid = ids[index % len(ids)]
            response = client.post(f"{V1}/tickets/{tid}/comments", json=body)
            assert response.status_code == 201, response.text

        results: dict[str, list[tuple[float, float]]] = {"create": [], "update": [], "reply": []}
        operations = {"create": create, "update": update, "reply": reply}
        for run in operations.values():  # warm-up
            measure(run, max(10, count // 10), counter)
        for _ in range(rounds):
            for name, run in operations.items():
                results[name].append(measure(run, count, counter))
        summary = {
            name: (statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs))
            for name, runs in results.items()
        }
    for name, (rate, statements) in summary.items():
        print(f"{label:<11} {name:<7} {rate:8.1f} req/s  {statements:5.1f} statements/request")
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--site", type=Path, default=None)
    args = parser.parse_args()
    bare = bench("bare", None, args.count, args.rounds)
    if args.site is not None:
        configured = bench("configured", args.site, args.count, args.rounds)
        for name in bare:
            ratio = configured[name][0] / bare[name][0]
            print(f"configured/bare {name:<7} x{ratio:.2f} req/s")


if __name__ == "__main__":
    main()
