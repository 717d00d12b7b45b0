"""The worker: claims due jobs and runs them, and runs periodic tasks when they are due.

Claiming is a conditional UPDATE (``status = pending`` and due) checked by row count, so two
workers, in one process or many, never run the same job; on PostgreSQL candidates are picked
with ``FOR UPDATE SKIP LOCKED`` so workers do not queue behind each other.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import traceback
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from polydesk.core.clock import utcnow
from polydesk.db.uow import unit_of_work
from polydesk.jobs.tasks import JOB_HANDLERS, PERIODIC_TASKS, JobHandler, PeriodicTask
from polydesk.models.jobs import Job, JobStatus, PeriodicRun

log = logging.getLogger(__name__)
LEASE = timedelta(minutes=5)


class Worker:
    def __init__(
        self,
        factory: sessionmaker[Session],
        *,
        handlers: Mapping[str, JobHandler] = JOB_HANDLERS,
        periodic: Sequence[PeriodicTask] = PERIODIC_TASKS,
    ) -> None:
        self.factory = factory
        self.handlers = handlers
        self.periodic = periodic
        self.name = f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"

    def run_due_jobs(self, limit: int = 100) -> int:
        """Run up to ``limit`` due jobs; returns how many ran."""
        ran = 0
        while ran < limit:
            job_id = self._claim()
            if job_id is None:
                break
            self._run(job_id)
            ran += 1
        return ran

    def tick(self) -> list[str]:
        """Run the periodic tasks that are due; returns their names."""
        return [task.name for task in self.periodic if self._run_periodic(task)]

    def loop(self, stop: threading.Event, poll_seconds: float, tick_seconds: float) -> None:
        next_tick = 0.0
        while not stop.is_set():
            try:
                if time.monotonic() >= next_tick:
                    self.tick()
                    next_tick = time.monotonic() + tick_seconds
                if self.run_due_jobs() == 0:
                    stop.wait(poll_seconds)
            except Exception:  # keep the worker alive; the failure is logged
                log.exception("worker iteration failed")
                stop.wait(poll_seconds)

    def _claim(self) -> int | None:
        now = utcnow()
        with unit_of_work(self.factory) as session:
            claimable = _claimable(now)
            candidates = select(Job.id).where(claimable).order_by(Job.run_at, Job.id).limit(1)
            if session.get_bind().dialect.name == "postgresql":
                candidates = candidates.with_for_update(skip_locked=True)
            job_id = session.scalars(candidates).first()
            if job_id is None:
                return None
            claimed = session.execute(
                update(Job)
                .where(Job.id == job_id, claimable)
                .values(
                    status=JobStatus.RUNNING,
                    locked_by=self.name,
                    locked_until=now + LEASE,
                    attempts=Job.attempts + 1,
                )
            )
            return job_id if claimed.rowcount == 1 else None  # type: ignore[attr-defined]

    def _run(self, job_id: int) -> None:
        try:
            with unit_of_work(self.factory) as session:
                job = session.get(Job, job_id)
                assert job is not None
                handler = self.handlers.get(job.kind)
                if handler is None:
                    raise LookupError(f"no handler for job kind {job.kind!r}")
                handler(session, job.payload)
                job.status, job.finished_at = JobStatus.DONE, utcnow()
        except Exception:
            self._record_failure(job_id, traceback.format_exc(limit=5))

    def _record_failure(self, job_id: int, error: str) -> None:
        with unit_of_work(self.factory) as session:
            job = session.get(Job, job_id)
            if job is None:
                return
            job.last_error = error[-4000:]
            if job.attempts >= job.max_attempts:
                job.status, job.finished_at = JobStatus.FAILED, utcnow()
            else:  # exponential back-off: 30 s, 1 min, 2 min ...
                job.status = JobStatus.PENDING
                job.run_at = utcnow() + timedelta(seconds=30 * 2 ** (job.attempts - 1))

    def _run_periodic(self, task: PeriodicTask) -> bool:
        now = utcnow()
        with unit_of_work(self.factory) as session:
            record = session.get(PeriodicRun, task.name)
            if record is None:
                record = PeriodicRun(name=task.name)
                session.add(record)
            elif record.last_started_at is not None and record.last_started_at + task.every > now:
                return False
            record.previous_started_at = record.last_started_at
            record.last_started_at = now
        status, error = "ok", ""
        try:
            with unit_of_work(self.factory) as session:
                task.run(session)
        except Exception:
            status, error = "failed", traceback.format_exc(limit=5)
            log.exception("periodic task %s failed", task.name)
        with unit_of_work(self.factory) as session:
            record = session.get(PeriodicRun, task.name)
            assert record is not None
            record.last_finished_at, record.last_status, record.last_error = utcnow(), status, error
        return True


def _claimable(now: datetime) -> ColumnElement[bool]:
    """Due pending jobs, and jobs whose worker died while running them (lease expired): a
    killed process must not strand a job. A job whose handler outlives its lease may run twice,
    so handlers stay short (LEASE) and their effects commit with the job's completion."""
    due = and_(Job.status == JobStatus.PENDING, Job.run_at <= now)
    stranded = and_(Job.status == JobStatus.RUNNING, Job.locked_until < now)
    return or_(due, stranded)


def start_embedded(
    factory: sessionmaker[Session],
    poll_seconds: float,
    tick_seconds: float,
    handlers: Mapping[str, JobHandler] = JOB_HANDLERS,
    periodic: Sequence[PeriodicTask] = PERIODIC_TASKS,
) -> tuple[threading.Thread, threading.Event]:
    """Run a worker on a daemon thread inside ``polydesk serve``."""
    stop = threading.Event()
    worker = Worker(factory, handlers=handlers, periodic=periodic)
    thread = threading.Thread(
        target=worker.loop,
        args=(stop, poll_seconds, tick_seconds),
        name="polydesk-worker",
        daemon=True,
    )
    thread.start()
    return thread, stop
