"""SendAgentNotification / SendCustomerNotification lines once the worker has mailed the
notifications (``NotificationEvent`` with the Email transport): the agent's line names Znuny's
notification and the agent's login, the customer's line the address."""

from __future__ import annotations

from typing import Any

from tests.dialects.znuny.conftest import ROOT, Znuny
from tests.jobs import run_jobs


def _notification_lines(znuny: Znuny, params: dict[str, str] = ROOT) -> list[tuple[str, ...]]:
    answer = znuny.call("GET", "/TicketHistory/1", params=params)
    lines: list[dict[str, Any]] = answer["TicketHistory"][0]["History"]
    return [
        (line["HistoryType"], line["HistoryTypeID"], line["ArticleID"], line["Name"])
        for line in lines
        if "Notification" in line["HistoryType"]
    ]


def test_no_line_before_the_notifications_go_out(znuny: Znuny) -> None:
    znuny.create()

    assert _notification_lines(znuny) == []


def test_the_new_ticket_notifications(znuny: Znuny) -> None:
    znuny.create()
    run_jobs(znuny.runtime.factory)

    assert _notification_lines(znuny) == [
        ("SendAgentNotification", 9, 0, "%%Ticket create notification%%agent1%%Email"),
        ("SendCustomerNotification", 10, 0, "%%customer1@example.com"),
    ]


def test_a_note_notifies_the_customer(znuny: Znuny) -> None:
    znuny.create()
    run_jobs(znuny.runtime.factory)
    note = {"Subject": "Note", "Body": "More", "ContentType": "text/plain; charset=utf8"}
    znuny.call("PATCH", "/Ticket/1", body={**ROOT, "Article": note})
    run_jobs(znuny.runtime.factory)

    # The queue's agents hear of later steps only while nobody owns the ticket (root does,
    # and is not told of its own note): the customer alone is mailed.
    assert _notification_lines(znuny)[2:] == [
        ("SendCustomerNotification", 10, 0, "%%customer1@example.com"),
    ]


def test_no_agent_notify_leaves_only_the_customers_line(znuny: Znuny) -> None:
    znuny.create(article={"NoAgentNotify": 1})
    run_jobs(znuny.runtime.factory)

    assert [line[0] for line in _notification_lines(znuny)] == ["SendCustomerNotification"]


def test_an_agents_note_on_an_unowned_ticket_notifies_the_queue(znuny: Znuny) -> None:
    znuny.create(auth={"CustomerUserLogin": "customer1", "Password": "customer1"})
    run_jobs(znuny.runtime.factory)

    assert _notification_lines(znuny)[:1] == [
        ("SendAgentNotification", 9, 0, "%%Ticket create notification%%agent1%%Email"),
    ]
