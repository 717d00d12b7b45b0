"""What the SLA engine's breach check has already reported for a ticket: one mark per target
(first response, update, resolution) and kind (warning, breach)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Enum, ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from polydesk.db.base import Base


class SlaTarget(StrEnum):
    FIRST_RESPONSE = "first_response"
    UPDATE = "update"
    RESOLUTION = "resolution"


class MarkKind(StrEnum):
    WARNING = "warning"
    BREACH = "breach"


class TicketSlaMark(Base):
    """A warning or breach reported for the due time ``due_at``. The unique key makes a second
    worker's report of the same thing fail; a mark whose ``due_at`` is no longer the target's
    due time is stale (the due time was recomputed) and is replaced when the new one passes."""

    __tablename__ = "ticket_sla_marks"
    __table_args__ = (UniqueConstraint("ticket_id", "target", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"))
    target: Mapped[SlaTarget] = mapped_column(Enum(SlaTarget, native_enum=False, length=16))
    kind: Mapped[MarkKind] = mapped_column(Enum(MarkKind, native_enum=False, length=16))
    due_at: Mapped[datetime]
    created_at: Mapped[datetime]
