"""Ticket history: typed events with old and new values, written by the core on every change."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Enum, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from polydesk.db.base import Base


class EventKind(StrEnum):
    CREATED = "created"
    UPDATED = "updated"  # a field without its own kind changed; ``field`` names it
    STATUS_CHANGED = "status_changed"
    PRIORITY_CHANGED = "priority_changed"
    OWNER_CHANGED = "owner_changed"
    RESPONSIBLE_CHANGED = "responsible_changed"
    HELPDESK_CHANGED = "helpdesk_changed"
    REQUESTER_CHANGED = "requester_changed"
    TITLE_CHANGED = "title_changed"
    TYPE_CHANGED = "type_changed"
    CATEGORY_CHANGED = "category_changed"
    LOCK_CHANGED = "lock_changed"
    CLOSED = "closed"
    REOPENED = "reopened"
    COMMENT_ADDED = "comment_added"
    EMAIL_SENT = "email_sent"
    ATTACHMENT_ADDED = "attachment_added"
    ATTACHMENT_DELETED = "attachment_deleted"
    TIME_LOGGED = "time_logged"
    CUSTOM_FIELD_CHANGED = "custom_field_changed"
    LINK_ADDED = "link_added"
    LINK_REMOVED = "link_removed"
    PARTICIPANT_ADDED = "participant_added"
    PARTICIPANT_REMOVED = "participant_removed"
    INVENTORY_LINKED = "inventory_linked"
    WAITING_STARTED = "waiting_started"
    WAITING_ENDED = "waiting_ended"
    SOLUTION_PROPOSED = "solution_proposed"
    SOLUTION_ACCEPTED = "solution_accepted"
    SOLUTION_REJECTED = "solution_rejected"
    APPROVAL_REQUESTED = "approval_requested"
    APPROVAL_DECIDED = "approval_decided"
    SLA_BREACHED = "sla_breached"
    # A notification mail queued for a person (``related_id`` the user, ``field`` the notified
    # event's kind, ``new_value`` the address); Znuny's SendAgent/CustomerNotification lines.
    NOTIFICATION_SENT = "notification_sent"


class HistoryEvent(Base):
    __tablename__ = "history_events"
    __table_args__ = (
        Index("ix_history_ticket_id", "ticket_id", "id"),
        Index("ix_history_ticket_field", "ticket_id", "field", "id"),
        Index("ix_history_ticket_created", "ticket_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[EventKind] = mapped_column(Enum(EventKind, native_enum=False, length=32))
    field: Mapped[str] = mapped_column(String(64), default="")
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    # Ids of the thing the event is about (comment, attachment, time entry, user ...).
    related_id: Mapped[int | None]
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]
