"""Re-run routing and assignment for an existing ticket (InvGate ``PUT /incident``
``reassignment=1``: "reassign the request to a help desk according to the new properties").

Decisions:
- The rules are matched against the ticket's current category, type, source and company.
  When they send it to another desk or level, the move is ``reassign_ticket``'s (history, an
  ``Assigned`` event, the target's engine picks the owner). When they send it where it is
  already, or no rule matches, it stays; if it has no owner, its desk's engine picks one.
- A ticket with no desk that no rule matches is left alone. The actor must be allowed to
  change the ticket (``reassign_ticket`` checks it).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from polydesk.core.actor import Actor
from polydesk.core.clock import utcnow
from polydesk.models.helpdesks import Helpdesk
from polydesk.models.tickets import Ticket
from polydesk.routing.assignment import pick_owner
from polydesk.routing.service import route_for
from polydesk.tickets.access import require_changeable
from polydesk.tickets.reassign import reassign_ticket

_FACTS = ("category_id", "type_id", "source_id", "company_id")


def reroute_ticket(session: Session, actor: Actor, ticket_id: int) -> Ticket:
    ticket = require_changeable(session, actor, ticket_id)
    route = route_for(session, {name: getattr(ticket, name) for name in _FACTS})
    if route is not None and session.get_one(Helpdesk, route.helpdesk_id).is_enabled:
        target = (route.helpdesk_id, route.level)
    elif ticket.helpdesk_id is not None:
        target = (ticket.helpdesk_id, ticket.level)
    else:
        return ticket
    if target != (ticket.helpdesk_id, ticket.level):
        return reassign_ticket(session, actor, ticket.id, helpdesk_id=target[0], level=target[1])
    if ticket.owner_id is not None:
        return ticket
    helpdesk = session.get_one(Helpdesk, target[0])
    owner = pick_owner(session, helpdesk, target[1], utcnow())
    if owner is None:
        return ticket
    return reassign_ticket(
        session, actor, ticket.id, helpdesk_id=target[0], level=target[1], owner_id=owner
    )
