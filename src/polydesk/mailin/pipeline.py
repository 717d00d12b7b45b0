"""The one mail-in pipeline: raw bytes in, a new ticket or a reply out, each Message-ID once.

Every way in (``polydesk mail deliver``, ``polydesk mail listen``, later IMAP) calls
``deliver_mail`` in its own transaction; the pipeline never commits. A message threads onto a
ticket by the ``[Ticket#<number>]`` hook Polydesk's own mail puts in the subject, else by
In-Reply-To / References against stored Message-IDs; otherwise it opens a ticket in the
mailbox's help desk. See docs/mail-in.md for the choices."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from email.headerregistry import Address
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from polydesk.authz.actors import actor_for
from polydesk.comments.schemas import CommentCreate
from polydesk.core.actor import SYSTEM, Actor, Role
from polydesk.core.clock import utcnow
from polydesk.core.errors import PermissionDenied, TooLarge
from polydesk.flows.articles import post_article
from polydesk.flows.commands import ArticleDraft, FileUpload, OpenTicket, Resources
from polydesk.flows.opening import open_ticket
from polydesk.mailin.parsing import ParsedMail, parse_message
from polydesk.models.comments import Channel, Comment
from polydesk.models.mailin import Mailbox, MailImport
from polydesk.models.tickets import Ticket
from polydesk.models.users import User
from polydesk.tickets.schemas import TicketCreate
from polydesk.tickets.service import get_ticket
from polydesk.users.schemas import UserCreate
from polydesk.users.service import create_user, get_user_by_email

log = logging.getLogger(__name__)

#: The subject hook Polydesk's outgoing mail writes (flows.articles, mail.notifications).
TICKET_HOOK = re.compile(r"\[Ticket#\s*(\d{1,64})\]", re.IGNORECASE)
#: The comment column's limit; a longer body is cut there and says so.
_MAX_BODY = 1_000_000


class Outcome(StrEnum):
    TICKET = "ticket"
    REPLY = "reply"
    IGNORED = "ignored"
    DUPLICATE = "duplicate"


@dataclass(frozen=True)
class Delivered:
    outcome: Outcome
    message_id: str
    ticket_id: int | None = None
    comment_id: int | None = None


def deliver_mail(
    session: Session, resources: Resources, mailbox: Mailbox, raw: bytes, *, max_bytes: int
) -> Delivered:
    """Import one message into ``mailbox``. ``mail.too_large`` / ``mail.unparseable`` for bad
    input, ``mail.unknown_sender`` when the sender has no account and the mailbox makes none;
    a message already imported comes back as ``duplicate`` and changes nothing."""
    if len(raw) > max_bytes:
        raise TooLarge("mail.too_large", f"message is larger than {max_bytes} bytes")
    mail = parse_message(raw)
    claim = _claim(session, mailbox, mail.message_id)
    if claim is None:
        return Delivered(Outcome.DUPLICATE, mail.message_id)
    if mail.is_automatic:
        # Dropped on purpose: answering an autoresponder starts a mail loop (docs/mail-in.md).
        log.info(
            "mail in: dropped automatic message %s from %s", mail.message_id, mail.from_address
        )
        result = Delivered(Outcome.IGNORED, mail.message_id)
    else:
        result = _import(session, resources, mailbox, mail)
    claim.outcome, claim.ticket_id, claim.comment_id = (
        result.outcome.value, result.ticket_id, result.comment_id,
    )  # fmt: skip
    session.flush()
    return result


def _import(
    session: Session, resources: Resources, mailbox: Mailbox, mail: ParsedMail
) -> Delivered:
    sender = actor_for(session, _sender(session, mailbox, mail))
    ticket = _thread(session, sender, mail)
    draft = _draft(mail)
    if ticket is not None:
        comment = post_article(session, sender, resources, ticket.id, draft)
        return Delivered(Outcome.REPLY, mail.message_id, ticket.id, comment.id)
    title = mail.subject[:500] or "(no subject)"
    command = OpenTicket(
        ticket=TicketCreate(title=title, helpdesk_id=mailbox.helpdesk_id), articles=[draft]
    )
    written = open_ticket(session, sender, resources, command)
    opening = written.articles[0].id if written.articles else None
    return Delivered(Outcome.TICKET, mail.message_id, written.ticket.id, opening)


def _claim(session: Session, mailbox: Mailbox, message_id: str) -> MailImport | None:
    """The message's unique row, written before anything else; None when it was imported
    before. A twin imported meanwhile by another transaction makes the insert fail on the
    unique index: the edge rolls back and answers "try again" (sysexits 75, SMTP 451), and the
    retry finds the duplicate. If the import fails later, the rollback takes the row too."""
    query = select(MailImport.id).where(MailImport.message_id == message_id)
    if session.scalars(query).first() is not None:
        return None
    row = MailImport(
        message_id=message_id, mailbox_id=mailbox.id, outcome="pending", created_at=utcnow()
    )
    session.add(row)
    session.flush()
    return row


def _sender(session: Session, mailbox: Mailbox, mail: ParsedMail) -> User:
    user = get_user_by_email(session, mail.from_address)
    if user is not None and user.is_enabled:
        return user
    if user is None and mailbox.create_unknown_senders:
        # The mailbox setting is the admin's consent: the system makes the customer.
        command = UserCreate(
            login=mail.from_address.lower(), email=mail.from_address.lower(),
            first_name=mail.from_name[:100], role=Role.CUSTOMER,
        )  # fmt: skip
        return create_user(session, SYSTEM, command)
    raise PermissionDenied(
        "mail.unknown_sender",
        f"no account may write from {mail.from_address} to mailbox {mailbox.name!r}",
        address=mail.from_address,
    )


def _thread(session: Session, sender: Actor, mail: ParsedMail) -> Ticket | None:
    """The ticket this message answers, if the sender may read it; a hook naming a ticket the
    sender cannot see opens a new ticket instead of writing into someone else's."""
    found = _by_hook(session, mail.subject) or _by_references(session, mail)
    if found is None:
        return None
    return get_ticket(session, sender, found)


def _by_hook(session: Session, subject: str) -> int | None:
    match = TICKET_HOOK.search(subject)
    if match is None:
        return None
    return session.scalars(select(Ticket.id).where(Ticket.number == match.group(1))).first()


def _by_references(session: Session, mail: ParsedMail) -> int | None:
    ids = [mail.in_reply_to, *reversed(mail.references)]
    wanted = [value for value in ids if value][:50]
    if not wanted:
        return None
    query = select(Comment.ticket_id).where(Comment.message_id.in_(wanted))
    found = session.scalars(query.order_by(Comment.id.desc())).first()
    if found is not None:
        return found
    # Messages imported as ignored carry no ticket; the rest name the one they went to.
    imported = select(MailImport.ticket_id).where(
        MailImport.message_id.in_(wanted), MailImport.ticket_id.is_not(None)
    )
    return session.scalars(imported.order_by(MailImport.id.desc())).first()


def _draft(mail: ParsedMail) -> ArticleDraft:
    body, mime_type = mail.body
    if len(body) > _MAX_BODY:
        body = body[: _MAX_BODY - 40] + "\n[message cut at 1,000,000 characters]"
    files = [FileUpload(file.filename, file.data, file.content_type) for file in mail.files]
    if mime_type == "text/plain" and mail.html.strip():
        # Both bodies kept: the text is the article, the HTML travels as its file (as Znuny).
        files.insert(0, FileUpload("message.html", mail.html.encode("utf-8"), "text/html"))
    comment = CommentCreate(
        body=body, subject=mail.subject, channel=Channel.EMAIL, mime_type=mime_type,
        from_address=_display(mail)[:1000],
        to_addresses=", ".join(mail.to)[:2000], cc_addresses=", ".join(mail.cc)[:2000],
        message_id=mail.message_id, in_reply_to=mail.in_reply_to,
        references=" ".join(mail.references)[:100_000],
    )  # fmt: skip
    return ArticleDraft(comment=comment, files=files)


def _display(mail: ParsedMail) -> str:
    """``Name <address>`` in plain Unicode, as the article shows it (not RFC 2047 encoded)."""
    try:
        return str(Address(display_name=mail.from_name, addr_spec=mail.from_address))
    except (ValueError, IndexError):  # an address the header registry cannot split
        return mail.from_address
