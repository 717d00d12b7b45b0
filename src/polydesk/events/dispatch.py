"""The two jobs that carry committed events to their subscribers.

- ``events.dispatch`` (one per transaction that emitted, enqueued by ``emit``): enqueues one
  ``events.deliver`` job per subscriber that wants any of the transaction's events.
- ``events.deliver``: runs that subscriber's handler on those events.

Each job runs exactly once (the worker's claim), and a job's effects commit with its
completion: the deliveries exist once the dispatch is done, and a handler's writes exist once
its delivery is done. A failing handler fails its own delivery job only; the worker retries it
with back-off, the other subscribers are not run again.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from polydesk.events.catalogue import decode
from polydesk.events.registry import Envelope, Subscribers
from polydesk.events.service import DISPATCH_JOB
from polydesk.jobs.service import enqueue_job
from polydesk.jobs.tasks import JobHandler
from polydesk.models.events import EventRecord

DELIVER_JOB = "events.deliver"
log = logging.getLogger(__name__)


def dispatch(session: Session, subscribers: Subscribers, batch: str) -> int:
    """Enqueue the deliveries of one batch; returns how many."""
    query = select(EventRecord.kind).where(EventRecord.batch == batch).distinct()
    wanting = subscribers.interested_in(session.scalars(query))
    for subscriber in wanting:
        enqueue_job(session, DELIVER_JOB, {"batch": batch, "subscriber": subscriber.name})
    return len(wanting)


def deliver(session: Session, subscribers: Subscribers, batch: str, name: str) -> None:
    subscriber = subscribers.get(name)
    if subscriber is None:  # removed since the job was enqueued: nobody to deliver to
        log.warning("dropping batch %s for unknown event subscriber %s", batch, name)
        return
    query = (
        select(EventRecord)
        .where(EventRecord.batch == batch, EventRecord.kind.in_(sorted(subscriber.kinds)))
        .order_by(EventRecord.id)
    )
    envelopes = [_envelope(row) for row in session.scalars(query)]
    if envelopes:
        subscriber.handler(session, envelopes)


def _envelope(row: EventRecord) -> Envelope:
    event = decode(row.kind, row.ticket_id, row.payload)
    return Envelope(row.id, row.actor_id, row.occurred_at, event)


def event_job_handlers(subscribers: Subscribers) -> dict[str, JobHandler]:
    """The worker's handlers of both jobs, bound to ``subscribers``."""

    def run_dispatch(session: Session, payload: dict[str, Any]) -> None:
        dispatch(session, subscribers, str(payload["batch"]))

    def run_deliver(session: Session, payload: dict[str, Any]) -> None:
        deliver(session, subscribers, str(payload["batch"]), str(payload["subscriber"]))

    return {DISPATCH_JOB: run_dispatch, DELIVER_JOB: run_deliver}
