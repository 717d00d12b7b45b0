"""``get_history`` (the ticket's notes) and ``get_attachments``."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from polydesk.attachments.service import add_attachment
from polydesk.authz.actors import actor_for
from polydesk.comments.schemas import CommentCreate
from polydesk.comments.service import add_comment
from polydesk.core.actor import SYSTEM
from polydesk.core.clock import frozen
from polydesk.db.uow import unit_of_work
from polydesk.tickets.schemas import TicketCreate
from polydesk.tickets.service import create_ticket
from polydesk.users.service import require_user
from tests.dialects.readydesk.conftest import ReadyDesk


def _setup(rd: ReadyDesk) -> list[int]:
    """Two tickets of demo's: the first with a public and an internal note and a file."""
    with unit_of_work(rd.runtime.factory) as session:
        guest = actor_for(session, require_user(session, rd.ids["guest"]))
        tickets = [
            create_ticket(
                session,
                SYSTEM,
                TicketCreate(title=t, requester_id=rd.ids["demo"], owner_id=rd.ids["guest"]),
            ).id
            for t in ("First", "Second")
        ]
        with frozen(datetime(2014, 4, 24, 10, 0, tzinfo=UTC)):
            add_comment(session, guest, tickets[0], CommentCreate(body="Called the customer"))
            add_comment(
                session, guest, tickets[0], CommentCreate(body="internal: VIP", is_public=False)
            )
            add_attachment(
                session, guest, rd.runtime.store, ticket_id=tickets[0], filename="error log.txt",
                data=b"x" * 32983, max_bytes=64 * 1024,
            )  # fmt: skip
        with frozen(datetime(2014, 5, 2, 10, 0, tzinfo=UTC)):
            add_comment(session, guest, tickets[1], CommentCreate(body="Replaced toner"))
    return tickets


def test_history_entries(rd: ReadyDesk) -> None:
    first, second = _setup(rd)
    entries = json.loads(rd.call("get_history", fmt="json", tid="*"))["history"]
    assert [(e["tid"], e["notes"], e["private"]) for e in entries] == [
        (str(first), "Called+the+customer", "N"),
        (str(first), "internal%3a+VIP", "Y"),
        (str(second), "Replaced+toner", "N"),
    ]
    assert (entries[0]["date"], entries[0]["updated_by"], entries[0]["updater_type"]) == (
        "4/24/2014 10:00:00 AM", "guest", "TECH",
    )  # fmt: skip
    by_keyword = json.loads(rd.call("get_history", fmt="json", keyword="TONER"))["history"]
    assert [e["tid"] for e in by_keyword] == [str(second)]
    dated = rd.call("get_history", count_only="Y", start_date="5/1/2014", end_date="5/3/2014")
    assert dated.endswith("<count>1</count>")
    assert rd.call("get_history", count_only="Y", tid=str(first)).endswith("<count>2</count>")
    assert rd.call("get_history", count_only="Y", cid="nobody").endswith("<count>0</count>")
    newest = json.loads(rd.call("get_history", fmt="json", order="DATE DESC", count="1"))
    assert newest["history"][0]["notes"] == "Replaced+toner"


def test_customers_never_see_internal_notes(rd: ReadyDesk) -> None:
    _setup(rd)
    rd.key = rd.new_key(login="demo")
    assert rd.call("get_history", count_only="Y").endswith("<count>2</count>")


def test_attachments(rd: ReadyDesk) -> None:
    first, _ = _setup(rd)
    expected = (
        '<?xml version="1.0"?>\n<attachments>\n\t<file>\n'
        f"\t\t<ticket_id>{first}</ticket_id>\n\t\t<file_name>error+log.txt</file_name>\n"
        "\t\t<file_size>32.21 kb</file_size>\n\t\t<file_date>4/24/2014 10:00:00 AM</file_date>\n"
        "\t</file>\n</attachments>"
    )
    assert rd.call("get_attachments", tid="*", cid="*") == expected
    assert rd.call("get_attachments", cid="demo", start_tid=str(first + 1)).endswith(
        "<attachments>\n</attachments>"
    )
    assert "<error>Missing required variable: cid" in rd.call("get_attachments", tid="*")
