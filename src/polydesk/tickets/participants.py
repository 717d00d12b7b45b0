"""Collaborators and observers of a ticket (InvGate ``incident.collaborator`` / ``.observer``).

Rules: an agent who may change the ticket adds them; every user id must exist and be enabled
(a collaborator must also be an agent or admin: collaboration is work on the ticket, observing
is only reading it). Adding is all or nothing: any bad id and nothing is added. The answer
says, per id, whether it was added (False: already there). A participant can read the ticket
(``authz.tickets.readable_tickets``). Anyone who can read the ticket can list them.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from polydesk.core.actor import Actor, Role
from polydesk.core.errors import Conflict, ValidationFailed, not_found
from polydesk.events.catalogue import ParticipantAdded, ParticipantRemoved
from polydesk.events.service import emit
from polydesk.history.service import record_event
from polydesk.models.history import EventKind
from polydesk.models.tickets import ParticipantRole, TicketParticipant
from polydesk.models.users import User
from polydesk.tickets.access import require_changeable, require_ticket

#: Most users added in one call.
MAX_PARTICIPANTS_PER_CALL = 100


def add_participants(
    session: Session, actor: Actor, ticket_id: int, role: ParticipantRole, user_ids: Iterable[int]
) -> dict[int, bool]:
    ticket = require_changeable(session, actor, ticket_id)
    wanted = list(dict.fromkeys(user_ids))
    if not wanted:
        raise ValidationFailed("participant.none_given", "give at least one user")
    if len(wanted) > MAX_PARTICIPANTS_PER_CALL:
        raise ValidationFailed(
            "participant.too_many", f"at most {MAX_PARTICIPANTS_PER_CALL} users per call"
        )
    _check_users(session, wanted, role)
    present = set(_participant_ids(session, ticket.id, role))
    added: dict[int, bool] = {}
    for user_id in wanted:
        added[user_id] = user_id not in present
        if not added[user_id]:
            continue
        session.add(TicketParticipant(ticket_id=ticket.id, user_id=user_id, role=role))
        record_event(
            session,
            actor,
            ticket_id=ticket.id,
            kind=EventKind.PARTICIPANT_ADDED,
            field=role.value,
            new=user_id,
            related_id=user_id,
        )
        added_event = ParticipantAdded(ticket_id=ticket.id, user_id=user_id, role=role.value)
        emit(session, actor, added_event)
    session.flush()
    return added


def remove_participant(
    session: Session, actor: Actor, ticket_id: int, role: ParticipantRole, user_id: int
) -> None:
    ticket = require_changeable(session, actor, ticket_id)
    result = session.execute(
        delete(TicketParticipant).where(
            TicketParticipant.ticket_id == ticket.id,
            TicketParticipant.user_id == user_id,
            TicketParticipant.role == role,
        )
    )
    if not getattr(result, "rowcount", 0):
        raise Conflict("participant.not_present", f"user {user_id} is not a {role.value}")
    record_event(
        session,
        actor,
        ticket_id=ticket.id,
        kind=EventKind.PARTICIPANT_REMOVED,
        field=role.value,
        old=user_id,
        related_id=user_id,
    )
    removed = ParticipantRemoved(ticket_id=ticket.id, user_id=user_id, role=role.value)
    emit(session, actor, removed)


def list_participants(
    session: Session, actor: Actor, ticket_id: int, role: ParticipantRole
) -> list[int]:
    """User ids, ascending."""
    ticket = require_ticket(session, actor, ticket_id)
    return _participant_ids(session, ticket.id, role)


def _participant_ids(session: Session, ticket_id: int, role: ParticipantRole) -> list[int]:
    query = select(TicketParticipant.user_id).where(
        TicketParticipant.ticket_id == ticket_id, TicketParticipant.role == role
    )
    return list(session.scalars(query.order_by(TicketParticipant.user_id)))


def _check_users(session: Session, user_ids: list[int], role: ParticipantRole) -> None:
    rows = session.execute(
        select(User.id, User.role, User.is_enabled).where(User.id.in_(user_ids))
    ).all()
    found = {row.id: row for row in rows}
    for user_id in user_ids:
        row = found.get(user_id)
        if row is None or not row.is_enabled:
            raise not_found("user", user_id)
        if role is ParticipantRole.COLLABORATOR and row.role is Role.CUSTOMER:
            raise ValidationFailed(
                "participant.collaborator_not_agent", f"user {user_id} is not an agent"
            )
