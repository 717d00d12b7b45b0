"""What a change of a ticket's custom value leaves behind: the history line every edge renders
(``CUSTOM_FIELD_CHANGED``, the field's name as ``field``) and the ``custom_value.changed``
domain event (docs/events.md)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from polydesk.core.actor import Actor
from polydesk.events.catalogue import CustomValueChanged
from polydesk.events.service import emit
from polydesk.history.service import record_event
from polydesk.models.customfields import CustomField
from polydesk.models.history import EventKind
from polydesk.models.tickets import Ticket

#: history_events.field holds 64 characters; longer field names are cut there.
HISTORY_FIELD_LENGTH = 64


def record_change(
    session: Session, actor: Actor, ticket: Ticket, custom_field: CustomField, old: str, new: str
) -> None:
    """``old`` and ``new`` are display texts, "" when empty."""
    record_event(
        session,
        actor,
        ticket_id=ticket.id,
        kind=EventKind.CUSTOM_FIELD_CHANGED,
        field=custom_field.name[:HISTORY_FIELD_LENGTH],
        related_id=custom_field.id,
        old=old or None,
        new=new or None,
    )
    changed = CustomValueChanged(
        ticket_id=ticket.id, field_id=custom_field.id, field_name=custom_field.name,
        old=old, new=new,
    )  # fmt: skip
    emit(session, actor, changed)
