"""TicketHistoryGet line by line in Znuny 6.5's own formats (``Kernel/System/Ticket.pm``, the
GenericInterface defaults): article lines, TimeAccounting, SetPendingTime, CustomerUpdate, and
no line for what Znuny does not record. Each line's keys are strings here (spec §5.5)."""

from __future__ import annotations

import base64
from datetime import timedelta
from typing import Any

from polydesk.core.actor import SYSTEM
from polydesk.core.clock import frozen
from polydesk.core.pagination import PageRequest
from polydesk.db.uow import unit_of_work
from polydesk.history.service import list_events
from polydesk.models.history import EventKind
from tests.dialects.znuny.conftest import AGENT, NOW, ROOT, Znuny

TN = "2024112410000013"
TEXT = {"ContentType": "text/plain; charset=utf8"}
TEXT_KEYS = {"CreateTime", "HistoryType", "Name"}


def _lines(znuny: Znuny) -> list[dict[str, Any]]:
    answer = znuny.call("GET", "/TicketHistory/1", params=ROOT)
    lines: list[dict[str, Any]] = answer["TicketHistory"][0]["History"]
    for line in lines:  # integer columns are JSON numbers (Znuny 6.5 on MariaDB), text is text
        for key, value in line.items():
            assert type(value) is (str if key in TEXT_KEYS else int), (key, line)
    return lines


def _shown(lines: list[dict[str, Any]]) -> list[tuple[str, int, int, str]]:
    return [
        (line["HistoryType"], line["HistoryTypeID"], line["ArticleID"], line["Name"])
        for line in lines
    ]


def _update(znuny: Znuny, **body: Any) -> None:
    answer = znuny.call("PATCH", "/Ticket/1", body={**ROOT, **body})
    assert answer.get("TicketID") == "1", answer


def _note(**extra: Any) -> dict[str, Any]:
    return {"Subject": "Note", "Body": "More", **TEXT, **extra}


def test_created_ticket_lines(znuny: Znuny) -> None:
    znuny.create()

    assert _shown(_lines(znuny)) == [
        ("NewTicket", 1, 0, f"%%{TN}%%Raw%%3 normal%%new%%1"),
        ("CustomerUpdate", 21, 0, "%%CustomerID=ACME;CustomerUser=customer1;"),
        ("NewTicket", 1, 1, "%%GenericInterface Create"),
    ]


def test_a_later_article_is_add_note(znuny: Znuny) -> None:
    znuny.create()
    _update(znuny, Article=_note())

    assert _shown(_lines(znuny))[3:] == [("AddNote", 15, 2, "%%GenericInterface Note")]


def test_time_accounting_shows_units_and_the_running_total(znuny: Znuny) -> None:
    znuny.create(article={"TimeUnit": "1.5"})
    _update(znuny, Article=_note(TimeUnit="2"))
    _update(znuny, Article=_note(TimeUnit="0,25"))

    timed = [line for line in _lines(znuny) if line["HistoryType"] == "TimeAccounting"]

    assert _shown(timed) == [
        ("TimeAccounting", 20, 1, "%%1.5%%1.5"),
        ("TimeAccounting", 20, 2, "%%2%%3.5"),
        ("TimeAccounting", 20, 3, "%%0.25%%3.75"),
    ]


def test_time_accounting_follows_its_article(znuny: Znuny) -> None:
    znuny.create(article={"TimeUnit": "3"})

    lines = _shown(_lines(znuny))

    assert lines[2:] == [
        ("NewTicket", 1, 1, "%%GenericInterface Create"),
        ("TimeAccounting", 20, 1, "%%3%%3"),
    ]


def test_pending_time_and_its_reset(znuny: Znuny) -> None:
    znuny.create()
    when = {"Year": 2025, "Month": 1, "Day": 2, "Hour": 3, "Minute": 4}
    _update(znuny, Ticket={"State": "pending reminder", "PendingTime": when})
    _update(znuny, Ticket={"State": "open"})

    lines = _lines(znuny)[3:]
    # TicketUpdate sets the pending time before the state (its line still shows state 1,
    # new); the reset is Znuny's event module reacting to the state change, so it follows.
    assert _shown(lines) == [
        ("SetPendingTime", 26, 0, "%%2025-01-02 03:04"),
        ("StateUpdate", 27, 0, "%%new%%pending reminder%%"),
        ("StateUpdate", 27, 0, "%%pending reminder%%open%%"),
        ("SetPendingTime", 26, 0, "%%00-00-00 00:00"),
    ]
    assert [line["StateID"] for line in lines] == [1, 6, 4, 4]


def test_a_pending_time_given_at_creation(znuny: Znuny) -> None:
    znuny.create(ticket={"State": "pending reminder", "PendingTime": {"Diff": 90}})

    pending = [line for line in _lines(znuny) if line["HistoryType"] == "SetPendingTime"]

    # The creation's own state needs no StateUpdate; the time is its own line.
    assert _shown(pending) == [("SetPendingTime", 26, 0, "%%2024-11-24 11:30")]


def test_moving_between_pending_states_keeps_the_time(znuny: Znuny) -> None:
    znuny.create()
    _update(znuny, Ticket={"State": "pending reminder", "PendingTime": {"Diff": 60}})
    _update(znuny, Ticket={"State": "pending auto close+", "PendingTime": {"Diff": 60}})

    names = [line["Name"] for line in _lines(znuny) if line["HistoryType"] == "SetPendingTime"]

    assert "%%00-00-00 00:00" not in names


def test_customer_update_on_a_new_customer_user(znuny: Znuny) -> None:
    znuny.create()
    _update(znuny, Ticket={"CustomerUser": "customer2"})
    with frozen(NOW + timedelta(seconds=5)):  # two requests, not one
        _update(znuny, Ticket={"CustomerID": "FREE-7"})

    assert _shown(_lines(znuny))[3:] == [
        ("CustomerUpdate", 21, 0, "%%CustomerID=ACME;CustomerUser=customer2;"),
        ("CustomerUpdate", 21, 0, "%%CustomerID=FREE-7;CustomerUser=customer2;"),
    ]
    # The line written at creation keeps the values of that moment.
    assert _shown(_lines(znuny))[1][3] == "%%CustomerID=ACME;CustomerUser=customer1;"


def test_no_lines_znuny_does_not_write(znuny: Znuny) -> None:
    znuny.create()
    upload = {"Content": base64.b64encode(b"log").decode(), "ContentType": "text/plain"}
    _update(znuny, Article=_note(), Attachment={**upload, "Filename": "a.log"})

    lines = _lines(znuny)

    assert [line["HistoryType"] for line in lines] == [
        "NewTicket",
        "CustomerUpdate",
        "NewTicket",
        "AddNote",
    ]  # no line for the file (Znuny writes none; Polydesk's core records one)


def test_an_agents_lines_are_its_own(znuny: Znuny) -> None:
    znuny.create(auth=AGENT, article={"TimeUnit": "1"})

    agent1 = znuny.users["agent1"]
    assert {line["CreateBy"] for line in _lines(znuny)} == {agent1}


def test_an_agent_creating_becomes_owner_after_the_article(znuny: Znuny) -> None:
    znuny.create(auth=AGENT)

    agent1 = znuny.users["agent1"]
    lines = _lines(znuny)
    assert _shown(lines)[2:] == [
        ("NewTicket", 1, 1, "%%GenericInterface Create"),
        ("OwnerUpdate", 23, 0, f"%%agent1%%{agent1}"),
    ]
    # The ticket is user 1's until the owner is set (Znuny creates it with OwnerID 1).
    assert [line["OwnerID"] for line in lines] == [1, 1, 1, agent1]


def test_a_given_owner_locks_then_time_is_accounted(znuny: Znuny) -> None:
    znuny.create(ticket={"Owner": "agent1", "Responsible": "agent1"}, article={"TimeUnit": "2"})

    agent1 = znuny.users["agent1"]
    assert _shown(_lines(znuny))[2:] == [
        ("NewTicket", 1, 1, "%%GenericInterface Create"),
        ("OwnerUpdate", 23, 0, f"%%agent1%%{agent1}"),
        ("Lock", 17, 0, "%%lock"),
        ("ResponsibleUpdate", 34, 0, f"%%agent1%%{agent1}"),
        ("TimeAccounting", 20, 1, "%%2%%2"),
    ]


def test_an_articles_own_history_type_and_comment(znuny: Znuny) -> None:
    znuny.create(article={"HistoryType": "PhoneCallCustomer", "HistoryComment": "%%Phone"})
    _update(znuny, Article=_note(HistoryType="EmailAgent"))

    lines = _shown(_lines(znuny))

    assert lines[2] == ("PhoneCallCustomer", 14, 1, "%%Phone")
    assert lines[3:] == [("EmailAgent", 11, 2, "%%GenericInterface Note")]


def test_the_late_history_types_have_a_fresh_installs_ids(znuny: Znuny) -> None:
    """``ticket_history_type`` rows 41-52 of Znuny's initial insert: the Escalation* types,
    then TitleUpdate 50, EmailResend 51, Bulk 52."""
    znuny.create(article={"HistoryType": "EmailResend"})
    _update(znuny, Article=_note(HistoryType="Bulk", HistoryComment="%%Bulk"))
    _update(znuny, Article=_note(HistoryType="EscalationSolutionTimeStop"))
    _update(znuny, Article=_note(HistoryType="EscalationUpdateTimeStop"))

    lines = _shown(_lines(znuny))

    assert lines[2] == ("EmailResend", 51, 1, "%%GenericInterface Create")
    assert lines[3:] == [
        ("Bulk", 52, 2, "%%Bulk"),
        ("EscalationSolutionTimeStop", 41, 3, "%%GenericInterface Note"),
        ("EscalationUpdateTimeStop", 49, 4, "%%GenericInterface Note"),
    ]


def test_the_native_api_shows_the_articles_history_facts(znuny: Znuny) -> None:
    znuny.create(article={"HistoryType": "PhoneCallCustomer", "HistoryComment": "%%Phone"})
    with unit_of_work(znuny.runtime.factory) as session:
        page = list_events(session, SYSTEM, 1, PageRequest(limit=10))
        added = [e for e in page.items if e.kind is EventKind.COMMENT_ADDED]

        assert [(e.field, e.description) for e in added] == [("PhoneCallCustomer", "%%Phone")]
