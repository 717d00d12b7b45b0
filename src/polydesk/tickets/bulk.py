"""Change many tickets at once (the console list's bulk actions): status, priority, owner.

Rules:
- At most ``MAX_BULK`` tickets per call, each named once (duplicates are dropped).
- All or nothing: every ticket must be readable and changeable by the actor, checked (and
  row-locked) before anything is written; then each change goes through the one service that
  makes it alone (``update_ticket`` for status and priority, ``set_ticket_owner`` for the owner),
  so history, events and SLA clocks are what a change of one ticket leaves. A change refused
  on any ticket (an owner who is not in that ticket's help desk) raises, and the caller's
  transaction rolls the whole batch back.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict
from sqlalchemy.orm import Session

from polydesk.core.actor import Actor
from polydesk.core.errors import ValidationFailed
from polydesk.models.tickets import Ticket
from polydesk.tickets.access import require_changeable
from polydesk.tickets.assigning import set_ticket_owner
from polydesk.tickets.schemas import TicketUpdate
from polydesk.tickets.service import update_ticket

MAX_BULK = 100


class BulkChange(BaseModel):
    """What to set; a field left unset is not touched (``owner_id=None`` set: unassign)."""

    model_config = ConfigDict(extra="forbid")

    status_id: int | None = None
    priority_id: int | None = None
    owner_id: int | None = None


def change_tickets(
    session: Session, actor: Actor, ticket_ids: Sequence[int], change: BulkChange
) -> list[Ticket]:
    ids = list(dict.fromkeys(ticket_ids))
    if not 1 <= len(ids) <= MAX_BULK:
        raise ValidationFailed("bulk.invalid_count", f"select between 1 and {MAX_BULK} tickets")
    values = change.model_dump(exclude_unset=True)
    if not values:
        raise ValidationFailed("bulk.nothing_to_change", "choose a status, priority or owner")
    for ticket_id in ids:  # all checked before the first is written
        require_changeable(session, actor, ticket_id)
    fields = TicketUpdate(**{k: v for k, v in values.items() if k != "owner_id"})
    changed: list[Ticket] = []
    for ticket_id in ids:
        ticket = None
        if fields.model_fields_set:
            ticket = update_ticket(session, actor, ticket_id, fields)
        if "owner_id" in values:
            ticket = set_ticket_owner(session, actor, ticket_id, values["owner_id"])
        assert ticket is not None
        changed.append(ticket)
    return changed
