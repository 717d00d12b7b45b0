"""The front of the pipeline every way in shares: which mailbox a message is for, then
``deliver_mail``; and how a failure is classed (refused for good, or worth a retry)."""

from __future__ import annotations

from collections.abc import Sequence
from email import message_from_bytes, policy
from email.utils import getaddresses

from sqlalchemy.orm import Session

from polydesk.core.errors import NotFound, TooLarge
from polydesk.flows.commands import Resources
from polydesk.mailin.parsing import parse_message
from polydesk.mailin.pipeline import Delivered, deliver_mail
from polydesk.mailin.service import get_mailbox_by_name, mailbox_for_address
from polydesk.models.mailin import Mailbox

#: Where an MTA writes the envelope recipient, then the visible ones, in that order.
_RECIPIENT_HEADERS = ("Delivered-To", "X-Original-To", "To", "Cc")


def deliver_raw(
    session: Session,
    resources: Resources,
    raw: bytes,
    *,
    max_bytes: int,
    mailbox_name: str | None = None,
    recipients: Sequence[str] = (),
) -> Delivered:
    """Deliver into the named mailbox, else the first one receiving for an envelope
    recipient, else for an address in the headers; ``mailbox.not_found`` when none does.
    An unreadable or oversized message is refused as such before any mailbox is sought."""
    if len(raw) > max_bytes:
        raise TooLarge("mail.too_large", f"message is larger than {max_bytes} bytes")
    parse_message(raw)
    mailbox = choose_mailbox(session, raw, mailbox_name, recipients)
    return deliver_mail(session, resources, mailbox, raw, max_bytes=max_bytes)


def choose_mailbox(
    session: Session, raw: bytes, name: str | None, recipients: Sequence[str]
) -> Mailbox:
    if name is not None:
        named = get_mailbox_by_name(session, name)
        if named is None or not named.enabled:
            raise NotFound("mailbox.not_found", f"no enabled mailbox named {name!r}", name=name)
        return named
    for address in [*recipients, *_header_recipients(raw)]:
        found = mailbox_for_address(session, address)
        if found is not None:
            return found
    raise NotFound("mailbox.not_found", "no mailbox receives for this message's recipients")


def _header_recipients(raw: bytes) -> list[str]:
    try:
        message = message_from_bytes(raw, policy=policy.default)
        values = [str(value) for name in _RECIPIENT_HEADERS for value in message.get_all(name, [])]
    except Exception:  # an unreadable message names no one; the pipeline reports it
        return []
    return [address for _, address in getaddresses(values) if address]
