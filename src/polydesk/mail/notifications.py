"""Notifications the core writes itself: a mail to the addresses copied on a ticket (its cc
list: Motadata ``ccEmailSet``, Integria ``email_copy``) when the ticket is opened and whenever the
ticket service changes it. The mail goes to the outbox in the caller's transaction, so it exists
only if the change commits; the sender is the ``mail.notification_from`` setting."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from polydesk.mail.service import queue_mail
from polydesk.models.catalogs import Status
from polydesk.models.jobs import OutgoingMail
from polydesk.models.tickets import Ticket, TicketCc
from polydesk.settings.service import NOTIFICATION_FROM, get_setting

FALLBACK_SENDER = "polydesk@localhost"
#: Ticket fields as a person reads them; fields not listed show by their own name.
FIELD_NAMES = {
    "title": "title",
    "description": "description",
    "status_id": "status",
    "priority_id": "priority",
    "impact_id": "impact",
    "urgency_id": "urgency",
    "category_id": "category",
    "location_id": "location",
    "owner_id": "owner",
    "requester_id": "requester",
    "helpdesk_id": "help desk",
    "is_spam": "spam flag",
    "cc": "copied addresses",
}


def notify_ticket_cc(
    session: Session, ticket: Ticket, *, changed: Iterable[str] = ()
) -> OutgoingMail | None:
    """Queue the notice of a new ticket (``changed`` empty) or of a change; None when nobody
    is copied on the ticket. The ticket must be flushed."""
    addresses = list(
        session.scalars(
            select(TicketCc.email).where(TicketCc.ticket_id == ticket.id).order_by(TicketCc.email)
        )
    )
    if not addresses:
        return None
    fields = sorted({FIELD_NAMES.get(name, name.removesuffix("_id")) for name in changed})
    status = session.get(Status, ticket.status_id)
    status_line = f"Status: {status.name}" if status is not None else ""
    if fields:
        subject = f"[Ticket#{ticket.number}] Updated: {ticket.title}"
        body = f"Ticket {ticket.number} was updated.\nChanged: {', '.join(fields)}\n{status_line}"
    else:
        subject = f"[Ticket#{ticket.number}] New ticket: {ticket.title}"
        body = f"Ticket {ticket.number} was opened.\n{status_line}\n\n{ticket.description}"
    return queue_mail(
        session,
        from_address=get_setting(session, NOTIFICATION_FROM) or FALLBACK_SENDER,
        to=[],
        cc=addresses,
        subject=subject,
        body=body.strip() + "\n",
        ticket_id=ticket.id,
    )
