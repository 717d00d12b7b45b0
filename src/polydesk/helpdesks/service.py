"""Help desk use cases: create, get, list."""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from polydesk.authz.tickets import require_admin
from polydesk.core.actor import Actor
from polydesk.core.errors import Conflict, not_found
from polydesk.core.pagination import Page, PageRequest
from polydesk.db.listing import paged
from polydesk.models.helpdesks import AssignmentEngine, Helpdesk, HelpdeskLevel, Sla


class HelpdeskCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=191)
    description: str = Field(default="", max_length=1000)
    email: str = Field(default="", max_length=254)
    parent_id: int | None = None
    assignment_engine: AssignmentEngine = AssignmentEngine.MANUAL
    levels: list[str] = Field(default_factory=lambda: ["Level 1"], max_length=20)


def create_helpdesk(session: Session, actor: Actor, cmd: HelpdeskCreate) -> Helpdesk:
    require_admin(actor)
    # The database's lower() may not fold what Python's does (SQLite: ASCII only), and the
    # unique index compares exact names: check both, or a clash ends in IntegrityError.
    taken = select(Helpdesk.id).where(
        (func.lower(Helpdesk.name) == cmd.name.lower()) | (Helpdesk.name == cmd.name)
    )
    if session.scalars(taken).first() is not None:
        raise Conflict("helpdesk.name_taken", f"help desk {cmd.name!r} already exists")
    if cmd.parent_id is not None:
        require_helpdesk(session, cmd.parent_id)
    helpdesk = Helpdesk(**cmd.model_dump(exclude={"levels"}))
    session.add(helpdesk)
    session.flush()
    for number, name in enumerate(cmd.levels, start=1):
        session.add(HelpdeskLevel(helpdesk_id=helpdesk.id, level=number, name=name))
    session.flush()
    return helpdesk


def require_helpdesk(session: Session, helpdesk_id: int) -> Helpdesk:
    helpdesk = session.get(Helpdesk, helpdesk_id)
    if helpdesk is None:
        raise not_found("helpdesk", helpdesk_id)
    return helpdesk


def get_helpdesk_by_name(session: Session, name: str) -> Helpdesk | None:
    return session.scalars(
        select(Helpdesk).where(func.lower(Helpdesk.name) == name.lower())
    ).first()


def list_helpdesks(session: Session, actor: Actor, page: PageRequest) -> Page[Helpdesk]:
    """Every enabled help desk: customers need the names to pick where to file a ticket."""
    query = select(Helpdesk)
    if not actor.is_admin:
        query = query.where(Helpdesk.is_enabled)
    return paged(session, query, page, Helpdesk.name, Helpdesk.id)


def list_levels(session: Session, helpdesk_id: int) -> list[HelpdeskLevel]:
    query = select(HelpdeskLevel).where(HelpdeskLevel.helpdesk_id == helpdesk_id)
    return list(session.scalars(query.order_by(HelpdeskLevel.level)).all())


def helpdesk_names(session: Session, helpdesk_ids: Iterable[int]) -> dict[int, str]:
    wanted = set(helpdesk_ids)
    if not wanted:
        return {}
    query = select(Helpdesk.id, Helpdesk.name).where(Helpdesk.id.in_(wanted))
    return {helpdesk_id: name for helpdesk_id, name in session.execute(query)}


def get_helpdesk(session: Session, helpdesk_id: int) -> Helpdesk | None:
    return session.get(Helpdesk, helpdesk_id)


def get_sla(session: Session, sla_id: int) -> Sla | None:
    return session.get(Sla, sla_id)


def get_sla_by_name(session: Session, name: str) -> Sla | None:
    return session.scalars(select(Sla).where(func.lower(Sla.name) == name.lower())).first()


def sla_names(session: Session, sla_ids: Iterable[int]) -> dict[int, str]:
    wanted = sorted(set(sla_ids))
    if not wanted:
        return {}
    rows = session.execute(select(Sla.id, Sla.name).where(Sla.id.in_(wanted)))
    return {sla_id: name for sla_id, name in rows}
