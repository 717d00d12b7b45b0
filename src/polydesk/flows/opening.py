"""Open a ticket: the ticket, its articles with their files and time, files on the ticket,
custom-field values, participants, links to other tickets and configuration items, and the
requester named by address, all in the caller's transaction: a refused part refuses the
whole request and nothing is written."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from sqlalchemy.orm import Session

from polydesk.attachments.uploads import claim_uploads
from polydesk.core.actor import Actor
from polydesk.core.errors import PermissionDenied
from polydesk.customfields.service import apply_values_to_ticket
from polydesk.flows.articles import attach_files, write_article
from polydesk.flows.commands import OpenTicket, Resources
from polydesk.flows.requesters import resolve_requester
from polydesk.inventory.service import link_item
from polydesk.models.attachments import Attachment
from polydesk.models.comments import Comment
from polydesk.models.tickets import Ticket
from polydesk.tickets.links import link_tickets
from polydesk.tickets.participants import add_participants
from polydesk.tickets.schemas import TicketCreate
from polydesk.tickets.service import create_ticket


@dataclass
class Opened:
    ticket: Ticket
    articles: list[Comment] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)


def open_ticket(
    session: Session, actor: Actor, resources: Resources, command: OpenTicket
) -> Opened:
    ticket = create_ticket(session, actor, _with_requester(session, actor, command))
    opened = Opened(ticket)
    for index, draft in enumerate(command.articles):
        marked = replace(draft, comment=draft.comment.model_copy(update={"is_initial": index == 0}))
        opened.articles.append(write_article(session, actor, resources, ticket, marked))
    opened.attachments += attach_files(session, actor, resources, ticket.id, command.files)
    opened.attachments += claim_uploads(session, actor, ticket, command.upload_refs)
    # Configuration items before custom values: the history keeps that order (Integria's
    # tracking lists "Added inventory object" before the values' "Updated").
    for item_id in dict.fromkeys(command.inventory_ids):
        link_item(session, actor, ticket.id, item_id)
    apply_values_to_ticket(session, actor, ticket, command.custom_values)
    for role, user_ids in command.participants.items():
        if user_ids:
            add_participants(session, actor, ticket.id, role, user_ids)
    if command.linked_ticket_ids:
        link_tickets(session, actor, ticket.id, command.linked_ticket_ids)
    return opened


def _with_requester(session: Session, actor: Actor, command: OpenTicket) -> TicketCreate:
    """The ticket command with the requester named by address resolved; a customer may only
    open a request for themselves."""
    if command.requester is None:
        return command.ticket
    requester_id = resolve_requester(session, actor, command.requester)
    if actor.is_customer:
        if requester_id != actor.user_id:
            raise PermissionDenied(
                "ticket.field_not_allowed", "customers open tickets for themselves"
            )
        return command.ticket
    return command.ticket.model_copy(update={"requester_id": requester_id})
