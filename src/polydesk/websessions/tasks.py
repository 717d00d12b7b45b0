"""Periodic work the web sessions room owns: delete sessions past their absolute end."""

from __future__ import annotations

from datetime import timedelta

from polydesk.jobs.tasks import PeriodicTask
from polydesk.websessions.service import purge_expired_web_sessions

#: Hourly; an expired session is refused at once anyway, this only keeps the table small.
PURGE_WEB_SESSIONS = PeriodicTask(
    "websessions.purge_expired", timedelta(hours=1), purge_expired_web_sessions
)
