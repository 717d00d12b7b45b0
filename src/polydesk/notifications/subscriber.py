"""The ``notifications.mail`` subscriber: per ticket of one committed transaction, one mail per
person naming everything that happened to them there, queued through the mail outbox (so it is
sent after the delivery commits, once: docs/events.md).

Decisions:
- The opening article is part of the "new ticket" mail, and a proposed solution's article of
  the "solution proposed" one: they are not reported twice.
- The mail shows the ticket as it is when the worker runs (normally a second after the change),
  like the cc notices.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy.orm import Session

from polydesk.core.actor import SYSTEM
from polydesk.events.catalogue import ArticlePosted, SolutionProposed, TicketOpened
from polydesk.events.registry import Envelope
from polydesk.history.service import EventFields, record_events
from polydesk.models.history import EventKind
from polydesk.models.tickets import Ticket
from polydesk.models.users import User
from polydesk.notifications.catalogue import KINDS, notified_as
from polydesk.notifications.compose import Composer, sender
from polydesk.notifications.overrides import Overrides
from polydesk.notifications.recipients import flags_of, load_people, recipients_of

NOTIFICATIONS = "notifications.mail"
NOTIFIED_KINDS = KINDS


def send_notifications(session: Session, envelopes: Sequence[Envelope]) -> None:
    """Subscriber ``notifications.mail``: for each ticket of the transaction, work out who hears
    of which event, then queue one mail per person."""
    overrides: Overrides | None = None
    from_address = ""
    for ticket_id, events in _by_ticket(envelopes).items():
        reported = _reported(events)
        ticket = session.get(Ticket, ticket_id) if reported else None
        if ticket is None:  # nothing to say, or deleted since
            continue
        overrides = overrides or Overrides.load(session)
        from_address = from_address or sender(session)
        people = load_people(session, ticket, events)
        plan: dict[int, list[Envelope]] = defaultdict(list)
        for envelope in reported:
            flags = flags_of(envelope, events)
            for user_id in recipients_of(envelope, people, overrides, flags):
                plan[user_id].append(envelope)
        composer = Composer(session, people, overrides, from_address)
        told: list[EventFields] = []
        for user_id, mine in sorted(plan.items()):
            composer.queue(people.users[user_id], mine)
            told += _recorded(ticket.id, people.users[user_id], mine)
        record_events(session, SYSTEM, told)  # one statement, however many people


def _recorded(ticket_id: int, user: User, envelopes: Sequence[Envelope]) -> list[EventFields]:
    """One history event per notified event and person, by whoever caused the event: what
    Znuny's ticket history shows as its SendAgentNotification / SendCustomerNotification lines.
    Written with the mail, so a rolled-back delivery leaves neither."""
    return [
        EventFields(
            ticket_id=ticket_id,
            kind=EventKind.NOTIFICATION_SENT,
            field=notified_as(envelope.event.kind),
            new=user.email or "",
            related_id=user.id,
            actor_id=envelope.actor_id,
        )
        for envelope in envelopes
    ]


def _by_ticket(envelopes: Sequence[Envelope]) -> dict[int, list[Envelope]]:
    grouped: dict[int, list[Envelope]] = defaultdict(list)
    for envelope in envelopes:
        if envelope.event.ticket_id is not None:
            grouped[envelope.event.ticket_id].append(envelope)
    return grouped


def _reported(events: list[Envelope]) -> list[Envelope]:
    """The events that get their own part of a mail."""
    opened = any(isinstance(e.event, TicketOpened) for e in events)
    solutions = {e.event.comment_id for e in events if isinstance(e.event, SolutionProposed)}
    reported = []
    for envelope in events:
        event = envelope.event
        if event.kind not in KINDS:
            continue
        if isinstance(event, ArticlePosted) and (
            (event.is_initial and opened) or event.comment_id in solutions
        ):
            continue
        reported.append(envelope)
    return reported
