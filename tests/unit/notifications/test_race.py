"""Two workers racing never send one notification twice, and never act on one pending time
twice (run on PostgreSQL too: POLYDESK_TEST_DATABASE_URL)."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from polydesk.catalogs.service import get_catalog_item_by_name
from polydesk.core.actor import SYSTEM
from polydesk.core.clock import frozen
from polydesk.db.engine import make_session_factory
from polydesk.db.uow import unit_of_work
from polydesk.jobs.worker import Worker
from polydesk.models.events import EventRecord
from polydesk.models.jobs import Job, JobStatus, OutgoingMail
from polydesk.runtime import core_job_handlers
from polydesk.tickets.pending import act_on_pending_times
from polydesk.tickets.schemas import TicketUpdate
from polydesk.tickets.service import update_ticket
from tests.factories import make_helpdesk, make_ticket, make_user

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _race(work: Callable[[], None], *, threads: int = 2) -> list[BaseException]:
    errors: list[BaseException] = []
    start = threading.Barrier(threads)

    def run() -> None:
        try:
            start.wait()
            work()
        except BaseException as error:  # reported to the test
            errors.append(error)

    workers = [threading.Thread(target=run) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return errors


def _pending_jobs(factory: sessionmaker[Session]) -> int:
    with factory() as session:
        query = select(func.count()).where(Job.status.in_([JobStatus.PENDING, JobStatus.RUNNING]))
        return session.scalar(query.select_from(Job)) or 0


def test_two_workers_queue_each_notification_once(clean_engine: Engine) -> None:
    factory = make_session_factory(clean_engine)
    with unit_of_work(factory) as session:
        desk = make_helpdesk(session)
        agents = [make_user(session, helpdesks=[desk]).email for _ in range(2)]
    for n in range(10):  # ten transactions, each a new ticket for the desk's two agents
        with unit_of_work(factory) as session:
            make_ticket(session, title=f"T{n}", helpdesk_id=desk.id)

    def drain() -> None:
        worker = Worker(factory, handlers=core_job_handlers(), periodic=())
        deadline = time.monotonic() + 60
        while _pending_jobs(factory) and time.monotonic() < deadline:
            worker.run_due_jobs()

    assert _race(drain) == []
    with factory() as session:
        sent = Counter(session.execute(select(OutgoingMail.ticket_id, OutgoingMail.to_addresses)))
    assert len(sent) == 20 and set(sent.values()) == {1}
    assert {to for _ticket, to in sent} == set(agents)


def test_two_workers_close_each_pending_ticket_once(clean_engine: Engine) -> None:
    factory = make_session_factory(clean_engine)
    with unit_of_work(factory) as session, frozen(T0):
        status = get_catalog_item_by_name(session, "status", "Pending auto close+")
        assert status is not None
        ids = []
        for n in range(6):
            ticket = make_ticket(session, title=f"P{n}")
            update = TicketUpdate(status_id=status.id, pending_until=T0 + timedelta(minutes=n))
            update_ticket(session, SYSTEM, ticket.id, update)
            ids.append(ticket.id)
    with factory() as session:
        before = session.scalar(select(func.max(EventRecord.id))) or 0

    def tick() -> None:
        with frozen(T0 + timedelta(hours=1)), unit_of_work(factory) as session:
            act_on_pending_times(session)

    assert _race(tick) == []
    with factory() as session:
        moved = select(EventRecord.ticket_id).where(
            EventRecord.kind == "ticket.status_moved", EventRecord.id > before
        )
        closed = Counter(session.scalars(moved))
    assert sorted(closed) == ids and set(closed.values()) == {1}
