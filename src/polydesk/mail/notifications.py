"""Notifications the core writes itself: a mail to the addresses copied on a ticket (its cc
list: Motadata ``ccEmailSet``, Integria ``email_copy``) when the ticket is opened and whenever it
changes. ``send_cc_notices`` is a domain-event subscriber (docs/events.md): it runs in the worker
after the change committed, and writes one notice per ticket per committed transaction, so one
request that changes several things (fields, a status move, an assignment) sends one notice
naming them all. The notice shows the ticket as it is when the worker runs (normally within a
second); the sender is the ``mail.notification_from`` setting."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from polydesk.events.catalogue import (
    Assigned,
    DomainEvent,
    StatusMoved,
    TicketChanged,
    TicketOpened,
)
from polydesk.events.registry import Envelope
from polydesk.mail.service import queue_mail
from polydesk.models.catalogs import Status
from polydesk.models.jobs import OutgoingMail
from polydesk.models.tickets import Ticket, TicketCc
from polydesk.settings.service import NOTIFICATION_FROM, get_setting

FALLBACK_SENDER = "polydesk@localhost"
CC_NOTICES = "mail.cc_notices"
CC_NOTICE_KINDS = frozenset(
    {TicketOpened.kind, TicketChanged.kind, StatusMoved.kind, Assigned.kind}
)
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


def send_cc_notices(session: Session, envelopes: Sequence[Envelope]) -> None:
    """Subscriber ``mail.cc_notices``: per ticket of one committed transaction, the notice of a
    new ticket if it was opened, else one notice naming every field that changed."""
    for ticket_id, changed in _changes_by_ticket(envelopes).items():
        ticket = session.get(Ticket, ticket_id)
        if ticket is None or changed == set():  # deleted since, or nothing to name
            continue
        notify_ticket_cc(session, ticket, changed=changed or ())


def _changes_by_ticket(envelopes: Sequence[Envelope]) -> dict[int, set[str] | None]:
    """Ticket id -> changed fields, or None for a ticket the transaction opened."""
    changes: dict[int, set[str] | None] = {}
    for envelope in envelopes:
        event = envelope.event
        if event.ticket_id is None:
            continue
        fields = changes.setdefault(event.ticket_id, set())
        if isinstance(event, TicketOpened):
            changes[event.ticket_id] = None
        elif fields is not None:
            fields.update(_fields_of(event))
    return changes


def _fields_of(event: DomainEvent) -> Iterable[str]:
    if isinstance(event, TicketChanged):
        return event.fields
    if isinstance(event, Assigned):
        return event.changed_columns
    if isinstance(event, StatusMoved):
        return ("status_id",)
    return ()
