"""The SMTP listener: RCPT TO is checked against the mailboxes (550 for an address none
receives for), DATA goes through the pipeline in its own transaction (250 delivered or a
duplicate, 554 refused for good, 451 temporary trouble: the sending MTA retries)."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope
from aiosmtpd.smtp import Session as SmtpSession
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from polydesk.core.errors import DomainError, ErrorKind
from polydesk.db.uow import unit_of_work
from polydesk.flows.commands import Resources
from polydesk.mailin.intake import deliver_raw
from polydesk.mailin.service import mailbox_for_address

log = logging.getLogger(__name__)


class MailHandler:
    """aiosmtpd's handler; the database work runs in a thread so the loop keeps serving."""

    def __init__(
        self, factory: sessionmaker[Session], resources: Resources, max_bytes: int
    ) -> None:
        self.factory = factory
        self.resources = resources
        self.max_bytes = max_bytes

    async def handle_RCPT(  # noqa: N802  (aiosmtpd's hook name)
        self, server: SMTP, session: SmtpSession, envelope: Envelope, address: str,
        rcpt_options: list[str],
    ) -> str:  # fmt: skip
        try:
            known = await asyncio.get_running_loop().run_in_executor(None, self._known, address)
        except SQLAlchemyError:
            return "451 4.3.0 temporary trouble, try again later"
        if not known:
            return "550 5.1.1 no mailbox receives for this address"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(  # noqa: N802  (aiosmtpd's hook name)
        self, server: SMTP, session: SmtpSession, envelope: Envelope
    ) -> str:
        raw = envelope.original_content or envelope.content or b""
        data = raw if isinstance(raw, bytes) else raw.encode("utf-8", "surrogateescape")
        recipients = list(envelope.rcpt_tos)
        return await asyncio.get_running_loop().run_in_executor(
            None, self.deliver, data, recipients
        )

    def deliver(self, data: bytes, recipients: list[str]) -> str:
        try:
            with unit_of_work(self.factory) as session:
                result = deliver_raw(
                    session, self.resources, data, max_bytes=self.max_bytes,
                    recipients=recipients,
                )  # fmt: skip
        except DomainError as exc:
            status = "5.7.1" if exc.kind is ErrorKind.PERMISSION_DENIED else "5.6.0"
            return f"554 {status} {exc.message} ({exc.code})"
        except SQLAlchemyError:
            log.exception("mail in: database trouble; the sender will retry")
            return "451 4.3.0 temporary trouble, try again later"
        return f"250 2.0.0 {result.outcome.value} {result.message_id}"

    def _known(self, address: str) -> bool:
        with self.factory() as session:
            return mailbox_for_address(session, address) is not None


def start_listener(
    factory: sessionmaker[Session], resources: Resources, max_bytes: int, **bind: Any
) -> Controller:
    """A started listener (``host`` / ``port`` in ``bind``); ``stop()`` it when done."""
    handler = MailHandler(factory, resources, max_bytes)
    controller = Controller(handler, data_size_limit=max_bytes, **bind)
    controller.start()
    return controller
