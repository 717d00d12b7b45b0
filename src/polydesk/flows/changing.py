"""Change a ticket: its fields (status through the one transition), then its parts in the
order opening writes them (``flows.parts``), in the caller's transaction: a refused part
refuses the whole request and nothing is written."""

from __future__ import annotations

from sqlalchemy.orm import Session

from polydesk.core.actor import Actor
from polydesk.flows.commands import ChangeTicket, Resources
from polydesk.flows.parts import Parts, Written, write_parts
from polydesk.flows.requesters import resolve_requester
from polydesk.models.tickets import Ticket
from polydesk.tickets.access import require_changeable
from polydesk.tickets.schemas import TicketUpdate
from polydesk.tickets.service import require_ticket, update_ticket


def change_ticket(
    session: Session, actor: Actor, resources: Resources, ticket_id: int, command: ChangeTicket
) -> Written:
    ticket = _changed_ticket(session, actor, ticket_id, command)
    parts = Parts(
        command.articles, command.files, command.upload_refs, command.inventory_ids,
        command.custom_values, command.linked_ticket_ids,
    )  # fmt: skip
    written = write_parts(session, actor, resources, ticket, parts)
    return written


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
