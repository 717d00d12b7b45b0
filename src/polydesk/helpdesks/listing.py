"""Listing help desks (ReadyDesk tech groups) by id, name or name prefix range."""

from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from polydesk.companies.listing import NamedQuery, named_clauses, named_page
from polydesk.core.actor import Actor
from polydesk.db.listing import count_of
from polydesk.models.helpdesks import Helpdesk


def search_helpdesks(session: Session, actor: Actor, query: NamedQuery) -> list[Helpdesk]:
    return named_page(session, _filtered(actor, query), Helpdesk, query)


def count_helpdesks(session: Session, actor: Actor, query: NamedQuery) -> int:
    return count_of(session, _filtered(actor, query))


def _filtered(actor: Actor, query: NamedQuery) -> Select[Helpdesk]:
    """As ``service.list_helpdesks``: disabled help desks are for admins only."""
    statement = select(Helpdesk).where(*named_clauses(Helpdesk.id, Helpdesk.name, query))
    return statement if actor.is_admin else statement.where(Helpdesk.is_enabled)
