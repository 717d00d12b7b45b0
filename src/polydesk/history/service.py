"""Record and read ticket history events."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from polydesk.authz.parts import visible_events
from polydesk.core.actor import Actor
from polydesk.core.clock import utcnow
from polydesk.core.pagination import Page, PageRequest
from polydesk.models.history import EventKind, HistoryEvent
from polydesk.tickets.keyset import keyset_page


def record_event(
    session: Session,
    actor: Actor,
    *,
    ticket_id: int,
    kind: EventKind,
    field: str = "",
    old: object = None,
    new: object = None,
    related_id: int | None = None,
    description: str = "",
) -> HistoryEvent:
    event = HistoryEvent(
        ticket_id=ticket_id,
        actor_id=actor.user_id,
        kind=kind,
        field=field,
        old_value=None if old is None else str(old),
        new_value=None if new is None else str(new),
        related_id=related_id,
        description=description,
        created_at=utcnow(),
    )
    session.add(event)
    return event


def record_events(session: Session, actor: Actor, events: list[EventFields]) -> None:
    """Many events in one statement (an executemany, no ids read back): for writers that
    record one event per person told, whose statements must not grow with the people."""
    if not events:
        return
    now = utcnow()
    rows = [
        {
            "ticket_id": event.ticket_id,
            "actor_id": actor.user_id if event.actor_id is None else event.actor_id,
            "kind": event.kind,
            "field": event.field,
            "old_value": None,
            "new_value": event.new,
            "related_id": event.related_id,
            "description": "",
            "created_at": now,
        }
        for event in events
    ]
    session.execute(insert(HistoryEvent), rows)


@dataclass(frozen=True)
class EventFields:
    ticket_id: int
    kind: EventKind
    field: str = ""
    new: str | None = None
    related_id: int | None = None
    actor_id: int | None = None


def list_events(
    session: Session, actor: Actor, ticket_id: int, page: PageRequest
) -> Page[HistoryEvent]:
    """Events oldest first, those the actor reads (``authz.parts``: a customer does not read
    the lines about internal comments, files or time). The caller has checked that the actor
    may read the ticket."""
    query = select(HistoryEvent).where(HistoryEvent.ticket_id == ticket_id, visible_events(actor))
    return keyset_page(session, query, page, "history", HistoryEvent.id)
