"""Time entry use cases: log time on a ticket, list a ticket's entries."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from polydesk.authz.tickets import require_agent, require_change
from polydesk.core.actor import Actor
from polydesk.core.clock import utcnow
from polydesk.core.pagination import Page, PageRequest
from polydesk.core.validation import AwareDatetime
from polydesk.history.service import record_event
from polydesk.models.history import EventKind
from polydesk.models.timetracking import TimeEntry
from polydesk.tickets.service import list_ticket_parts, require_ticket


class TimeEntryCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    duration_seconds: int = Field(gt=0, le=7 * 24 * 3600)
    started_at: AwareDatetime | None = None
    is_billable: bool = False
    is_public: bool = True
    category: str = Field(default="", max_length=100)
    description: str = Field(default="", max_length=100_000)
    comment_id: int | None = None


def log_time(session: Session, actor: Actor, ticket_id: int, cmd: TimeEntryCreate) -> TimeEntry:
    require_agent(actor)
    ticket = require_ticket(session, actor, ticket_id)
    require_change(actor, ticket)
    now = utcnow()
    entry = TimeEntry(
        **cmd.model_dump(exclude={"started_at"}),
        ticket_id=ticket.id,
        user_id=actor.user_id,
        started_at=cmd.started_at or now,
        created_at=now,
    )
    session.add(entry)
    session.flush()
    ticket.updated_at = now
    record_event(
        session,
        actor,
        ticket_id=ticket.id,
        kind=EventKind.TIME_LOGGED,
        related_id=entry.id,
        new=entry.duration_seconds,
    )
    return entry


def list_time_entries(
    session: Session, actor: Actor, ticket_id: int, page: PageRequest
) -> Page[TimeEntry]:
    return list_ticket_parts(session, actor, ticket_id, TimeEntry, page, TimeEntry.id)
