"""Worker: jobs run once, failures retry with back-off, periodic tasks record their runs."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from polydesk.core.clock import utcnow
from polydesk.db.engine import make_session_factory
from polydesk.jobs.service import enqueue_job
from polydesk.jobs.tasks import PeriodicTask
from polydesk.jobs.worker import Worker
from polydesk.models.jobs import Job, JobStatus, PeriodicRun


def test_jobs_run_once_and_failures_retry(clean_engine: Engine) -> None:
    factory = make_session_factory(clean_engine)
    seen: list[dict[str, Any]] = []

    def boom(_session: Session, _payload: dict[str, Any]) -> None:
        raise RuntimeError("smtp down")

    with factory() as session, session.begin():
        enqueue_job(session, "record", {"n": 1})
        enqueue_job(session, "boom", {}, max_attempts=2)
        enqueue_job(session, "nobody-handles-this", {}, max_attempts=1)
    worker = Worker(
        factory, handlers={"record": lambda _s, p: seen.append(p), "boom": boom}, periodic=()
    )
    assert worker.run_due_jobs() == 3
    assert worker.run_due_jobs() == 0  # boom is backing off, nothing else is due
    assert seen == [{"n": 1}]
    with factory() as session:
        jobs = {job.kind: job for job in session.scalars(select(Job))}
    assert jobs["record"].status is JobStatus.DONE
    assert jobs["boom"].status is JobStatus.PENDING and "smtp down" in jobs["boom"].last_error
    assert jobs["nobody-handles-this"].status is JobStatus.FAILED


def test_periodic_tasks_run_when_due_and_record_the_run(clean_engine: Engine) -> None:
    factory = make_session_factory(clean_engine)
    runs: list[int] = []
    task = PeriodicTask("test.count", timedelta(hours=1), lambda _s: runs.append(1))
    worker = Worker(factory, handlers={}, periodic=(task,))
    assert worker.tick() == ["test.count"]
    assert worker.tick() == []  # not due again for an hour
    with factory() as session:
        record = session.get(PeriodicRun, "test.count")
    assert runs == [1] and record is not None and record.last_status == "ok"
    assert record.last_finished_at is not None


def test_a_job_stranded_by_a_dead_worker_runs_again_after_its_lease(clean_engine: Engine) -> None:
    factory = make_session_factory(clean_engine)
    seen: list[dict[str, Any]] = []
    with factory() as session, session.begin():
        job = enqueue_job(session, "record", {"n": 1})
        job.status, job.locked_by, job.attempts = JobStatus.RUNNING, "dead-host:1:1", 1
        job.locked_until = utcnow() + timedelta(seconds=30)  # its worker may still be alive
    worker = Worker(factory, handlers={"record": lambda _s, p: seen.append(p)}, periodic=())
    assert worker.run_due_jobs() == 0

    with factory() as session, session.begin():
        stranded = session.scalars(select(Job)).one()
        stranded.locked_until = utcnow() - timedelta(seconds=1)  # the lease ran out
    assert worker.run_due_jobs() == 1
    assert seen == [{"n": 1}]
    with factory() as session:
        done = session.scalars(select(Job)).one()
    assert (done.status, done.attempts, done.locked_by) == (JobStatus.DONE, 2, worker.name)
