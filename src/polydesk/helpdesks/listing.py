"""Listing help desks (ReadyDesk tech groups) by id, name or name prefix range; changing one."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from polydesk.authz.tickets import require_admin
from polydesk.companies.listing import NamedQuery, named_clauses, named_page
from polydesk.core.actor import Actor
from polydesk.core.errors import Conflict
from polydesk.db.listing import count_of
from polydesk.helpdesks.service import require_helpdesk
from polydesk.models.helpdesks import Helpdesk


def search_helpdesks(session: Session, actor: Actor, query: NamedQuery) -> list[Helpdesk]:
    return named_page(session, _filtered(actor, query), Helpdesk, query)


def count_helpdesks(session: Session, actor: Actor, query: NamedQuery) -> int:
    return count_of(session, _filtered(actor, query))


def _filtered(actor: Actor, query: NamedQuery) -> Select[Helpdesk]:
    """As ``service.list_helpdesks``: disabled help desks are for admins only."""
    statement = select(Helpdesk).where(*named_clauses(Helpdesk.id, Helpdesk.name, query))
    return statement if actor.is_admin else statement.where(Helpdesk.is_enabled)


class HelpdeskUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=191)
    description: str | None = Field(default=None, max_length=1000)
    email: str | None = Field(default=None, max_length=254)


def update_helpdesk(
    session: Session, actor: Actor, helpdesk_id: int, cmd: HelpdeskUpdate
) -> Helpdesk:
    require_admin(actor)
    helpdesk = require_helpdesk(session, helpdesk_id)
    changes = {k: v for k, v in cmd.model_dump(exclude_unset=True).items() if v is not None}
    name = changes.get("name")
    if name is not None and name.lower() != helpdesk.name.lower():
        taken = select(Helpdesk.id).where(func.lower(Helpdesk.name) == name.lower())
        if session.scalars(taken).first() is not None:
            raise Conflict("helpdesk.name_taken", f"help desk {name!r} already exists")
    for key, value in changes.items():
        setattr(helpdesk, key, value)
    session.flush()
    return helpdesk
