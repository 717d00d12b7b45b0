"""Merge a ticket into another (a duplicate report of the same problem), named by number.

Decisions (Zendesk's and Znuny's merge, without moving articles: each ticket keeps its own
conversation, history and time, so every edge still reads both as they were):
- The actor must be allowed to change both tickets; the target is found by its number among
  the tickets the actor may read (an unreadable one is "not found").
- Refused: merging a ticket into itself, a ticket that is closed or cancelled already
  (``ticket.already_closed``), or into a ticket that was itself merged away
  (``merge.target_merged``: merge into the one it went to).
- The source ends in the "Merged" status (cancelled category, as a cancel does: a wait ends,
  a pending solution is rejected, pending approvals are cancelled), gets an internal note
  naming the target, and a ``merged_into`` link to it (a LINK_ADDED event on both: Znuny's
  "Merged" history line, ReadyDesk's ``merged_to``). The target gets an internal note naming
  the source, so its agents see what joined it.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from polydesk.authz.tickets import readable_tickets
from polydesk.comments.schemas import CommentCreate
from polydesk.comments.service import add_comment
from polydesk.core.actor import Actor
from polydesk.core.errors import Conflict, ValidationFailed, not_found
from polydesk.models.tickets import LinkKind, Ticket, TicketLink
from polydesk.tickets.access import require_changeable
from polydesk.tickets.links import link_tickets
from polydesk.tickets.solution import finish_unsolved

MERGED_STATUS = "Merged"


def merge_ticket(session: Session, actor: Actor, ticket_id: int, into_number: str) -> Ticket:
    """Merge ticket ``ticket_id`` into the ticket numbered ``into_number``; returns the target."""
    source = require_changeable(session, actor, ticket_id)
    target_id = _readable_id(session, actor, into_number.strip())
    if target_id == source.id:
        raise ValidationFailed("merge.self", "a ticket cannot be merged into itself")
    target = require_changeable(session, actor, target_id)
    if _merged_into(session, target.id) is not None:
        raise Conflict(
            "merge.target_merged",
            f"ticket {target.number} was merged into another ticket: merge into that one",
        )
    finish_unsolved(session, actor, source, MERGED_STATUS, "", None)
    _note(session, actor, source, f"Merged into ticket {target.number} ({target.title}).")
    link_tickets(session, actor, source.id, [target.id], LinkKind.MERGED_INTO)
    joined = f"Ticket {source.number} ({source.title}) was merged into this one."
    _note(session, actor, target, joined)
    return target


def _readable_id(session: Session, actor: Actor, number: str) -> int:
    if not number or len(number) > 64:
        raise ValidationFailed("merge.invalid_number", "give the number of the other ticket")
    query = select(Ticket.id).where(Ticket.number == number, readable_tickets(actor))
    found = session.scalar(query)
    if found is None:
        raise not_found("ticket", number)
    return found


def _merged_into(session: Session, ticket_id: int) -> int | None:
    query = select(TicketLink.target_id).where(
        TicketLink.source_id == ticket_id, TicketLink.kind == LinkKind.MERGED_INTO
    )
    return session.scalar(query.limit(1))


def _note(session: Session, actor: Actor, ticket: Ticket, text: str) -> None:
    add_comment(session, actor, ticket.id, CommentCreate(body=text, is_public=False))
