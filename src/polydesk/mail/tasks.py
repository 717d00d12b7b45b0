"""The periodic task the mail room owns: drain the outbox on every worker tick."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session, sessionmaker

from polydesk.attachments.store import FileStore
from polydesk.jobs.tasks import PeriodicTask
from polydesk.mail.sender import SmtpConfig, send_due_mail

MAIL_SEND_TASK = "mail.send"
#: Mails per tick; more wait for the next tick so one burst does not hold up the job queue.
MAIL_BATCH = 200


def mail_send_task(
    factory: sessionmaker[Session], store: FileStore, config: SmtpConfig
) -> PeriodicTask:
    """Due on every tick (``every`` is zero). The worker's session is left unused: each mail is
    claimed and recorded in its own short transaction and sent with none open."""

    def run(_session: Session) -> None:
        send_due_mail(factory, store, config, limit=MAIL_BATCH)

    return PeriodicTask(MAIL_SEND_TASK, timedelta(0), run)
