"""Periodic work the tickets room owns: resume waits whose condition came true; act on
pending times (auto close, reminders)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from polydesk.jobs.tasks import PeriodicTask
from polydesk.tickets.pending import act_on_pending_times
from polydesk.tickets.waiting import resume_due_waits

RESUME_WAITS_TASK = "tickets.resume_waits"


def _run(session: Session) -> None:
    resume_due_waits(session)


#: Every minute: a wait for a date ends within a minute of the date.
RESUME_WAITS = PeriodicTask(RESUME_WAITS_TASK, timedelta(minutes=1), _run)

PENDING_TIMES_TASK = "tickets.pending_times"


def _run_pending(session: Session) -> None:
    act_on_pending_times(session)


#: Every minute, on the same scheduler: a pending time is acted on within a minute.
PENDING_TIMES = PeriodicTask(PENDING_TIMES_TASK, timedelta(minutes=1), _run_pending)
