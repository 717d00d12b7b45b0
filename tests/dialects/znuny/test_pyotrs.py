"""PyOTRS, unchanged, against a running Polydesk: session, create, get, search, update,
pending, history and full-text search (spec §8.1's conformance script and more)."""

from __future__ import annotations

import datetime as dt
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from pyotrs import Article, Attachment, Client, DynamicField, Ticket  # type: ignore[import-untyped]

from polydesk.app import create_app
from polydesk.core.actor import SYSTEM
from polydesk.customfields.service import CustomFieldCreate, create_field
from polydesk.db.uow import unit_of_work
from polydesk.models.customfields import FieldType
from tests.dialects.znuny.conftest import Znuny


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def base_url(znuny: Znuny) -> Iterator[str]:
    port = _free_port()
    config = uvicorn.Config(
        create_app(runtime=znuny.runtime), host="127.0.0.1", port=port, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def pyotrs(base_url: str, tmp_path: Path) -> Client:
    api = Client(base_url, "root@localhost", "root", session_id_file=str(tmp_path / "s.json"))
    assert api.session_create() is True
    return api


def test_session_is_created_and_restored(base_url: str, tmp_path: Path) -> None:
    first = Client(base_url, "root@localhost", "root", session_id_file=str(tmp_path / "s.json"))
    assert first.session_restore_or_create() is True
    assert len(first.session_id_store.value) == 32
    again = Client(base_url, "root@localhost", "root", session_id_file=str(tmp_path / "s.json"))
    assert again.session_restore_or_create() is True
    assert again.session_id_store.value == first.session_id_store.value


def test_create_get_search_update_and_history(pyotrs: Client, znuny: Znuny) -> None:
    with unit_of_work(znuny.runtime.factory) as session:
        create_field(
            session, SYSTEM, CustomFieldCreate(name="Reference", field_type=FieldType.TEXT)
        )
    ticket = Ticket.create_basic(
        Title="T", Queue="Raw", State="new", Priority="3 normal", CustomerUser="customer1"
    )
    article = Article({"Subject": "S", "Body": "B"})
    attachment = Attachment.create_basic(
        Content="SGVsbG8=", ContentType="text/plain", Filename="hello.txt"
    )
    created = pyotrs.ticket_create(
        ticket, article, attachments=[attachment], dynamic_fields=[DynamicField("Reference", "R-1")]
    )
    assert created == {"ArticleID": "1", "TicketID": "1", "TicketNumber": "2024112410000013"}

    assert pyotrs.ticket_search(Title="T", Queues=["Raw"]) == ["1"]
    assert pyotrs.ticket_search(Title="Nothing") == []

    got = pyotrs.ticket_get_by_id(1, articles=True, attachments=True, dynamic_fields=True)
    assert got.field_get("Title") == "T"
    assert got.field_get("TicketNumber") == "2024112410000013"
    assert got.field_get("CustomerID") == "ACME"
    assert got.dynamic_field_get("Reference").value == "R-1"
    assert got.articles[0].field_get("Body") == "B"
    assert got.articles[0].attachments[0].Filename == "hello.txt"
    assert got.articles[0].attachments[0].Content == "SGVsbG8="

    assert pyotrs.ticket_update(1, State="open", article=Article({"Subject": "N", "Body": "n"}))
    assert pyotrs.ticket_get_by_id(1).field_get("State") == "open"
    assert pyotrs.ticket_search(States=["open"]) == ["1"]

    assert pyotrs.ticket_update_set_pending(1, new_state="pending reminder", pending_days=1)
    pending = pyotrs.ticket_get_by_id(1)
    assert pending.field_get("State") == "pending reminder"
    assert pending.field_get("UntilTime") > 0

    history = pyotrs.ticket_history_get_by_id(1)
    types = [line["HistoryType"] for line in history["History"]]
    assert types[0] == "NewTicket"
    assert "StateUpdate" in types and "SetPendingTime" in types


def test_search_by_date_and_full_text(pyotrs: Client, znuny: Znuny) -> None:
    znuny.create("Printer on fire", article={"Body": "the toner smells of smoke"})
    znuny.create("Mouse broken", article={"Body": "left button"})
    assert pyotrs.ticket_search_full_text("toner") == ["1"]
    since = dt.datetime(2024, 11, 24, 9, 0, 0)
    assert sorted(pyotrs.ticket_search(TicketCreateTimeNewerDate=since)) == ["1", "2"]
    assert pyotrs.ticket_search(TicketCreateTimeOlderDate=since) == []
    by_number = pyotrs.ticket_get_by_number("2024112410000013")
    assert by_number.field_get("Title") == "Printer on fire"
