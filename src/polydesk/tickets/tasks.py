"""Periodic work the tickets room owns: resume waits whose condition came true."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from polydesk.jobs.tasks import PeriodicTask
from polydesk.tickets.waiting import resume_due_waits

RESUME_WAITS_TASK = "tickets.resume_waits"


def _run(session: Session) -> None:
    resume_due_waits(session)


#: Every minute: a wait for a date ends within a minute of the date.
RESUME_WAITS = PeriodicTask(RESUME_WAITS_TASK, timedelta(minutes=1), _run)
