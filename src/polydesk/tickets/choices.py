"""What the console's ticket actions offer: the ticket's current values and the choices an
agent can pick from (statuses, priorities, help desks with their levels, the agents who may
own it), in a fixed number of queries whatever the data.

Only enabled items are offered (a disabled one is refused for new uses anyway); the ticket's
own current status or priority is offered even when disabled, so a form shows what it has.
Owners offered: the enabled agents who are members of the ticket's help desk, and the enabled
admins (who may own any ticket); with no help desk, every enabled agent. At most
``MAX_AGENTS`` are listed, by name.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from polydesk.authz.tickets import can_change, require_agent
from polydesk.core.actor import Actor, Role
from polydesk.models.catalogs import Priority, Status, StatusCategory
from polydesk.models.helpdesks import Helpdesk, HelpdeskLevel, HelpdeskMember
from polydesk.models.users import User
from polydesk.tickets.access import require_ticket

MAX_AGENTS = 200


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True)
class TicketChoices:
    ticket_id: int
    number: str
    status_id: int
    priority_id: int
    place: str  # the current "helpdesk:level", "" without a help desk
    owner_id: int | None
    can_change: bool
    is_open: bool  # new, open or waiting: a solution may be proposed
    statuses: list[Choice]
    priorities: list[Choice]
    places: list[Choice]  # "helpdesk:level"
    owners: list[Choice]


def ticket_choices(session: Session, actor: Actor, ticket_id: int) -> TicketChoices:
    require_agent(actor)
    ticket = require_ticket(session, actor, ticket_id)
    status = session.get_one(Status, ticket.status_id)
    return TicketChoices(
        ticket_id=ticket.id,
        number=ticket.number,
        status_id=ticket.status_id,
        priority_id=ticket.priority_id,
        place=f"{ticket.helpdesk_id}:{ticket.level}" if ticket.helpdesk_id else "",
        owner_id=ticket.owner_id,
        can_change=can_change(actor, ticket),
        is_open=status.category
        in (StatusCategory.NEW, StatusCategory.OPEN, StatusCategory.WAITING),
        statuses=_catalog(session, Status, ticket.status_id),
        priorities=_catalog(session, Priority, ticket.priority_id),
        places=_places(session),
        owners=owner_choices(session, ticket.helpdesk_id),
    )


def _catalog(session: Session, model: type[Status] | type[Priority], current: int) -> list[Choice]:
    query = select(model.id, model.name).where(or_(model.is_enabled, model.id == current))
    rows = session.execute(query.order_by(model.position, model.id))
    return [Choice(str(ident), name) for ident, name in rows]


def _places(session: Session) -> list[Choice]:
    desks = session.execute(
        select(Helpdesk.id, Helpdesk.name).where(Helpdesk.is_enabled).order_by(Helpdesk.name)
    ).all()
    levels: dict[int, list[tuple[int, str]]] = {}
    rows = session.execute(
        select(HelpdeskLevel.helpdesk_id, HelpdeskLevel.level, HelpdeskLevel.name).order_by(
            HelpdeskLevel.helpdesk_id, HelpdeskLevel.level
        )
    )
    for desk_id, level, name in rows:
        levels.setdefault(desk_id, []).append((level, name))
    choices = []
    for desk_id, desk_name in desks:
        for level, name in levels.get(desk_id) or [(1, "")]:
            label = f"{desk_name} · {name or f'level {level}'}"
            choices.append(Choice(f"{desk_id}:{level}", label))
    return choices


def status_choices(session: Session) -> list[Choice]:
    return _catalog(session, Status, 0)


def priority_choices(session: Session) -> list[Choice]:
    return _catalog(session, Priority, 0)


def owner_choices(session: Session, helpdesk_id: int | None) -> list[Choice]:
    """The agents who may own a ticket of ``helpdesk_id`` (None: any help desk)."""
    query = select(User).where(User.is_enabled, User.role.in_((Role.AGENT, Role.ADMIN)))
    if helpdesk_id is not None:
        members = select(HelpdeskMember.user_id).where(HelpdeskMember.helpdesk_id == helpdesk_id)
        query = query.where(or_(User.role == Role.ADMIN, User.id.in_(members)))
    ordered = query.order_by(User.first_name, User.last_name, User.id).limit(MAX_AGENTS)
    return [Choice(str(user.id), user.full_name) for user in session.scalars(ordered)]
