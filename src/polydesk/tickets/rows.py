"""A ticket list as people read it: one row per ticket with the names a list shows (status,
priority, help desk) instead of ids. The web UI's lists call this; it is ``list_tickets``
(the same visibility, filters, sort and keyset paging as the native API) plus one query for
the help desk names of the page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from polydesk.core.actor import Actor
from polydesk.core.pagination import Page, PageRequest
from polydesk.db.names import names_by_id
from polydesk.models.helpdesks import Helpdesk
from polydesk.tickets.schemas import TicketFilter
from polydesk.tickets.service import list_tickets


@dataclass(frozen=True)
class TicketRow:
    id: int
    number: str
    title: str
    status: str
    status_category: str
    priority: str
    helpdesk: str | None
    updated_at: datetime


def list_ticket_rows(
    session: Session, actor: Actor, filters: TicketFilter, page: PageRequest
) -> Page[TicketRow]:
    """One page of the tickets ``actor`` may read that match ``filters``, as list rows."""
    found = list_tickets(session, actor, filters, page)
    desks = names_by_id(session, Helpdesk, (ticket.helpdesk_id for ticket in found.items))
    rows = [
        TicketRow(
            id=ticket.id,
            number=ticket.number,
            title=ticket.title,
            status=ticket.status.name,
            status_category=str(ticket.status.category),
            priority=ticket.priority.name,
            helpdesk=desks.get(ticket.helpdesk_id) if ticket.helpdesk_id is not None else None,
            updated_at=ticket.updated_at,
        )
        for ticket in found.items
    ]
    return Page(items=rows, next_cursor=found.next_cursor, total=found.total)
