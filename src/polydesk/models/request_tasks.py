"""Tasks on a ticket: small pieces of work an agent or a help desk does before the ticket can be
solved (InvGate request tasks). Ordered by ``position`` within their ticket."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Enum, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from polydesk.db.base import Base


class TaskStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    REMOVED = "removed"  # withdrawn; kept for the record (InvGate DELETED)
    SKIPPED = "skipped"  # deliberately not done (a non-required task)


class TicketTask(Base):
    __tablename__ = "ticket_tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[TaskStatus] = mapped_column(
        Enum(TaskStatus, native_enum=False, length=16), default=TaskStatus.OPEN
    )
    # Assigned to a user, or else to a help desk (whoever of its members picks it up).
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    helpdesk_id: Mapped[int | None] = mapped_column(ForeignKey("helpdesks.id"), index=True)
    is_required: Mapped[bool] = mapped_column(default=False)
    # Set when a workflow stage created the task (InvGate is_predefined / wf_stage_id).
    workflow_stage: Mapped[str] = mapped_column(String(64), default="")
    # A ticket opened to carry the task out, if any.
    linked_ticket_id: Mapped[int | None] = mapped_column(
        ForeignKey("tickets.id", ondelete="SET NULL")
    )
    due_at: Mapped[datetime | None]
    completed_at: Mapped[datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


__all__ = ["TaskStatus", "TicketTask"]
