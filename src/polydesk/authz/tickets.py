"""Ticket visibility and permissions.

- Admins see and change everything.
- Agents see the tickets their help desk memberships grant, and tickets they own, are
  responsible for, created, requested, or participate in. A membership grants the desk's
  tickets, narrowed two ways: a desk with a source list (ReadyDesk's tech group ``sources``)
  grants only its tickets of those sources (a ticket without a source is not one of them); an
  agent whose ``ticket_scope`` is ``own`` (ReadyDesk's ``viewable_tickets=OWN``) is granted
  only the desk tickets nobody owns. Agents change the tickets a read-write membership grants,
  and tickets they own or are responsible for (Znuny's OwnerCheck and ResponsibleCheck), so an
  agent never changes a ticket it cannot read.
- Customers see tickets they requested, unless narrowed per user their company's tickets, and
  tickets they participate in (an observer follows a request and reads it, as in InvGate).
  They never change ticket fields; they add public comments and attachments to tickets they
  requested or their company's, not to tickets they only observe (observing is reading).
- What a customer reads of a ticket is always its public part (comments, attachments, time
  entries), whichever way the ticket became visible.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, false, or_, select, true

from polydesk.core.actor import Actor, TicketScope
from polydesk.core.errors import PermissionDenied
from polydesk.models.tickets import Ticket, TicketParticipant


def readable_tickets(actor: Actor) -> ColumnElement[bool]:
    """The WHERE clause every ticket list and get starts from."""
    if actor.is_admin:
        return true()
    if actor.user_id is None:
        return false()
    participates = Ticket.id.in_(
        select(TicketParticipant.ticket_id).where(TicketParticipant.user_id == actor.user_id)
    )
    if actor.is_customer:
        own = Ticket.requester_id == actor.user_id
        if actor.sees_company_tickets and actor.company_id is not None:
            return or_(own, Ticket.company_id == actor.company_id, participates)
        return or_(own, participates)
    me = actor.user_id
    return or_(
        _granted_by_desks(actor),
        Ticket.owner_id == me,
        Ticket.responsible_id == me,
        Ticket.creator_id == me,
        Ticket.requester_id == me,
        participates,
    )


def _granted_by_desks(actor: Actor) -> ColumnElement[bool]:
    """The tickets the agent's memberships grant: plain ``helpdesk_id IN (...)`` for desks of
    every source, ``helpdesk_id IN (...) AND source_id IN (...)`` per distinct source list (both
    columns are indexed); for an ``own`` agent only the unowned ones (its own are granted
    anyway)."""
    limits = _source_limits(actor)
    by_sources: dict[tuple[int, ...], list[int]] = {}
    for desk, sources in limits.items():
        by_sources.setdefault(sources, []).append(desk)
    grants: list[ColumnElement[bool]] = []
    open_desks = sorted(actor.helpdesk_ids - limits.keys())
    if open_desks:
        grants.append(Ticket.helpdesk_id.in_(open_desks))
    for sources, desks in sorted(by_sources.items()):
        grants.append(and_(Ticket.helpdesk_id.in_(sorted(desks)), Ticket.source_id.in_(sources)))
    if not grants:
        return false()
    granted = or_(*grants)
    if actor.ticket_scope is TicketScope.OWN:
        return and_(granted, Ticket.owner_id.is_(None))
    return granted


def _source_limits(actor: Actor) -> dict[int, tuple[int, ...]]:
    return {desk: srcs for desk, srcs in actor.helpdesk_sources if desk in actor.helpdesk_ids}


def desk_grants(actor: Actor, ticket: Ticket) -> bool:
    """``_granted_by_desks`` for a ticket already loaded."""
    if ticket.helpdesk_id is None or ticket.helpdesk_id not in actor.helpdesk_ids:
        return False
    sources = _source_limits(actor).get(ticket.helpdesk_id)
    if sources is not None and ticket.source_id not in sources:
        return False
    return actor.ticket_scope is not TicketScope.OWN or ticket.owner_id is None


def can_change(actor: Actor, ticket: Ticket) -> bool:
    """May the actor change the ticket's fields? (Visibility is checked separately, first.)"""
    if actor.is_admin:
        return True
    if not actor.is_agent or actor.user_id is None:
        return False
    if actor.user_id in (ticket.owner_id, ticket.responsible_id):
        return True
    return ticket.helpdesk_id in actor.writable_helpdesk_ids and desk_grants(actor, ticket)


def require_change(actor: Actor, ticket: Ticket) -> None:
    if not can_change(actor, ticket):
        raise PermissionDenied("ticket.permission_denied", f"may not change ticket {ticket.id}")


def can_contribute(actor: Actor, ticket: Ticket) -> bool:
    """May the actor add comments and attachments to a ticket it can read? Its requester
    always may, whatever their role (an agent who reported a problem is that request's
    customer); other agents need change rights; other customers need to be (when they see
    them) of its company, so a customer who only observes it reads without writing."""
    if actor.user_id is not None and actor.user_id == ticket.requester_id:
        return True
    if not actor.is_customer:
        return can_change(actor, ticket)
    company = actor.company_id
    return actor.sees_company_tickets and company is not None and ticket.company_id == company


def require_contribute(actor: Actor, ticket: Ticket) -> None:
    if not can_contribute(actor, ticket):
        raise PermissionDenied("ticket.permission_denied", f"may not write to ticket {ticket.id}")


def can_create_in(actor: Actor, helpdesk_id: int | None) -> bool:
    if actor.is_admin or actor.is_customer:
        return True
    return helpdesk_id is None or helpdesk_id in actor.writable_helpdesk_ids


def require_admin(actor: Actor) -> None:
    if not actor.is_admin:
        raise PermissionDenied("permission_denied", "administrator rights required")


def require_agent(actor: Actor) -> None:
    if not actor.is_agent:
        raise PermissionDenied("permission_denied", "agent rights required")
