"""Periodic work the credentials room owns: forget old failed-login counters."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from polydesk.credentials.throttle import sweep
from polydesk.jobs.tasks import PeriodicTask


def _run(session: Session) -> None:
    sweep(session)


#: Hourly: counters past the throttle window (and any lock) are deleted, so the table holds
#: only recent failures.
SWEEP_LOGIN_THROTTLES = PeriodicTask("credentials.sweep_login_throttles", timedelta(hours=1), _run)
