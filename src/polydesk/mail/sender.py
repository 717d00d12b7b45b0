"""Drain the outgoing-mail outbox over SMTP.

Each mail is claimed in its own short transaction (a conditional UPDATE checked by row count, as
the job worker does, plus ``FOR UPDATE SKIP LOCKED`` on PostgreSQL), sent with no transaction
open, then marked sent or rescheduled. A claim is a lease: a worker that dies mid-send leaves the
row ``running`` until ``LEASE`` passes, then another worker sends it again (at least once beats
never; the stored Message-ID lets receivers drop the duplicate).
"""

from __future__ import annotations

import logging
import re
import smtplib
import ssl
from dataclasses import dataclass, field
from datetime import timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from types import TracebackType

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from polydesk.attachments.service import read_content
from polydesk.attachments.store import FileStore
from polydesk.config import Settings
from polydesk.core.clock import utcnow
from polydesk.db.uow import unit_of_work
from polydesk.mail.service import RESERVED_HEADERS, envelope_addresses
from polydesk.models.attachments import Attachment
from polydesk.models.jobs import JobStatus, OutgoingMail

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
FIRST_RETRY = timedelta(minutes=1)
MAX_RETRY = timedelta(hours=1)
LEASE = timedelta(minutes=15)
#: The server rejected this one mail; the connection is still good for the next.
_MESSAGE_ERRORS = (
    smtplib.SMTPRecipientsRefused,
    smtplib.SMTPSenderRefused,
    smtplib.SMTPDataError,
    smtplib.SMTPNotSupportedError,
)

_TOKEN = re.compile(r"[a-z0-9][a-z0-9!#$&^_.+-]{0,126}")  # RFC 6838 type and subtype names
_CONTAINERS = ("multipart", "message")  # need parts, not bytes: sent as octet-stream instead

AttachmentFile = tuple[str, str, bytes]  # filename, content type, content


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int = 25
    username: str = ""
    password: str = field(default="", repr=False)
    starttls: bool = False
    ssl: bool = False
    timeout: float = 30.0
    helo: str = ""  # empty: smtplib uses this host's FQDN

    @classmethod
    def from_settings(cls, settings: Settings) -> SmtpConfig:
        return cls(
            host=settings.smtp_host,
            port=settings.smtp_port,
            username=settings.smtp_username,
            password=settings.smtp_password.get_secret_value(),
            starttls=settings.smtp_starttls,
            ssl=settings.smtp_ssl,
            timeout=settings.smtp_timeout,
            helo=settings.smtp_helo,
        )

    @property
    def enabled(self) -> bool:
        """No host means sending is off: mail stays queued and nothing fails."""
        return bool(self.host)


class Undeliverable(Exception):
    """The mail can never be sent as queued (e.g. its attachment was deleted): fail it now."""


def retry_delay(attempts: int) -> timedelta:
    """Back-off after the ``attempts``-th failure: 1 min, 2, 4 ... capped at 1 h."""
    delay: timedelta = FIRST_RETRY * 2 ** max(attempts - 1, 0)
    return min(delay, MAX_RETRY)


def build_message(mail: OutgoingMail, attachments: list[AttachmentFile]) -> EmailMessage:
    """The RFC 5322 message for ``mail``; Bcc recipients go in the envelope only."""
    message = EmailMessage()
    message["From"] = mail.from_address
    if mail.to_addresses:
        message["To"] = mail.to_addresses
    elif not mail.cc_addresses:
        message["To"] = "undisclosed-recipients:;"  # Bcc only: say so rather than omit To
    if mail.cc_addresses:
        message["Cc"] = mail.cc_addresses
    message["Subject"] = mail.subject
    message["Date"] = format_datetime(mail.created_at)
    extra = {k: v for k, v in mail.headers.items() if k.lower() not in RESERVED_HEADERS}
    if not any(name.lower() == "message-id" for name in extra):
        message["Message-ID"] = make_msgid(domain="polydesk.localhost")
    for name, value in extra.items():
        message[name] = value
    subtype = "html" if mail.mime_type == "text/html" else "plain"
    message.set_content(mail.body, subtype=subtype, charset="utf-8")
    for filename, content_type, data in attachments:
        maintype, subtype = _content_type(content_type)
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return message


def send_due_mail(
    factory: sessionmaker[Session], store: FileStore, config: SmtpConfig, *, limit: int = 50
) -> int:
    """Send up to ``limit`` due mails over one SMTP connection; returns how many went out.

    A failure that is about the server (unreachable, auth, TLS) ends the run, so a dead server
    costs one attempt of one mail per run, not one time-out per queued mail.
    """
    if not config.enabled:
        return 0
    sent = 0
    with _Connection(config) as smtp:
        for _ in range(limit):
            mail_id = _claim(factory)
            if mail_id is None:
                break
            if _send_one(factory, store, smtp, mail_id):
                sent += 1
            elif smtp.broken:
                break
    return sent


@dataclass(frozen=True)
class _Outgoing:
    message: EmailMessage
    sender: str
    recipients: list[str]


class _Connection:
    """One SMTP session for a drain run, opened on first use."""

    def __init__(self, config: SmtpConfig) -> None:
        self.config = config
        self.client: smtplib.SMTP | None = None
        self.broken = False

    def __enter__(self) -> _Connection:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        client, self.client = self.client, None
        if client is not None:
            try:
                client.quit()
            except (smtplib.SMTPException, OSError):
                client.close()

    def send(self, outgoing: _Outgoing) -> dict[str, tuple[int, bytes]]:
        """Send one message; returns the refused recipients (the others got it)."""
        try:
            if self.client is None:
                self.client = _connect(self.config)
            return self.client.send_message(outgoing.message, outgoing.sender, outgoing.recipients)
        except _MESSAGE_ERRORS:
            raise
        except Exception:
            self.broken = True
            if self.client is not None:
                self.client.close()
                self.client = None
            raise


def _connect(config: SmtpConfig) -> smtplib.SMTP:
    helo = config.helo or None
    client: smtplib.SMTP
    if config.ssl:
        context = ssl.create_default_context()
        client = smtplib.SMTP_SSL(
            config.host, config.port, local_hostname=helo, timeout=config.timeout, context=context
        )
    else:
        client = smtplib.SMTP(config.host, config.port, local_hostname=helo, timeout=config.timeout)
    try:
        if config.starttls and not config.ssl:
            client.starttls(context=ssl.create_default_context())
        if config.username:
            client.login(config.username, config.password)
    except BaseException:
        client.close()
        raise
    return client


def _claim(factory: sessionmaker[Session]) -> int | None:
    """Take the next due mail (or one whose sender's lease ran out); None if there is none."""
    now = utcnow()
    due = (
        OutgoingMail.status.in_((JobStatus.PENDING, JobStatus.RUNNING)),
        OutgoingMail.next_attempt_at <= now,
    )
    with unit_of_work(factory) as session:
        candidates = (
            select(OutgoingMail.id)
            .where(*due)
            .order_by(OutgoingMail.next_attempt_at, OutgoingMail.id)
            .limit(1)
        )
        if session.get_bind().dialect.name == "postgresql":
            candidates = candidates.with_for_update(skip_locked=True)
        mail_id = session.scalars(candidates).first()
        if mail_id is None:
            return None
        claimed = session.execute(
            update(OutgoingMail)
            .where(OutgoingMail.id == mail_id, *due)
            .values(
                status=JobStatus.RUNNING,
                attempts=OutgoingMail.attempts + 1,
                next_attempt_at=now + LEASE,
            )
        )
        return mail_id if claimed.rowcount == 1 else None  # type: ignore[attr-defined]


def _send_one(
    factory: sessionmaker[Session], store: FileStore, smtp: _Connection, mail_id: int
) -> bool:
    try:
        outgoing = _load(factory, store, mail_id)
        refused = smtp.send(outgoing)
    except Exception as exc:
        log.warning("mail %s not sent: %s", mail_id, _describe(exc))
        _record_failure(factory, mail_id, exc)
        return False
    _record_sent(factory, mail_id, refused)
    return True


def _load(factory: sessionmaker[Session], store: FileStore, mail_id: int) -> _Outgoing:
    """Read the mail and its attachment rows, then the bytes with no session open."""
    with factory() as session:
        mail = session.get(OutgoingMail, mail_id)
        if mail is None:
            raise Undeliverable(f"mail {mail_id} was deleted")
        rows = _attachments(session, mail.attachment_ids)
    files = [(row.filename, row.content_type, read_content(store, row)) for row in rows]
    recipients = [
        address
        for addresses in (mail.to_addresses, mail.cc_addresses, mail.bcc_addresses)
        for address in envelope_addresses(addresses)
    ]
    if not recipients:
        raise Undeliverable("the mail has no recipients")
    sender = envelope_addresses(mail.from_address)
    return _Outgoing(
        message=build_message(mail, files),
        sender=sender[0] if sender else "",
        recipients=list(dict.fromkeys(recipients)),
    )


def _attachments(session: Session, ids: list[int]) -> list[Attachment]:
    if not ids:
        return []
    query = select(Attachment).where(Attachment.id.in_(ids))
    rows = {row.id: row for row in session.scalars(query)}
    missing = [attachment_id for attachment_id in ids if attachment_id not in rows]
    if missing:
        raise Undeliverable(f"attachment {missing[0]} no longer exists")
    return [rows[attachment_id] for attachment_id in ids]


def _record_sent(
    factory: sessionmaker[Session], mail_id: int, refused: dict[str, tuple[int, bytes]]
) -> None:
    with unit_of_work(factory) as session:
        mail = session.get(OutgoingMail, mail_id)
        if mail is None:
            return
        mail.status, mail.sent_at = JobStatus.DONE, utcnow()
        mail.last_error = "; ".join(
            f"refused {address}: {code} {reply.decode(errors='replace')}"
            for address, (code, reply) in refused.items()
        )[-4000:]


def _record_failure(factory: sessionmaker[Session], mail_id: int, exc: Exception) -> None:
    with unit_of_work(factory) as session:
        mail = session.get(OutgoingMail, mail_id)
        if mail is None:
            return
        mail.last_error = _describe(exc)[-4000:]
        if isinstance(exc, Undeliverable) or mail.attempts >= MAX_ATTEMPTS:
            mail.status = JobStatus.FAILED
        else:
            mail.status = JobStatus.PENDING
            mail.next_attempt_at = utcnow() + retry_delay(mail.attempts)


def _describe(exc: Exception) -> str:
    """What went wrong, for ``last_error`` and the log (server replies, never credentials)."""
    return f"{type(exc).__name__}: {exc}"


def _content_type(content_type: str) -> tuple[str, str]:
    maintype, _, subtype = content_type.partition(";")[0].strip().lower().partition("/")
    if not (_TOKEN.fullmatch(maintype) and _TOKEN.fullmatch(subtype)) or maintype in _CONTAINERS:
        return "application", "octet-stream"
    return maintype, subtype
