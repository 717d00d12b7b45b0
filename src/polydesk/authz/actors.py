"""Build an ``Actor`` from a user row (one query for the help-desk memberships)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from polydesk.core.actor import Actor, Role
from polydesk.models.helpdesks import HelpdeskMember, MemberAccess
from polydesk.models.users import User


def actor_for(session: Session, user: User) -> Actor:
    readable: set[int] = set()
    writable: set[int] = set()
    if user.role is Role.AGENT:
        rows = session.execute(
            select(HelpdeskMember.helpdesk_id, HelpdeskMember.access).where(
                HelpdeskMember.user_id == user.id
            )
        )
        for helpdesk_id, access in rows:
            readable.add(helpdesk_id)
            if access is MemberAccess.WRITE:
                writable.add(helpdesk_id)
    return Actor(
        user_id=user.id,
        role=user.role,
        login=user.login,
        company_id=user.company_id,
        helpdesk_ids=frozenset(readable),
        writable_helpdesk_ids=frozenset(writable),
        sees_company_tickets=user.sees_company_tickets,
    )
