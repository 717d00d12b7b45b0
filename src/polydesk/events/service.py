"""Record domain events in the caller's transaction, and read them back.

``emit`` is cheap on purpose (request handlers emit several events): it adds one row, and
the first event of a transaction also adds the one ``events.dispatch`` job that hands the
transaction's events to their subscribers once it has committed. Both are plain inserts
flushed with the rest of the change, so a rolled-back change leaves neither.
"""

from __future__ import annotations

from uuid import uuid4

from sqlalchemy import select
from sqlalchemy.orm import Session

from polydesk.core.actor import Actor
from polydesk.core.clock import utcnow
from polydesk.events.catalogue import DomainEvent
from polydesk.jobs.service import enqueue_job
from polydesk.models.events import EventRecord
from polydesk.models.jobs import Job

DISPATCH_JOB = "events.dispatch"
#: Most events listed for one ticket.
MAX_LISTED = 1000
_BATCH_KEY = "polydesk.events.batch"


def emit(session: Session, actor: Actor, event: DomainEvent) -> EventRecord:
    record = EventRecord(
        batch=_batch(session),
        kind=event.kind,
        ticket_id=event.ticket_id,
        actor_id=actor.user_id,
        payload=event.payload(),
        occurred_at=utcnow(),
    )
    session.add(record)
    return record


def _batch(session: Session) -> str:
    """The batch of the session's current transaction, with its dispatch job.

    Remembered in ``session.info`` with the transaction and the job: a new transaction, or a
    rolled-back savepoint that took the job with it (the job is no longer in the session),
    starts a new batch."""
    transaction = session.get_transaction() or session.begin()
    known: tuple[object, Job, str] | None = session.info.get(_BATCH_KEY)
    if known is not None and known[0] is transaction and known[1] in session:
        return known[2]
    batch = uuid4().hex
    job = enqueue_job(session, DISPATCH_JOB, {"batch": batch})
    session.info[_BATCH_KEY] = (transaction, job, batch)
    return batch


def ticket_events(session: Session, ticket_id: int) -> list[EventRecord]:
    """The ticket's recorded events, oldest first (at most ``MAX_LISTED``)."""
    query = select(EventRecord).where(EventRecord.ticket_id == ticket_id)
    return list(session.scalars(query.order_by(EventRecord.id).limit(MAX_LISTED)))
