"""The one status transition every use case makes: ``move_ticket``.

It is two steps in two modules, composed here, above both:
- ``lifecycle.change_status``: what the move does to this ticket (clocks, SLA pause, stamps,
  history);
- ``waiting.release_waiters``: what it does to others: a ticket that ends (resolved, closed,
  cancelled) resumes the tickets waiting for it.

``waiting`` builds on ``lifecycle`` (a wait is a status change) and this module builds on both,
so neither imports the other's caller. ``waiting`` itself moves tickets with
``lifecycle.change_status`` only into a waiting or an open status, which ends nothing.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from polydesk.automation.gate import check_transition
from polydesk.core.actor import Actor
from polydesk.models.catalogs import Status
from polydesk.models.tickets import Ticket
from polydesk.tickets.lifecycle import ENDED, change_status, current_status
from polydesk.tickets.waiting import release_waiters


def move_ticket(
    session: Session,
    actor: Actor,
    ticket: Ticket,
    new: Status,
    now: datetime,
) -> bool:
    """Change the status (``lifecycle.change_status``); False when it already had it. A
    ticket that ends releases the tickets waiting for it. A move the ticket's workflow does
    not allow is refused first (``automation.gate``)."""
    check_transition(session, actor, ticket, new.id)
    was_ended = current_status(session, ticket).category in ENDED
    if not change_status(session, actor, ticket, new, now):
        return False
    if new.category in ENDED and not was_ended:
        release_waiters(session, actor, ticket.id, now)
    return True
