"""Change a ticket: its fields (status through the one transition), then articles, files,
custom values and links, in that order (as opening does), in the caller's transaction: a
refused part refuses the whole request and nothing is written."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from polydesk.attachments.uploads import claim_uploads
from polydesk.core.actor import Actor
from polydesk.customfields.service import apply_values_to_ticket
from polydesk.flows.articles import attach_files, write_article
from polydesk.flows.commands import ChangeTicket, Resources
from polydesk.flows.requesters import resolve_requester
from polydesk.inventory.service import link_item
from polydesk.models.attachments import Attachment
from polydesk.models.comments import Comment
from polydesk.models.tickets import Ticket
from polydesk.tickets.access import require_changeable
from polydesk.tickets.links import link_tickets
from polydesk.tickets.schemas import TicketUpdate
from polydesk.tickets.service import require_ticket, update_ticket


@dataclass
class Changed:
    ticket: Ticket
    articles: list[Comment] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)


def change_ticket(
    session: Session, actor: Actor, resources: Resources, ticket_id: int, command: ChangeTicket
) -> Changed:
    changed = Changed(_changed_ticket(session, actor, ticket_id, command))
    ticket = changed.ticket
    for draft in command.articles:
        changed.articles.append(write_article(session, actor, resources, ticket, draft))
    changed.attachments += attach_files(session, actor, resources, ticket.id, command.files)
    if command.upload_refs:
        changed.attachments += claim_uploads(session, actor, ticket, command.upload_refs)
    apply_values_to_ticket(session, actor, ticket, command.custom_values)
    if command.linked_ticket_ids:
        link_tickets(session, actor, ticket.id, command.linked_ticket_ids)
    for item_id in dict.fromkeys(command.inventory_ids):
        link_item(session, actor, ticket.id, item_id)
    return changed


def _changed_ticket(
    session: Session, actor: Actor, ticket_id: int, command: ChangeTicket
) -> Ticket:
    """The ticket with its fields changed; locked and checked for change when values or
    uploads are set on it (articles and files check what they need themselves)."""
    steps = _with_requester(session, actor, command)
    for index, fields in enumerate(steps):
        expected = command.expected_versions if index == 0 else None
        ticket = update_ticket(session, actor, ticket_id, fields, expected_versions=expected)
    if steps:
        return ticket
    if command.custom_values or command.upload_refs:
        return require_changeable(session, actor, ticket_id)
    return require_ticket(session, actor, ticket_id)


def _with_requester(session: Session, actor: Actor, command: ChangeTicket) -> list[TicketUpdate]:
    """The field steps, the requester named by address set in the first one."""
    steps = list(command.fields)
    if command.requester is None:
        return steps
    requester_id = resolve_requester(session, actor, command.requester)
    first = steps[0] if steps else TicketUpdate()
    return [first.model_copy(update={"requester_id": requester_id}), *steps[1:]]
