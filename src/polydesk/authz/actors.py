"""Build an ``Actor`` from a user row (one query for the help-desk memberships and the source
lists of those desks)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from polydesk.core.actor import Actor, Role, TicketScope
from polydesk.models.helpdesks import Helpdesk, HelpdeskMember, MemberAccess
from polydesk.models.users import User


def actor_for(session: Session, user: User) -> Actor:
    readable: set[int] = set()
    writable: set[int] = set()
    sources: list[tuple[int, tuple[int, ...]]] = []
    if user.role is Role.AGENT:
        rows = session.execute(
            select(HelpdeskMember.helpdesk_id, HelpdeskMember.access, Helpdesk.source_ids)
            .join(Helpdesk, Helpdesk.id == HelpdeskMember.helpdesk_id)
            .where(HelpdeskMember.user_id == user.id)
        )
        for helpdesk_id, access, source_ids in rows:
            readable.add(helpdesk_id)
            if access is MemberAccess.WRITE:
                writable.add(helpdesk_id)
            if source_ids:  # empty: the desk grants tickets of every source
                sources.append((helpdesk_id, tuple(sorted(set(source_ids)))))
    return Actor(
        user_id=user.id,
        role=user.role,
        login=user.login,
        company_id=user.company_id,
        helpdesk_ids=frozenset(readable),
        writable_helpdesk_ids=frozenset(writable),
        sees_company_tickets=user.sees_company_tickets,
        ticket_scope=user.ticket_scope or TicketScope.HELPDESKS,
        helpdesk_sources=tuple(sorted(sources)),
    )
