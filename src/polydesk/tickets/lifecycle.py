"""What a status change does to the ticket's clocks: solved/closed stamps, reopening, SLA pause."""

from __future__ import annotations

from datetime import datetime

from polydesk.core.actor import Actor
from polydesk.models.catalogs import Status, StatusCategory
from polydesk.models.tickets import Ticket

ENDED = {StatusCategory.RESOLVED, StatusCategory.CLOSED, StatusCategory.CANCELLED}
FINAL = {StatusCategory.CLOSED, StatusCategory.CANCELLED}


def apply_status_change(
    ticket: Ticket, actor: Actor, old: Status | None, new: Status, now: datetime
) -> bool:
    """Update timestamps for a move from ``old`` to ``new``; True when the ticket reopened."""
    old_category = old.category if old is not None else None
    _update_sla_pause(ticket, old_category, new.category, now)
    if new.category in ENDED and ticket.solved_at is None:
        ticket.solved_at = now
    if new.category in FINAL and old_category not in FINAL:
        ticket.closed_at = now
        ticket.closed_by_id = actor.user_id
    reopened = old_category in ENDED and new.category not in ENDED
    if reopened:
        ticket.reopen_count += 1
        ticket.solved_at = ticket.closed_at = ticket.closed_by_id = None
    if new.category is not StatusCategory.WAITING:
        ticket.waiting_for = None
    return reopened


def _update_sla_pause(
    ticket: Ticket, old: StatusCategory | None, new: StatusCategory, now: datetime
) -> None:
    if new is StatusCategory.WAITING and ticket.sla_paused_at is None:
        ticket.sla_paused_at = now
    elif new is not StatusCategory.WAITING and ticket.sla_paused_at is not None:
        ticket.sla_paused_seconds += int((now - ticket.sla_paused_at).total_seconds())
        ticket.sla_paused_at = None
