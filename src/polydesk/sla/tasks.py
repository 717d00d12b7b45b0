"""Periodic work the SLA room owns: the breach check."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from polydesk.jobs.tasks import PeriodicTask
from polydesk.sla.check import check_due

SLA_CHECK_TASK = "sla.check"


def _run(session: Session) -> None:
    check_due(session)


#: Every minute: a warning or breach is reported within a minute of its instant.
SLA_CHECK = PeriodicTask(SLA_CHECK_TASK, timedelta(minutes=1), _run)
