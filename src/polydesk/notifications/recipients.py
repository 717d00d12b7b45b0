"""Who hears of an event: the ticket's people by recipient kind, filtered by the rules every
notification keeps (docs/notifications.md).

Decisions:
- Never the actor who caused the event; never a disabled user or one without an address.
- Customers get no agent-only event and no internal note.
- ``NoAgentNotify`` on an article keeps every agent out of that article's notification (and of
  the "new ticket" one when it is the opening article, as in Znuny, where the new-ticket
  notification is the first article's); ``ForceNotificationToUserID`` adds those users whatever
  the switches, the audience or the actor rule say (only a disabled user or one without an
  address is still skipped, and customers: Znuny's user ids are agents).
- ``ExcludeNotificationToUserID`` / ``ExcludeMuteNotificationToUserID`` keep those agents out of
  the article's notification (and the "new ticket" one for an opening article), forced or not:
  in Znuny both end in the notification's skip list, above the forced ones.
- Everyone is loaded in one query per ticket.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from polydesk.core.actor import Role
from polydesk.events.catalogue import (
    ApprovalRequested,
    ApprovalVoterAdded,
    ArticlePosted,
    DomainEvent,
    TicketOpened,
)
from polydesk.events.registry import Envelope
from polydesk.models.helpdesks import HelpdeskMember
from polydesk.models.tickets import Ticket, TicketParticipant
from polydesk.models.users import User
from polydesk.notifications.catalogue import EVENTS, Recipient, notified_as
from polydesk.notifications.overrides import Overrides


@dataclass(frozen=True)
class Flags:
    """Znuny's article notification flags, as they apply to one event."""

    no_agent_notify: bool = False
    forced: tuple[int, ...] = ()
    excluded: tuple[int, ...] = ()


@dataclass
class TicketPeople:
    ticket: Ticket
    participants: list[int]
    members: list[int]  # the help desk's members
    users: dict[int, User] = field(default_factory=dict)

    def ids(self, kind: Recipient, event: DomainEvent) -> Iterable[int | None]:
        if kind is Recipient.REQUESTER:
            return (self.ticket.requester_id,)
        if kind is Recipient.OWNER:
            return (self.ticket.owner_id,)
        if kind is Recipient.HELPDESK:
            unowned = self.ticket.owner_id is None or isinstance(event, TicketOpened)
            return self.members if unowned else ()
        if kind is Recipient.PARTICIPANTS:
            return self.participants
        if isinstance(event, ApprovalVoterAdded):
            return (event.user_id,)
        return event.voter_ids if isinstance(event, ApprovalRequested) else ()


def load_people(session: Session, ticket: Ticket, envelopes: Sequence[Envelope]) -> TicketPeople:
    participants = list(
        session.scalars(
            select(TicketParticipant.user_id).where(TicketParticipant.ticket_id == ticket.id)
        )
    )
    members: list[int] = []
    if ticket.helpdesk_id is not None:
        query = select(HelpdeskMember.user_id).where(
            HelpdeskMember.helpdesk_id == ticket.helpdesk_id
        )
        members = list(session.scalars(query))
    people = TicketPeople(ticket, participants, members)
    wanted = {ticket.requester_id, ticket.owner_id, *participants, *members}
    for envelope in envelopes:
        event = envelope.event
        wanted |= {envelope.actor_id, *people.ids(Recipient.VOTERS, event)}
        wanted |= set(event.notify_user_ids if isinstance(event, ArticlePosted) else ())
    ids = [user_id for user_id in wanted if user_id is not None]
    people.users = {user.id: user for user in session.scalars(select(User).where(User.id.in_(ids)))}
    return people


def flags_of(envelope: Envelope, envelopes: Sequence[Envelope]) -> Flags:
    """An article's own flags; a new ticket takes its opening article's."""
    event = envelope.event
    if isinstance(event, TicketOpened):
        initial = [e.event for e in envelopes if _is_initial_article(e.event)]
        event = initial[0] if initial else event
    if isinstance(event, ArticlePosted):
        return Flags(event.no_agent_notify, event.notify_user_ids, event.exclude_user_ids)
    return Flags()


def recipients_of(
    envelope: Envelope, people: TicketPeople, overrides: Overrides, flags: Flags
) -> set[int]:
    event = envelope.event
    notified = EVENTS[notified_as(event.kind)]
    candidates: set[int] = set()
    for kind in notified.recipients:
        if overrides.enabled(notified.kind, kind):
            candidates.update(i for i in people.ids(kind, event) if i is not None)
    for_customers = not notified.agents_only and not (
        isinstance(event, ArticlePosted) and not event.is_public
    )
    chosen = set()
    for user_id in candidates - {envelope.actor_id}:
        user = people.users.get(user_id)
        if user is None or not _reachable(user):
            continue
        is_customer = user.role is Role.CUSTOMER
        if (is_customer and not for_customers) or (not is_customer and flags.no_agent_notify):
            continue
        chosen.add(user_id)
    forced = {i for i in flags.forced if _forcible(people.users.get(i))}
    return (chosen | forced) - _agents(flags.excluded, people)


def _agents(ids: Iterable[int], people: TicketPeople) -> set[int]:
    """Exclusions name agents (Znuny's user ids): a customer's id excludes nobody."""
    return {i for i in ids if not _is_customer(people.users.get(i))}


def _is_customer(user: User | None) -> bool:
    return user is not None and user.role is Role.CUSTOMER


def _reachable(user: User) -> bool:
    return user.is_enabled and bool(user.email)


def _forcible(user: User | None) -> bool:
    """Znuny's forced ids are agents' (customers live in another table there): a customer id
    is ignored, so an internal note can never be forced onto a customer."""
    return user is not None and user.role is not Role.CUSTOMER and _reachable(user)


def _is_initial_article(event: DomainEvent) -> bool:
    return isinstance(event, ArticlePosted) and event.is_initial
