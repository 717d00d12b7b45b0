"""Small factories per aggregate, built on the real services (committed, as the edges do)."""

from __future__ import annotations

import itertools
from typing import Any

from sqlalchemy.orm import Session

from polydesk.authz.actors import actor_for
from polydesk.companies.service import CompanyCreate, create_company
from polydesk.core.actor import SYSTEM, Actor, Role
from polydesk.credentials.service import create_api_token
from polydesk.helpdesks.service import HelpdeskCreate, create_helpdesk
from polydesk.models.companies import Company
from polydesk.models.helpdesks import Helpdesk
from polydesk.models.tickets import Ticket
from polydesk.models.users import User
from polydesk.tickets.schemas import TicketCreate
from polydesk.tickets.service import create_ticket
from polydesk.users.schemas import UserCreate
from polydesk.users.service import add_helpdesk_membership, create_user

_seq = itertools.count(1)


def make_helpdesk(session: Session, name: str | None = None) -> Helpdesk:
    return create_helpdesk(session, SYSTEM, HelpdeskCreate(name=name or f"Desk {next(_seq)}"))


def make_company(session: Session, name: str | None = None) -> Company:
    return create_company(session, SYSTEM, CompanyCreate(name=name or f"Company {next(_seq)}"))


def make_user(
    session: Session,
    role: Role = Role.AGENT,
    *,
    login: str | None = None,
    password: str | None = None,
    helpdesks: list[Helpdesk] | None = None,
    read_only: list[Helpdesk] | None = None,
    company: Company | None = None,
) -> User:
    user = create_user(
        session,
        SYSTEM,
        UserCreate(
            login=login or f"user{next(_seq)}",
            password=password,
            role=role,
            email=f"{login or 'u' + str(next(_seq))}@example.com",
            company_id=company.id if company else None,
        ),
    )
    for helpdesk in helpdesks or []:
        add_helpdesk_membership(session, SYSTEM, user_id=user.id, helpdesk_id=helpdesk.id)
    for helpdesk in read_only or []:
        add_helpdesk_membership(
            session, SYSTEM, user_id=user.id, helpdesk_id=helpdesk.id, writable=False
        )
    return user


def actor(session: Session, user: User) -> Actor:
    return actor_for(session, user)


def make_ticket(session: Session, as_user: User | None = None, **fields: Any) -> Ticket:
    who = actor(session, as_user) if as_user is not None else SYSTEM
    fields.setdefault("title", f"Ticket {next(_seq)}")
    return create_ticket(session, who, TicketCreate(**fields))


def token_for(session: Session, user: User) -> dict[str, str]:
    """Authorization header for the native API."""
    return {"Authorization": f"Bearer {create_api_token(session, SYSTEM, user_id=user.id)}"}
