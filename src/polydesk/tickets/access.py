"""The one way a use case takes hold of a ticket: ``require_ticket`` (the actor may read it,
else it does not exist for them) and ``require_changeable`` (read and change it, row-locked).

Low in the tickets room (repository and authz below it, nothing of the room above it), so
every service, life-cycle module and other room can import it without cycles.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from polydesk.authz.tickets import require_change
from polydesk.core.actor import Actor
from polydesk.core.errors import not_found
from polydesk.models.tickets import Ticket
from polydesk.tickets import repository


def require_ticket(
    session: Session, actor: Actor, ticket_id: int, *, lock: bool = False
) -> Ticket:
    """The ticket if the actor may read it; invisible tickets are reported as not found.
    ``lock``: row-locked until commit (db.locking), for callers that change it."""
    ticket = repository.get_visible(session, actor, ticket_id, lock=lock)
    if ticket is None:
        raise not_found("ticket", ticket_id)
    return ticket


def require_changeable(session: Session, actor: Actor, ticket_id: int) -> Ticket:
    """The ticket if the actor may read and change it, row-locked until commit: every caller
    goes on to change it."""
    ticket = require_ticket(session, actor, ticket_id, lock=True)
    require_change(actor, ticket)
    return ticket


def is_requester(actor: Actor, ticket: Ticket) -> bool:
    return actor.user_id is not None and actor.user_id == ticket.requester_id
