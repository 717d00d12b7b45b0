"""A fresh install given only ``polydesk preset apply znuny`` (issue 14) serves PyOTRS's README
flow, unchanged, as a new Znuny would: root@localhost (with the password the preset printed
once) opens a session and creates, searches, reads and updates a ticket in the Raw queue."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pyotrs import Article, Client, Ticket  # type: ignore[import-untyped]
from pyotrs.lib import APIError  # type: ignore[import-untyped]
from sqlalchemy import Engine

from polydesk import cli_config  # noqa: F401  (registers ``polydesk preset``)
from tests.conftest import CliResult
from tests.servers import running_servers


def test_pyotrs_readme_flow_on_a_znuny_preset_install(
    cli_run: Callable[..., CliResult], clean_engine: Engine, tmp_path: Path
) -> None:
    code, out, stderr = cli_run("preset", "apply", "znuny")
    assert code == 0, stderr
    created: list[dict[str, str]] = out[-1]["created_users"]  # type: ignore[assignment]
    [root] = [user for user in created if user["name"] == "root@localhost"]
    password = root["generated_password"]

    url = clean_engine.url.render_as_string(hide_password=False)
    with running_servers(url, [tmp_path / "server"]) as (base,):
        client = Client(base, "root@localhost", password, session_id_file=str(tmp_path / "s"))
        assert client.session_create() is True

        ticket = Ticket.create_basic(
            Title="Preset ticket",
            Queue="Raw",
            State="new",
            Priority="3 normal",
            CustomerUser="root@localhost",
        )
        article = Article({"Subject": "Hello", "Body": "Created through PyOTRS"})
        made = client.ticket_create(ticket, article)
        assert set(made) == {"ArticleID", "TicketID", "TicketNumber"}
        ticket_id = made["TicketID"]

        assert client.ticket_search(Title="Preset ticket", Queues=["Raw"]) == [ticket_id]
        got = client.ticket_get_by_id(int(ticket_id), articles=True)
        assert got.field_get("Title") == "Preset ticket"
        assert got.field_get("Queue") == "Raw" and got.field_get("State") == "new"
        assert got.field_get("TicketNumber") == made["TicketNumber"]
        assert got.articles[0].field_get("Body") == "Created through PyOTRS"

        assert client.ticket_update(int(ticket_id), State="open")
        assert client.ticket_get_by_id(int(ticket_id)).field_get("State") == "open"

        history = client.ticket_history_get_by_id(int(ticket_id))
        types = [line["HistoryType"] for line in history["History"]]
        assert types[0] == "NewTicket" and "StateUpdate" in types

        # Znuny's stock password is not the preset's: it never ships a known password.
        wrong = Client(base, "root@localhost", "root", session_id_file=str(tmp_path / "w"))
        with pytest.raises(APIError, match=r"SessionCreate\.AuthFail"):
            wrong.session_create()
