"""Running the worker in tests, as ``polydesk worker`` would: every job due now, with the
core's handlers (domain events included), until none is due."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from polydesk.db.engine import make_session_factory
from polydesk.jobs.worker import Worker
from polydesk.runtime import core_job_handlers


def run_jobs(factory: sessionmaker[Session]) -> int:
    """Run the due jobs (dispatches and the deliveries they enqueue); returns how many ran."""
    return Worker(factory, handlers=core_job_handlers(), periodic=()).run_due_jobs()


def commit_and_run_jobs(session: Session) -> int:
    """Commit the test's session, then run the jobs its changes enqueued (subscribers run
    after commit only)."""
    session.commit()
    return run_jobs(make_session_factory(session.get_bind().engine))
