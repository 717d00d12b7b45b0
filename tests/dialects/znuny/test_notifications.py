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
