"""What every edge needs at run time: settings, engine, session factory, file store."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from polydesk.approvals.tasks import EXPIRE_TASK
from polydesk.attachments.service import delete_files_handler
from polydesk.attachments.store import FileStore, LocalFileStore
from polydesk.automation.delivery import webhook_send_task
from polydesk.automation.engine import SUBSCRIBED_KINDS, SUBSCRIBER, handle_events
from polydesk.automation.timed import TIME_TRIGGERS
from polydesk.config import Settings
from polydesk.credentials.tasks import SWEEP_LOGIN_THROTTLES
from polydesk.db import Session
from polydesk.db.engine import make_engine, make_session_factory
from polydesk.events.dispatch import event_job_handlers
from polydesk.events.registry import Subscribers
from polydesk.flows.commands import Resources
from polydesk.jobs.tasks import (
    FILES_DELETE_JOB,
    JOB_HANDLERS,
    PERIODIC_TASKS,
    JobHandler,
    PeriodicTask,
)
from polydesk.mail.notifications import CC_NOTICE_KINDS, CC_NOTICES, send_cc_notices
from polydesk.mail.sender import SmtpConfig
from polydesk.mail.tasks import mail_send_task
from polydesk.notifications.subscriber import NOTIFICATIONS, NOTIFIED_KINDS, send_notifications
from polydesk.sla.tasks import SLA_CHECK
from polydesk.tickets.tasks import PENDING_TIMES, RESUME_WAITS
from polydesk.websessions.tasks import PURGE_WEB_SESSIONS

#: Periodic tasks of rooms that sit above the jobs room (so ``jobs.tasks`` cannot list them).
LIFECYCLE_TASKS: tuple[PeriodicTask, ...] = (
    RESUME_WAITS, PENDING_TIMES, EXPIRE_TASK, SWEEP_LOGIN_THROTTLES, TIME_TRIGGERS, SLA_CHECK,
    PURGE_WEB_SESSIONS,
)  # fmt: skip


def event_subscribers() -> Subscribers:
    """Every subscriber of the core's domain events (docs/events.md). Built here, where the
    worker is wired, so who subscribes never depends on what the emitting process imported."""
    subscribers = Subscribers()
    subscribers.subscribe(CC_NOTICES, CC_NOTICE_KINDS, send_cc_notices)
    subscribers.subscribe(SUBSCRIBER, SUBSCRIBED_KINDS, handle_events)
    subscribers.subscribe(NOTIFICATIONS, NOTIFIED_KINDS, send_notifications)
    return subscribers


def core_job_handlers() -> dict[str, JobHandler]:
    """The job handlers that need no run-time resource: the jobs room's own and the two that
    carry domain events to their subscribers."""
    return {**JOB_HANDLERS, **event_job_handlers(event_subscribers())}


@dataclass
class Runtime:
    settings: Settings
    engine: Engine
    factory: sessionmaker[Session]
    store: FileStore

    @classmethod
    def from_settings(cls, settings: Settings) -> Runtime:
        engine = make_engine(settings.effective_database_url)
        return cls(
            settings=settings,
            engine=engine,
            factory=make_session_factory(engine),
            store=LocalFileStore(settings.attachments_dir),
        )

    @property
    def resources(self) -> Resources:
        """What the core's use cases need of the run time (``polydesk.flows``)."""
        return Resources(self.store, self.settings.max_upload_bytes, self.settings.mail_from)

    def job_handlers(self) -> dict[str, JobHandler]:
        """The core's job handlers plus those that need run-time resources."""
        return {**core_job_handlers(), FILES_DELETE_JOB: delete_files_handler(self.store)}

    def periodic_tasks(self) -> tuple[PeriodicTask, ...]:
        """The core's periodic tasks, the life-cycle ones, and those that need run-time resources
        (webhooks: the session factory; mail: SMTP set)."""
        smtp = SmtpConfig.from_settings(self.settings)
        tasks = (*PERIODIC_TASKS, *LIFECYCLE_TASKS, webhook_send_task(self.factory))
        if not smtp.enabled:
            return tasks
        return (*tasks, mail_send_task(self.factory, self.store, smtp))
