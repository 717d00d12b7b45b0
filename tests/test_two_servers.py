"""Two real `polydesk serve` processes on one database: each sees the other's writes at once,
tickets created concurrently through both never share a number, and concurrent changes to one
ticket are all kept (run on SQLite and, in CI, on PostgreSQL)."""

from __future__ import annotations

from ast import literal_eval
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine, select

from polydesk.core.actor import Role
from polydesk.db.engine import make_session_factory
from polydesk.models.history import HistoryEvent
from tests.factories import make_user, token_for
from tests.servers import running_servers

PER_SERVER = 15


@pytest.fixture
def two_servers(clean_engine: Engine, tmp_path: Path) -> Iterator[tuple[str, str]]:
    url = clean_engine.url.render_as_string(hide_password=False)
    with running_servers(url, [tmp_path / "a", tmp_path / "b"]) as (first, second):
        yield first, second


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


CLIENTS, CHANGES_PER_CLIENT = 8, 15


def test_concurrent_changes_to_one_ticket_are_all_kept(
    clean_engine: Engine, two_servers: tuple[str, str]
) -> None:
    """8 clients, half on each server, each adding its own keys to one ticket's ``extra``:
    every acknowledged change is in the ticket, and history chains (each event's old value is
    the previous event's new value) with one event per change."""
    factory = make_session_factory(clean_engine)
    with factory() as session, session.begin():
        headers = token_for(session, make_user(session, Role.ADMIN))
    first, second = two_servers
    api = "/polydesk/v1/tickets"
    created = httpx.post(f"{first}{api}", headers=headers, json={"title": "Hot ticket"})
    ticket_id = created.json()["id"]

    def change(client: int) -> list[str]:
        base = (first, second)[client % 2]
        acknowledged = []
        with httpx.Client(base_url=base, headers=headers, timeout=60) as http:
            for n in range(CHANGES_PER_CLIENT):
                key = f"c{client}_{n}"
                answer = http.patch(f"{api}/{ticket_id}", json={"extra": {key: n}})
                assert answer.status_code == 200, answer.text
                acknowledged.append(key)
        return acknowledged

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        acknowledged = [key for keys in pool.map(change, range(CLIENTS)) for key in keys]
    assert len(acknowledged) == CLIENTS * CHANGES_PER_CLIENT

    final = httpx.get(f"{second}{api}/{ticket_id}", headers=headers).json()
    assert set(final["extra"]) == set(acknowledged)
    assert final["version"] == 1 + len(acknowledged)
    with factory() as session:
        events = session.scalars(
            select(HistoryEvent)
            .where(HistoryEvent.ticket_id == ticket_id, HistoryEvent.field == "extra")
            .order_by(HistoryEvent.id)
        ).all()
    assert len(events) == len(acknowledged)
    values = [literal_eval(event.new_value or "{}") for event in events]
    olds = [literal_eval(event.old_value or "{}") for event in events]
    assert olds == [{}, *values[:-1]]
    assert values[-1] == final["extra"]
