"""The outbox drain against a real SMTP server: delivered once, retried with back-off."""

from __future__ import annotations

import hashlib
import threading
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from polydesk.core.clock import utcnow
from polydesk.db.uow import unit_of_work
from polydesk.jobs.worker import Worker
from polydesk.mail.sender import MAX_ATTEMPTS, SmtpConfig, retry_delay, send_due_mail
from polydesk.mail.service import queue_mail
from polydesk.mail.tasks import MAIL_SEND_TASK
from polydesk.models.attachments import Attachment
from polydesk.models.jobs import JobStatus, OutgoingMail
from polydesk.runtime import Runtime
from tests.unit.mail.smtp_server import Recorder, free_port

Server = tuple[Recorder, SmtpConfig]
PDF = bytes(range(256)) * 40  # every byte value, well past one base64 line


def _queue(factory: sessionmaker[Session], **overrides: Any) -> int:
    fields: dict[str, Any] = {
        "from_address": "Help Desk <desk@example.com>",
        "to": ["Ann <ann@example.com>"],
        "subject": "Ticket 42",
        "body": "Hello",
    }
    with unit_of_work(factory) as session:
        return queue_mail(session, **(fields | overrides)).id


def _stored_attachment(runtime: Runtime, filename: str, content_type: str, data: bytes) -> int:
    with unit_of_work(runtime.factory) as session:
        row = Attachment(
            filename=filename, content_type=content_type, size=len(data),
            sha256=hashlib.sha256(data).hexdigest(), storage_key=runtime.store.put(data),
            created_at=utcnow(),
        )  # fmt: skip
        session.add(row)
        session.flush()
        return row.id


def _mail(factory: sessionmaker[Session], mail_id: int) -> OutgoingMail:
    with factory() as session:
        mail = session.get(OutgoingMail, mail_id)
        assert mail is not None
        return mail


def test_queued_mail_is_delivered_with_envelope_headers_and_attachment(
    runtime: Runtime, smtp_server: Server
) -> None:
    recorder, config = smtp_server
    attachment_id = _stored_attachment(runtime, "Bericht ü.pdf", "application/pdf", PDF)
    mail_id = _queue(
        runtime.factory,
        to=["Ann <ann@example.com>"],
        cc=["Zoë Ünal <zoe@example.com>"],
        bcc=["audit@example.com"],
        subject="Grüße zu Ticket 42 ✓",
        body="<p>Schöne Grüße — 你好</p>",
        mime_type="text/html",
        headers={"In-Reply-To": "<parent@example.com>"},
        attachment_ids=[attachment_id],
    )
    assert send_due_mail(runtime.factory, runtime.store, config) == 1

    [envelope] = recorder.envelopes
    assert envelope.mail_from == "desk@example.com"
    assert envelope.rcpt_tos == ["ann@example.com", "zoe@example.com", "audit@example.com"]
    [message] = recorder.messages()
    assert "Bcc" not in message and "audit@example.com" not in envelope.content.decode()
    assert str(message["To"]) == "Ann <ann@example.com>"
    assert str(message["Cc"]) == "Zoë Ünal <zoe@example.com>"
    assert str(message["Subject"]) == "Grüße zu Ticket 42 ✓"
    assert message["In-Reply-To"] == "<parent@example.com>"
    assert message["Date"] is not None
    mail = _mail(runtime.factory, mail_id)
    assert message["Message-ID"] == mail.headers["Message-ID"]
    body = message.get_body(("html", "plain"))
    assert body is not None and body.get_content_type() == "text/html"
    assert body.get_content().rstrip("\r\n") == "<p>Schöne Grüße — 你好</p>"
    [part] = list(message.iter_attachments())
    assert part.get_content_type() == "application/pdf"
    assert part.get_filename() == "Bericht ü.pdf"
    assert part.get_content() == PDF
    assert mail.status is JobStatus.DONE and mail.attempts == 1 and mail.sent_at is not None


def test_a_mail_is_sent_once_even_if_the_drain_runs_twice(
    runtime: Runtime, smtp_server: Server
) -> None:
    recorder, config = smtp_server
    _queue(runtime.factory)
    assert send_due_mail(runtime.factory, runtime.store, config) == 1
    assert send_due_mail(runtime.factory, runtime.store, config) == 0
    assert len(recorder.envelopes) == 1


@pytest.mark.usefixtures("clean_engine")  # three threads with transactions in flight at once
def test_concurrent_drains_never_send_the_same_mail(runtime: Runtime, smtp_server: Server) -> None:
    recorder, config = smtp_server
    for n in range(8):
        _queue(runtime.factory, to=[f"user{n}@example.com"])
    counts: list[int] = []

    def drain() -> None:
        counts.append(send_due_mail(runtime.factory, runtime.store, config, limit=8))

    threads = [threading.Thread(target=drain) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    while (more := send_due_mail(runtime.factory, runtime.store, config)) > 0:
        counts.append(more)  # a drain that lost a claim race stops early; finish the rest
    recipients = sorted(envelope.rcpt_tos[0] for envelope in recorder.envelopes)
    assert recipients == sorted(f"user{n}@example.com" for n in range(8))
    assert sum(counts) == 8


def test_an_unreachable_server_leaves_the_mail_pending_with_back_off(runtime: Runtime) -> None:
    first, second = _queue(runtime.factory), _queue(runtime.factory)
    closed = SmtpConfig(host="127.0.0.1", port=free_port(), timeout=5, helo="test")
    before = utcnow()
    assert send_due_mail(runtime.factory, runtime.store, closed) == 0
    mail = _mail(runtime.factory, first)
    assert mail.status is JobStatus.PENDING and mail.attempts == 1 and mail.sent_at is None
    assert "refused" in mail.last_error.lower()
    assert before + timedelta(seconds=50) < mail.next_attempt_at <= utcnow() + timedelta(minutes=1)
    assert _mail(runtime.factory, second).attempts == 0  # a dead server ends the run


def test_the_last_attempt_marks_the_mail_failed(runtime: Runtime) -> None:
    mail_id = _queue(runtime.factory)
    with unit_of_work(runtime.factory) as session:
        session.execute(
            update(OutgoingMail).where(OutgoingMail.id == mail_id).values(attempts=MAX_ATTEMPTS - 1)
        )
    closed = SmtpConfig(host="127.0.0.1", port=free_port(), timeout=5, helo="test")
    assert send_due_mail(runtime.factory, runtime.store, closed) == 0
    mail = _mail(runtime.factory, mail_id)
    assert mail.status is JobStatus.FAILED and mail.attempts == MAX_ATTEMPTS


def test_back_off_doubles_from_one_minute_up_to_one_hour() -> None:
    minutes = [retry_delay(n) / timedelta(minutes=1) for n in range(1, 9)]
    assert minutes == [1, 2, 4, 8, 16, 32, 60, 60]


def test_a_deleted_attachment_fails_the_mail_without_retrying(
    runtime: Runtime, smtp_server: Server
) -> None:
    recorder, config = smtp_server
    attachment_id = _stored_attachment(runtime, "a.txt", "text/plain", b"a")
    mail_id = _queue(runtime.factory, attachment_ids=[attachment_id])
    with unit_of_work(runtime.factory) as session:
        session.delete(session.get(Attachment, attachment_id))
    assert send_due_mail(runtime.factory, runtime.store, config) == 0
    mail = _mail(runtime.factory, mail_id)
    assert mail.status is JobStatus.FAILED and f"attachment {attachment_id}" in mail.last_error
    assert recorder.envelopes == []


def test_smtp_disabled_sends_nothing_and_fails_nothing(
    runtime: Runtime, smtp_server: Server
) -> None:
    recorder, config = smtp_server
    mail_id = _queue(runtime.factory)
    assert send_due_mail(runtime.factory, runtime.store, replace(config, host="")) == 0
    assert MAIL_SEND_TASK not in [task.name for task in runtime.periodic_tasks()]
    Worker(runtime.factory, handlers={}, periodic=runtime.periodic_tasks()).tick()
    mail = _mail(runtime.factory, mail_id)
    assert mail.status is JobStatus.PENDING and mail.attempts == 0 and mail.last_error == ""
    assert recorder.envelopes == []


def test_the_worker_tick_drains_mail_when_smtp_is_configured(
    runtime: Runtime, smtp_server: Server
) -> None:
    recorder, config = smtp_server
    settings = runtime.settings.model_copy(
        update={"smtp_host": config.host, "smtp_port": config.port, "smtp_helo": "test"}
    )
    configured = replace(runtime, settings=settings)
    worker = Worker(configured.factory, handlers={}, periodic=configured.periodic_tasks())
    _queue(configured.factory)
    assert MAIL_SEND_TASK in worker.tick()
    _queue(configured.factory, to=["second@example.com"])
    assert MAIL_SEND_TASK in worker.tick()  # due on every tick
    assert [envelope.rcpt_tos for envelope in recorder.envelopes] == [
        ["ann@example.com"],
        ["second@example.com"],
    ]
    with configured.factory() as session:
        statuses = session.scalars(select(OutgoingMail.status)).all()
    assert statuses == [JobStatus.DONE, JobStatus.DONE]
