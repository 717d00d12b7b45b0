"""Deleting a ticket: the row and everything hanging off it, in one transaction.

Satellites cascade in the database; rows elsewhere that merely point at the ticket (child
tickets, invoices, schedules) are detached, not deleted. Stored files are removed by the
worker after commit (job ``files.delete``), so a rolled-back deletion never loses a file.
"""

from __future__ import annotations

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from polydesk.authz.tickets import require_agent, require_change
from polydesk.core.actor import Actor
from polydesk.events.catalogue import TicketDeleted
from polydesk.events.service import emit
from polydesk.jobs.service import enqueue_job
from polydesk.jobs.tasks import FILES_DELETE_JOB
from polydesk.models.attachments import Attachment
from polydesk.models.billing import Invoice, InvoiceLine
from polydesk.models.schedules import Schedule
from polydesk.models.tickets import Ticket
from polydesk.tickets.access import require_ticket


def delete_ticket(session: Session, actor: Actor, ticket_id: int) -> None:
    require_agent(actor)
    ticket = require_ticket(session, actor, ticket_id, lock=True)
    require_change(actor, ticket)
    keys = list(
        session.scalars(select(Attachment.storage_key).where(Attachment.ticket_id == ticket.id))
    )
    for model, column in (
        (Ticket, Ticket.parent_id),
        (Ticket, Ticket.waiting_for_ticket_id),
        (Invoice, Invoice.ticket_id),
        (InvoiceLine, InvoiceLine.ticket_id),
        (Schedule, Schedule.ticket_id),
    ):
        session.execute(update(model).where(column == ticket.id).values({column.key: None}))
    deleted = TicketDeleted(ticket_id=ticket.id, number=ticket.number, title=ticket.title)
    emit(session, actor, deleted)
    session.execute(delete(Ticket).where(Ticket.id == ticket.id))
    session.expunge(ticket)
    if keys:
        enqueue_job(session, FILES_DELETE_JOB, {"keys": keys})
