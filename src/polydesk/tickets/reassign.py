"""Reassignment to a help desk, a level of it, and an agent (InvGate ``incident.reassign``).

Rules:
- The actor must be allowed to change the ticket where it is now; the target help desk need
  not be one of theirs (escalating to another team is the point), and the ticket is returned
  even when the move takes it out of the actor's sight (no re-read through visibility).
- The help desk must exist and be enabled. ``level`` must be one of the desk's levels (a desk
  without level rows has level 1 only); it defaults to the first level when the desk changes
  and stays as it was otherwise.
- The agent, if given, must be an enabled agent or admin; agents must be members of the
  target help desk. With no agent, a move to another desk or level runs the target's
  assignment engine (``routing.assignment``); when it assigns nobody (manual, free, no
  candidate), moving to another desk clears the owner (the ticket goes to the desk's queue)
  while a move within the same desk keeps it.
- A New ticket that gets an owner becomes Open.
Each changed field leaves the same history event ``update_ticket`` writes for it; the move
is one ``Assigned`` domain event (then ``StatusMoved`` if the ticket opened).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from polydesk.core.actor import Actor, Role
from polydesk.core.clock import utcnow
from polydesk.core.errors import ValidationFailed, not_found
from polydesk.history.service import record_event
from polydesk.models.catalogs import StatusCategory
from polydesk.models.helpdesks import Helpdesk, HelpdeskLevel, HelpdeskMember
from polydesk.models.history import EventKind
from polydesk.models.tickets import Ticket
from polydesk.models.users import User
from polydesk.routing.assignment import pick_owner
from polydesk.sla import clock as sla_clock
from polydesk.tickets.access import require_changeable
from polydesk.tickets.change_events import emit_assigned, snapshot
from polydesk.tickets.lifecycle import current_status, status_for
from polydesk.tickets.transition import move_ticket

_EVENTS = {
    "helpdesk_id": EventKind.HELPDESK_CHANGED,
    "level": EventKind.UPDATED,
    "owner_id": EventKind.OWNER_CHANGED,
}


def reassign_ticket(
    session: Session,
    actor: Actor,
    ticket_id: int,
    *,
    helpdesk_id: int,
    level: int | None = None,
    owner_id: int | None = None,
) -> Ticket:
    ticket = require_changeable(session, actor, ticket_id)
    helpdesk = _require_enabled_helpdesk(session, helpdesk_id)
    moved = helpdesk_id != ticket.helpdesk_id
    if level is None:
        level = _first_level(session, helpdesk_id) if moved else ticket.level
    else:
        _require_level(session, helpdesk_id, level)
    now = utcnow()
    if owner_id is not None:
        _require_agent_of(session, helpdesk_id, owner_id)
    elif moved or level != ticket.level:
        owner_id = pick_owner(session, helpdesk, level, now)
    if owner_id is None and not moved:
        owner_id = ticket.owner_id
    wanted = {"helpdesk_id": helpdesk_id, "level": level, "owner_id": owner_id}
    before = snapshot(ticket, ())
    changed = _apply(session, actor, ticket, wanted, now)
    if changed:
        emit_assigned(session, actor, ticket, before)
        sla_clock.on_facts_changed(session, ticket, changed)
    if ticket.owner_id is not None:
        _open_if_new(session, actor, ticket, now)
    session.flush()
    return ticket


def _apply(
    session: Session, actor: Actor, ticket: Ticket, wanted: dict[str, int | None], now: datetime
) -> set[str]:
    changed: set[str] = set()
    for field, new in wanted.items():
        old = getattr(ticket, field)
        if old == new:
            continue
        setattr(ticket, field, new)
        changed.add(field)
        record_event(
            session, actor, ticket_id=ticket.id, kind=_EVENTS[field], field=field, old=old, new=new
        )
    if changed:
        ticket.updated_at = now
        ticket.last_editor_id = actor.user_id
    return changed


def _open_if_new(session: Session, actor: Actor, ticket: Ticket, now: datetime) -> bool:
    """An assigned New ticket is Open; True when it moved."""
    if current_status(session, ticket).category is not StatusCategory.NEW:
        return False
    opened = status_for(session, StatusCategory.OPEN, "Open")
    return move_ticket(session, actor, ticket, opened, now)


def _require_enabled_helpdesk(session: Session, helpdesk_id: int) -> Helpdesk:
    helpdesk = session.get(Helpdesk, helpdesk_id)
    if helpdesk is None:
        raise not_found("helpdesk", helpdesk_id)
    if not helpdesk.is_enabled:
        raise ValidationFailed("helpdesk.disabled", f"help desk {helpdesk_id} is disabled")
    return helpdesk


def _levels(session: Session, helpdesk_id: int) -> list[int]:
    query = select(HelpdeskLevel.level).where(HelpdeskLevel.helpdesk_id == helpdesk_id)
    return sorted(session.scalars(query)) or [1]


def _first_level(session: Session, helpdesk_id: int) -> int:
    return _levels(session, helpdesk_id)[0]


def _require_level(session: Session, helpdesk_id: int, level: int) -> None:
    if level not in _levels(session, helpdesk_id):
        raise ValidationFailed(
            "helpdesk.level_not_found", f"help desk {helpdesk_id} has no level {level}"
        )


def _require_agent_of(session: Session, helpdesk_id: int, user_id: int) -> None:
    user = session.get(User, user_id)
    if user is None:
        raise not_found("user", user_id)
    if user.role is Role.CUSTOMER or not user.is_enabled:
        raise ValidationFailed("reassign.not_an_agent", f"user {user_id} is not an active agent")
    if user.role is Role.ADMIN:
        return
    member = session.get(HelpdeskMember, (helpdesk_id, user_id))
    if member is None:
        raise ValidationFailed(
            "reassign.agent_not_in_helpdesk",
            f"agent {user_id} is not a member of help desk {helpdesk_id}",
        )
