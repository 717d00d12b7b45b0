"""Webhooks against a real local HTTP server: signed payloads, retries with back-off while the
receiver is down, exactly one arrival, and two racing workers sending each delivery once."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from polydesk.automation import delivery
from polydesk.automation.delivery import retry_delay, send_due_webhooks
from polydesk.automation.webhooks import WebhookCreate, create_webhook
from polydesk.core.actor import SYSTEM
from polydesk.core.clock import frozen, utcnow
from polydesk.db.engine import make_session_factory
from polydesk.db.uow import unit_of_work
from polydesk.models.automation import DeliveryStatus, WebhookDelivery
from tests.factories import make_ticket
from tests.jobs import run_jobs
from tests.unit.automation.conftest import add_trigger
from tests.unit.automation.receiver import Receiver

SECRET = "s3cret-s3cret-s3cret"


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    running = Receiver(port=0).start()
    yield running
    running.stop()


def _setup(factory: sessionmaker[Session], url: str, tickets: int = 1) -> list[int]:
    """A webhook, a trigger calling it on every new ticket, and ``tickets`` tickets; the worker
    runs the trigger, which writes the deliveries."""
    with unit_of_work(factory) as session:
        hook = create_webhook(session, SYSTEM, WebhookCreate(name="ops", url=url, secret=SECRET))
        add_trigger(
            session, "tell ops", "ticket.opened", [], [{"type": "webhook", "webhook": hook.id}]
        )
        ids = [make_ticket(session, title=f"T{i}").id for i in range(tickets)]
    run_jobs(factory)
    return ids


def _deliveries(factory: sessionmaker[Session]) -> list[WebhookDelivery]:
    with factory() as session:
        return list(session.scalars(select(WebhookDelivery).order_by(WebhookDelivery.id)))


def test_a_signed_payload_arrives_after_commit(db_engine: Engine, receiver: Receiver) -> None:
    factory = make_session_factory(db_engine)
    (ticket_id,) = _setup(factory, receiver.url)
    (row,) = _deliveries(factory)
    assert row.status is DeliveryStatus.PENDING and receiver.requests == []

    assert send_due_webhooks(factory) == 1

    (got,) = receiver.requests
    expected = "sha256=" + hmac.new(SECRET.encode(), got.body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(got.headers["X-Polydesk-Signature"], expected)
    assert got.headers["X-Polydesk-Delivery"] == row.uuid
    assert abs(int(got.headers["X-Polydesk-Timestamp"]) - utcnow().timestamp()) < 60
    payload = json.loads(got.body)
    assert payload["delivery_id"] == row.uuid and payload["event"] == "ticket.opened"
    assert payload["ticket"]["id"] == ticket_id and payload["trigger"]["name"] == "tell ops"
    (sent,) = _deliveries(factory)
    assert (sent.status, sent.response_status, sent.attempts) == (DeliveryStatus.SENT, 204, 1)
    assert send_due_webhooks(factory) == 0  # never twice


def test_retried_with_back_off_while_down_then_arrives_once(
    db_engine: Engine, receiver: Receiver
) -> None:
    factory = make_session_factory(db_engine)
    receiver.stop()  # down: connection refused
    _setup(factory, receiver.url)
    start = utcnow()

    with frozen(start):
        assert send_due_webhooks(factory, timeout=2) == 0
    (row,) = _deliveries(factory)
    assert (row.status, row.attempts) == (DeliveryStatus.PENDING, 1)
    assert row.next_attempt_at == start + retry_delay(1) and "Error" in row.last_error

    with frozen(start + timedelta(seconds=10)):  # not due yet: no attempt
        assert send_due_webhooks(factory, timeout=2) == 0
    assert _deliveries(factory)[0].attempts == 1

    second = start + retry_delay(1)
    with frozen(second):
        assert send_due_webhooks(factory, timeout=2) == 0
    (row,) = _deliveries(factory)
    assert row.attempts == 2 and row.next_attempt_at == second + retry_delay(2)
    assert retry_delay(2) == 2 * retry_delay(1)

    receiver.start()  # back, on the same port
    with frozen(second + retry_delay(2)):
        assert send_due_webhooks(factory) == 1
        assert send_due_webhooks(factory) == 0
    assert len(receiver.requests) == 1
    (row,) = _deliveries(factory)
    assert (row.status, row.attempts) == (DeliveryStatus.SENT, 3)


def test_a_receiver_error_is_retried_and_gives_up_after_max_attempts(
    db_engine: Engine, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(delivery, "MAX_ATTEMPTS", 2)
    factory = make_session_factory(db_engine)
    receiver.status = 500
    _setup(factory, receiver.url)

    at = utcnow()
    for _ in range(3):
        with frozen(at):
            send_due_webhooks(factory)
        at += timedelta(hours=2)

    (row,) = _deliveries(factory)
    assert (row.status, row.attempts, row.response_status) == (DeliveryStatus.FAILED, 2, 500)
    assert row.last_error == "HTTP 500" and len(receiver.requests) == 2


def test_two_workers_racing_send_each_delivery_once(
    clean_engine: Engine, receiver: Receiver
) -> None:
    factory = make_session_factory(clean_engine)
    receiver.delay = 0.02
    _setup(factory, receiver.url, tickets=12)
    assert len(_deliveries(factory)) == 12

    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def work() -> None:
        try:
            barrier.wait()
            send_due_webhooks(factory)
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    uuids = [r.headers["X-Polydesk-Delivery"] for r in receiver.requests]
    assert len(uuids) == 12 and len(set(uuids)) == 12
    assert {d.status for d in _deliveries(factory)} == {DeliveryStatus.SENT}
