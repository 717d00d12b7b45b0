"""Open a ticket: the ticket and the requester named by address, then its parts (articles,
files, configuration items, custom values, linked tickets: ``flows.parts``) and participants,
all in the caller's transaction: a refused part refuses the whole request and nothing is
written."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy.orm import Session

from polydesk.automation.workflows import create_in_workflow
from polydesk.core.actor import Actor
from polydesk.core.errors import PermissionDenied
from polydesk.flows.commands import OpenTicket, Resources
from polydesk.flows.parts import Parts, Written, write_parts
from polydesk.flows.requesters import resolve_requester
from polydesk.tickets.participants import add_participants
from polydesk.tickets.schemas import TicketCreate


def open_ticket(
    session: Session, actor: Actor, resources: Resources, command: OpenTicket
) -> Written:
    # In the category's workflow, if any: its initial fields, its process (automation).
    ticket = create_in_workflow(session, actor, _with_requester(session, actor, command))
    articles = [
        replace(draft, comment=draft.comment.model_copy(update={"is_initial": index == 0}))
        for index, draft in enumerate(command.articles)
    ]
    parts = Parts(
        articles, command.files, command.upload_refs, command.inventory_ids,
        command.custom_values, command.linked_ticket_ids,
    )  # fmt: skip
    written = write_parts(session, actor, resources, ticket, parts)
    for role, user_ids in command.participants.items():
        if user_ids:
            add_participants(session, actor, ticket.id, role, user_ids)
    return written


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
