"""When a ticket was opened and closed in the system it comes from (an import through a
dialect such as ReadyDesk's ``open_date`` / ``close_date``, or the native API).

The core stamps ``created_at`` and ``closed_at`` itself; these two command fields replace the
stamps with the dates the caller brings, so an imported ticket keeps its real age. Only a
ticket in a closed or cancelled status has a close date (``closed_at`` is what the ``closed``
filters and statistics read), so a close date for an open ticket is refused rather than kept
somewhere the rest of the core would not look. ``None`` leaves a date as it is: the open date
cannot be removed, and the close date goes with the status (reopening clears it)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from polydesk.core.actor import Actor
from polydesk.core.errors import ValidationFailed
from polydesk.events.catalogue import plain
from polydesk.history.service import record_event
from polydesk.models.history import EventKind
from polydesk.models.tickets import Ticket

DATE_FIELDS = {"opened_at": "created_at", "closed_at": "closed_at"}
DATE_COLUMNS = tuple(DATE_FIELDS.values())
WORDS = {"opened_at": "open date", "closed_at": "close date"}


def take_dates(values: dict[str, Any]) -> dict[str, datetime]:
    """Remove the import dates from a command's values; the ones given (not None) are kept."""
    dates = {name: values.pop(name) for name in DATE_FIELDS if name in values}
    return {name: moment for name, moment in dates.items() if moment is not None}


def apply_dates(ticket: Ticket, dates: dict[str, datetime], now: datetime) -> set[str]:
    """Set the dates after the status has been applied; the ticket columns changed."""
    changed: set[str] = set()
    for name, moment in dates.items():
        if moment > now:
            raise ValidationFailed(
                f"ticket.{name}_in_future", f"the {WORDS[name]} is in the future"
            )
        column = DATE_FIELDS[name]
        if column == "closed_at" and ticket.closed_at is None:
            raise ValidationFailed(
                "ticket.not_closed", "a close date needs a closed or cancelled status"
            )
        if getattr(ticket, column) != moment:
            setattr(ticket, column, moment)
            changed.add(column)
    if ticket.closed_at is not None:
        if ticket.closed_at < ticket.created_at:
            raise ValidationFailed(
                "ticket.closed_before_opened", "the close date is before the open date"
            )
        if ticket.solved_at is not None and ticket.solved_at > ticket.closed_at:
            ticket.solved_at = ticket.closed_at  # solved no later than closed
    return changed


def record_date_changes(
    session: Session, actor: Actor, ticket: Ticket, before: dict[str, Any], changed: set[str]
) -> None:
    """One history line per date an update moved."""
    for column in sorted(changed):
        record_event(
            session, actor, ticket_id=ticket.id, kind=EventKind.UPDATED, field=column,
            old=before.get(column), new=plain(getattr(ticket, column)),
        )  # fmt: skip
