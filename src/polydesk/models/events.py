"""Domain events: one row per state change, written in the change's own transaction and
handed to subscribers by the worker after commit (``polydesk.events``, docs/events.md)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from polydesk.db.base import Base


class EventRecord(Base):
    """An event as stored. ``ticket_id`` and ``actor_id`` carry no foreign key on purpose: the
    record outlives the ticket or user it names (a deleted ticket's last events still reach
    their subscribers)."""

    __tablename__ = "domain_events"
    __table_args__ = (
        Index("ix_domain_events_ticket", "ticket_id", "id"),
        Index("ix_domain_events_batch", "batch", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The transaction that recorded it: one dispatch job delivers each batch.
    batch: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(64))
    ticket_id: Mapped[int | None]
    actor_id: Mapped[int | None]
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    occurred_at: Mapped[datetime]
