"""Enqueue jobs (in the caller's transaction, so they exist only if the change commits)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from polydesk.core.clock import utcnow
from polydesk.models.jobs import Job, JobStatus


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
