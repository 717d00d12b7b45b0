"""Dispatch: subscribers run after commit only, each exactly once per event however many
workers race, and a failing subscriber is retried alone."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from datetime import timedelta

from sqlalchemy import Engine, func, select, update
from sqlalchemy.orm import Session, sessionmaker

from polydesk.core.actor import SYSTEM
from polydesk.core.clock import utcnow
from polydesk.db.engine import make_session_factory
from polydesk.db.uow import unit_of_work
from polydesk.events.catalogue import ParticipantAdded, TicketChanged, TicketOpened
from polydesk.events.dispatch import DELIVER_JOB, event_job_handlers
from polydesk.events.registry import Envelope, Handler, Subscribers
from polydesk.events.service import emit
from polydesk.jobs.worker import Worker
from polydesk.models.jobs import Job, JobStatus
from polydesk.models.settings import Setting
from polydesk.tickets.schemas import TicketUpdate
from polydesk.tickets.service import update_ticket
from tests.factories import make_ticket

OPENED, CHANGED = TicketOpened.kind, TicketChanged.kind


def _recorder(name: str) -> tuple[list[int], Handler]:
    """A handler that writes one row per event it gets (a second delivery of an event would
    break the primary key) and remembers the ids."""
    seen: list[int] = []

    def handle(session: Session, envelopes: Sequence[Envelope]) -> None:
        for envelope in envelopes:
            session.add(Setting(key=f"{name}.{envelope.id}", value=envelope.event.kind))
            seen.append(envelope.id)

    return seen, handle


def _worker(factory: sessionmaker[Session], subscribers: Subscribers) -> Worker:
    return Worker(factory, handlers=event_job_handlers(subscribers), periodic=())


def _rows(factory: sessionmaker[Session], prefix: str) -> list[str]:
    with factory() as session:
        keys = session.scalars(select(Setting.key).where(Setting.key.startswith(prefix)))
        return sorted(keys)


def test_subscribers_run_after_commit_only(clean_engine: Engine) -> None:
    factory = make_session_factory(clean_engine)
    subscribers = Subscribers()
    seen, handle = _recorder("notes")
    subscribers.subscribe("notes", [OPENED, CHANGED], handle)
    worker = _worker(factory, subscribers)

    with factory() as session:
        ticket = make_ticket(session, title="Printer")
        update_ticket(session, SYSTEM, ticket.id, TicketUpdate(title="Printer jammed"))
        assert worker.run_due_jobs() == 0  # the change is not committed: nothing to run
        session.commit()

    assert worker.run_due_jobs() == 2  # the dispatch, then one delivery
    assert len(seen) == 2 and _rows(factory, "notes.") == sorted(f"notes.{i}" for i in seen)
    assert worker.run_due_jobs() == 0


def test_each_subscriber_gets_each_event_exactly_once_with_two_workers(
    clean_engine: Engine,
) -> None:
    factory = make_session_factory(clean_engine)
    subscribers = Subscribers()
    first, handle_first = _recorder("first")
    second, handle_second = _recorder("second")
    subscribers.subscribe("first", [OPENED, CHANGED], handle_first)
    subscribers.subscribe("second", [CHANGED], handle_second)
    ticket_ids = []
    for n in range(12):  # twelve transactions: twelve dispatches, then 24 deliveries
        with unit_of_work(factory) as session:
            ticket = make_ticket(session, title=f"T{n}")
            update_ticket(session, SYSTEM, ticket.id, TicketUpdate(title=f"T{n}!"))
            ticket_ids.append(ticket.id)

    errors = _race(factory, subscribers, workers=2)

    assert errors == []
    assert len(first) == 24 and len(set(first)) == 24
    assert len(second) == 12 and len(set(second)) == 12
    assert len(_rows(factory, "first.")) == 24 and len(_rows(factory, "second.")) == 12
    with factory() as session:
        statuses = session.scalars(select(Job.status)).all()
    assert len(statuses) == 36 and set(statuses) == {JobStatus.DONE}


def _race(
    factory: sessionmaker[Session], subscribers: Subscribers, *, workers: int
) -> list[BaseException]:
    """Run ``workers`` workers on threads until no job is pending; their exceptions."""
    errors: list[BaseException] = []
    start = threading.Barrier(workers)

    def drain() -> None:
        worker = _worker(factory, subscribers)
        try:
            start.wait()
            deadline = time.monotonic() + 60
            while _pending(factory) and time.monotonic() < deadline:
                worker.run_due_jobs()  # a lost claim race ends a round early: go again
        except BaseException as error:  # reported to the test
            errors.append(error)

    threads = [threading.Thread(target=drain) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def _pending(factory: sessionmaker[Session]) -> int:
    with factory() as session:
        query = select(func.count()).where(Job.status.in_([JobStatus.PENDING, JobStatus.RUNNING]))
        return session.scalar(query.select_from(Job)) or 0


def test_a_failing_subscriber_is_retried_alone(clean_engine: Engine) -> None:
    factory = make_session_factory(clean_engine)
    subscribers = Subscribers()
    steady, handle_steady = _recorder("steady")
    _, handle_flaky = _recorder("flaky")
    attempts: list[int] = []

    def flaky(session: Session, envelopes: Sequence[Envelope]) -> None:
        handle_flaky(session, envelopes)
        attempts.append(1)
        if len(attempts) == 1:
            raise RuntimeError("mail server down")  # its row above is rolled back with it

    subscribers.subscribe("steady", [OPENED], handle_steady)
    subscribers.subscribe("flaky", [OPENED], flaky)
    with unit_of_work(factory) as session:
        make_ticket(session)
    worker = _worker(factory, subscribers)

    assert worker.run_due_jobs() == 3  # dispatch, two deliveries (one failed)
    assert _rows(factory, "flaky.") == [] and len(steady) == 1
    with unit_of_work(factory) as session:  # skip the back-off
        session.execute(update(Job).where(Job.status == JobStatus.PENDING).values(run_at=utcnow()))
    assert worker.run_due_jobs() == 1

    assert len(attempts) == 2 and len(steady) == 1  # steady was not run again
    assert len(_rows(factory, "flaky.")) == 1 and len(_rows(factory, "steady.")) == 1
    with factory() as session:
        failed_once = session.scalars(select(Job).where(Job.attempts == 2)).one()
    assert failed_once.kind == DELIVER_JOB and "mail server down" in failed_once.last_error


def test_events_nobody_wants_and_unknown_subscribers_are_no_work(clean_engine: Engine) -> None:
    factory = make_session_factory(clean_engine)
    subscribers = Subscribers()
    seen, handle = _recorder("opened")
    subscribers.subscribe("opened", [OPENED], handle)
    with unit_of_work(factory) as session:
        ticket = make_ticket(session)
        emit(session, SYSTEM, ParticipantAdded(ticket_id=ticket.id, user_id=1, role="observer"))
    with unit_of_work(factory) as session:
        emit(session, SYSTEM, ParticipantAdded(ticket_id=ticket.id, user_id=2, role="observer"))

    assert _worker(factory, subscribers).run_due_jobs() == 3  # two dispatches, one delivery
    assert len(seen) == 1
    # A delivery enqueued for a subscriber that is gone by the time it runs is dropped.
    with unit_of_work(factory) as session:
        session.add(Job(kind=DELIVER_JOB, payload={"batch": "x", "subscriber": "gone"},
                        status=JobStatus.PENDING, run_at=utcnow() - timedelta(seconds=1),
                        created_at=utcnow()))  # fmt: skip
    assert _worker(factory, subscribers).run_due_jobs() == 1
    with factory() as session:
        assert set(session.scalars(select(Job.status))) == {JobStatus.DONE}
