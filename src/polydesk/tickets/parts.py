"""Listing what hangs off a ticket (comments, attachments, time entries), keyset-paged."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from polydesk.authz.parts import visible_parts
from polydesk.core.actor import Actor
from polydesk.core.pagination import Page, PageRequest
from polydesk.models.attachments import Attachment
from polydesk.models.comments import Comment
from polydesk.models.timetracking import TimeEntry
from polydesk.tickets.access import require_ticket
from polydesk.tickets.keyset import Key, keyset_page

TicketPart = TypeVar("TicketPart", Comment, Attachment, TimeEntry)


def list_ticket_parts(
    session: Session,
    actor: Actor,
    ticket_id: int,
    model: type[TicketPart],
    page: PageRequest,
    *keys: Key,
) -> Page[TicketPart]:
    """Rows hanging off a readable ticket, ascending by ``keys`` (the last one unique): those
    the actor reads of it (``authz.parts``; customers: the public part)."""
    require_ticket(session, actor, ticket_id)
    query = select(model).where(model.ticket_id == ticket_id, visible_parts(actor, model))
    return keyset_page(session, query, page, model.__tablename__, *keys)
