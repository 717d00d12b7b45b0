"""Job handlers and periodic tasks the core owns. Other rooms register theirs the same way."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import delete
from sqlalchemy.orm import Session

from polydesk.core.clock import utcnow
from polydesk.models.credentials import AuthSession, OAuthToken
from polydesk.models.jobs import Job, JobStatus
from polydesk.models.password_resets import PasswordResetToken

JobHandler = Callable[[Session, dict[str, Any]], None]


@dataclass(frozen=True)
class PeriodicTask:
    name: str
    every: timedelta
    run: Callable[[Session], None]


#: Remove stored files whose rows were deleted; its handler needs the file store, so the
#: runtime registers it (``Runtime.job_handlers``).
FILES_DELETE_JOB = "files.delete"

FINISHED_JOB_RETENTION = timedelta(days=7)


def purge_finished_jobs(session: Session) -> None:
    cutoff = utcnow() - FINISHED_JOB_RETENTION
    session.execute(delete(Job).where(Job.status == JobStatus.DONE, Job.finished_at < cutoff))


def purge_expired_credentials(session: Session) -> None:
    now = utcnow()
    session.execute(delete(AuthSession).where(AuthSession.expires_at < now))
    session.execute(delete(OAuthToken).where(OAuthToken.expires_at < now))
    # used or replaced links expire too: every link row goes once its time is up
    session.execute(delete(PasswordResetToken).where(PasswordResetToken.expires_at < now))


#: kind -> handler; a job whose kind has no handler fails with a clear error.
JOB_HANDLERS: dict[str, JobHandler] = {}

PERIODIC_TASKS: tuple[PeriodicTask, ...] = (
    PeriodicTask("jobs.purge_finished", timedelta(hours=1), purge_finished_jobs),
    PeriodicTask("credentials.purge_expired", timedelta(hours=1), purge_expired_credentials),
)
