"""Znuny's article notification flags end to end: TicketCreate / TicketUpdate over HTTP, the
worker's notifications, a real SMTP server. ``NoAgentNotify`` keeps every agent out of the
article's notification (customers still hear); ``ForceNotificationToUserID`` adds users."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from polydesk.mail.sender import SmtpConfig, send_due_mail
from tests.dialects.znuny.conftest import ROOT, Znuny
from tests.jobs import run_jobs
from tests.unit.mail.smtp_server import Recorder, running_smtp_server


@pytest.fixture
def smtp() -> Iterator[tuple[Recorder, SmtpConfig]]:
    with running_smtp_server() as server:
        yield server


def _delivered(znuny: Znuny, smtp: tuple[Recorder, SmtpConfig]) -> dict[str, str]:
    """Run the worker, send the outbox; recipient -> subject of what arrived."""
    recorder, config = smtp
    recorder.envelopes.clear()
    run_jobs(znuny.runtime.factory)
    send_due_mail(znuny.runtime.factory, znuny.runtime.store, config)
    received = {}
    for envelope, message in zip(recorder.envelopes, recorder.messages(), strict=True):
        [address] = envelope.rcpt_tos
        assert address not in received, f"{address} got two mails"
        received[address] = str(message["Subject"])
    return received


def test_ticket_create_notifies_the_queue_and_the_customer(
    znuny: Znuny, smtp: tuple[Recorder, SmtpConfig]
) -> None:
    answer = znuny.create()

    received = _delivered(znuny, smtp)

    assert sorted(received) == ["agent1@example.com", "customer1@example.com"]
    assert received["agent1@example.com"] == (
        f"[Ticket#{answer['TicketNumber']}] New ticket: Printer on fire"
    )


def test_no_agent_notify_silences_agents_and_forced_users_still_hear(
    znuny: Znuny, smtp: tuple[Recorder, SmtpConfig]
) -> None:
    znuny.create(article={"NoAgentNotify": 1})
    quiet = _delivered(znuny, smtp)
    forced_to = [znuny.users["agent2"]]
    znuny.create(article={"NoAgentNotify": 1, "ForceNotificationToUserID": forced_to})
    forced = _delivered(znuny, smtp)

    assert sorted(quiet) == ["customer1@example.com"]  # agent1 (the queue's) is not told
    assert sorted(forced) == ["agent2@example.com", "customer1@example.com"]


def test_ticket_update_article_flags_reach_the_reply_notification(
    znuny: Znuny, smtp: tuple[Recorder, SmtpConfig]
) -> None:
    ticket_id = znuny.create(ticket={"Owner": "agent1"})["TicketID"]
    opened = _delivered(znuny, smtp)
    note = {"Subject": "Update", "Body": "Fixed?", "ContentType": "text/plain; charset=utf8"}

    def update(**flags: object) -> dict[str, str]:
        body = {**ROOT, "Article": {**note, **flags}}
        assert "Error" not in znuny.call("PATCH", f"/Ticket/{ticket_id}", body=body)
        return _delivered(znuny, smtp)

    plain = update()
    silenced = update(NoAgentNotify=1)
    forced = update(NoAgentNotify=1, ForceNotificationToUserID=znuny.users["agent2"])

    assert sorted(opened) == ["customer1@example.com"]  # a given Owner: NoAgentNotify is 1
    assert sorted(plain) == ["agent1@example.com", "customer1@example.com"]
    assert sorted(silenced) == ["customer1@example.com"]
    assert sorted(forced) == ["agent2@example.com", "customer1@example.com"]
    assert all("Reply: Printer on fire" in subject for subject in plain.values())


def test_excluded_agents_hear_nothing_of_the_article(
    znuny: Znuny, smtp: tuple[Recorder, SmtpConfig]
) -> None:
    """``ExcludeNotificationToUserID`` and ``ExcludeMuteNotificationToUserID`` both put the agents
    on the notification's skip list, which wins over ``ForceNotificationToUserID``; customers
    are not agents, so naming one excludes nobody."""
    agent1, agent2 = znuny.users["agent1"], znuny.users["agent2"]
    customer = znuny.users["customer1"]
    znuny.create(article={"ExcludeNotificationToUserID": [agent1]})
    excluded = _delivered(znuny, smtp)
    znuny.create(article={"ExcludeMuteNotificationToUserID": agent1})
    muted = _delivered(znuny, smtp)
    both = {"ForceNotificationToUserID": [agent2], "ExcludeNotificationToUserID": [agent2]}
    znuny.create(article=both)
    forced_but_excluded = _delivered(znuny, smtp)
    znuny.create(article={"ExcludeNotificationToUserID": [customer]})
    customer_named = _delivered(znuny, smtp)

    assert sorted(excluded) == ["customer1@example.com"]  # agent1 (the queue's) is left out
    assert sorted(muted) == ["customer1@example.com"]
    assert sorted(forced_but_excluded) == ["agent1@example.com", "customer1@example.com"]
    assert sorted(customer_named) == ["agent1@example.com", "customer1@example.com"]


def test_an_update_article_excludes_agents_from_its_reply_notification(
    znuny: Znuny, smtp: tuple[Recorder, SmtpConfig]
) -> None:
    ticket_id = znuny.create()["TicketID"]
    _delivered(znuny, smtp)
    note = {"Subject": "Update", "Body": "Fixed?", "ContentType": "text/plain; charset=utf8"}
    body = {**ROOT, "Article": {**note, "ExcludeMuteNotificationToUserID": [znuny.users["agent1"]]}}

    assert "Error" not in znuny.call("PATCH", f"/Ticket/{ticket_id}", body=body)

    assert sorted(_delivered(znuny, smtp)) == ["customer1@example.com"]
