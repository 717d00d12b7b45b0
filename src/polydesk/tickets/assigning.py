"""Give a ticket an owner, or take it off its owner, where it is (the console's "assign" and
"take it"; the bulk owner change).

Rules: the actor must be allowed to change the ticket. In a help desk the owner goes through
``reassign_ticket`` (same desk and level): an enabled agent who is a member of the desk, or an
admin; a New ticket that gets an owner becomes Open, and the same history and ``Assigned``
event are written as for any reassignment. A ticket in no help desk takes any agent
(``update_ticket`` checks the role). ``None`` clears the owner (back to the desk's queue).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from polydesk.core.actor import Actor
from polydesk.models.tickets import Ticket
from polydesk.tickets.access import require_changeable
from polydesk.tickets.reassign import reassign_ticket
from polydesk.tickets.schemas import TicketUpdate
from polydesk.tickets.service import update_ticket


def set_ticket_owner(
    session: Session, actor: Actor, ticket_id: int, owner_id: int | None
) -> Ticket:
    ticket = require_changeable(session, actor, ticket_id)
    if owner_id is not None and ticket.helpdesk_id is not None:
        return reassign_ticket(
            session,
            actor,
            ticket_id,
            helpdesk_id=ticket.helpdesk_id,
            level=ticket.level,
            owner_id=owner_id,
        )
    return update_ticket(session, actor, ticket_id, TicketUpdate(owner_id=owner_id))
