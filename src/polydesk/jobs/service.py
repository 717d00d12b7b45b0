"""Enqueue jobs (in the caller's transaction, so they exist only if the change commits)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from polydesk.core.clock import utcnow
from polydesk.models.jobs import Job, JobStatus, OutgoingMail, PeriodicRun


def enqueue_job(
    session: Session,
    kind: str,
    payload: dict[str, Any] | None = None,
    *,
    run_at: datetime | None = None,
    max_attempts: int = 5,
) -> Job:
    now = utcnow()
    job = Job(
        kind=kind,
        payload=payload or {},
        status=JobStatus.PENDING,
        run_at=run_at or now,
        max_attempts=max_attempts,
        created_at=now,
    )
    session.add(job)
    return job


def queued_mail_count(session: Session) -> int:
    """Outgoing mails still waiting to be sent."""
    query = select(func.count()).where(OutgoingMail.status == JobStatus.PENDING)
    return session.scalar(query) or 0


def periodic_run_times(session: Session) -> tuple[datetime | None, datetime | None]:
    """When the worker last ran its periodic tasks, and the time before that."""
    query = select(func.max(PeriodicRun.last_started_at), func.max(PeriodicRun.previous_started_at))
    last, previous = session.execute(query).one()
    return last, previous
