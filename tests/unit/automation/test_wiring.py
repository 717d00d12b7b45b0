"""The run time wires the engine: the worker's periodic tasks scan time triggers and send
webhooks, and its job handlers carry events to the trigger subscriber."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from polydesk.automation.delivery import WEBHOOK_SEND_TASK
from polydesk.automation.engine import SUBSCRIBER
from polydesk.automation.timed import TIME_TRIGGERS_TASK
from polydesk.automation.webhooks import WebhookCreate, create_webhook
from polydesk.core.actor import SYSTEM
from polydesk.core.clock import frozen
from polydesk.db.uow import unit_of_work
from polydesk.jobs.worker import Worker
from polydesk.runtime import Runtime, event_subscribers
from tests.factories import make_ticket
from tests.unit.automation.conftest import add_trigger
from tests.unit.automation.receiver import Receiver

T0 = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    running = Receiver(port=0).start()
    yield running
    running.stop()


def test_one_worker_tick_fires_a_time_trigger_and_sends_its_webhook(
    runtime: Runtime, receiver: Receiver
) -> None:
    assert event_subscribers().get(SUBSCRIBER) is not None
    names = [task.name for task in runtime.periodic_tasks()]
    assert names.index(TIME_TRIGGERS_TASK) < names.index(WEBHOOK_SEND_TASK)
    with frozen(T0), unit_of_work(runtime.factory) as session:
        hook = create_webhook(
            session, SYSTEM, WebhookCreate(name="w", url=receiver.url, secret="k" * 16)
        )
        add_trigger(
            session, "stale", "time",
            [{"field": "created_at", "op": "older_than", "value": "1h"}],
            [{"type": "webhook", "webhook": hook.id}],
        )  # fmt: skip
        ticket_id = make_ticket(session, title="old").id

    worker = Worker(
        runtime.factory, handlers=runtime.job_handlers(), periodic=runtime.periodic_tasks()
    )
    with frozen(T0 + timedelta(hours=2)):
        worker.tick()
        worker.run_due_jobs()  # the trigger.ran event's deliveries: nothing fires again

    (got,) = receiver.requests
    assert json.loads(got.body)["ticket"]["id"] == ticket_id
    assert json.loads(got.body)["event"] == "time"
