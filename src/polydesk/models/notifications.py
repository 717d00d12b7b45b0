"""Notification settings an administrator changes: template overrides per event and language,
and on/off switches per event and recipient kind (``polydesk.notifications``). The defaults
live in code; a row here only records a departure from them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from polydesk.db.base import Base


class NotificationTemplate(Base):
    """An override of the default subject and body of one event in one language."""

    __tablename__ = "notification_templates"
    __table_args__ = (UniqueConstraint("event", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event: Mapped[str] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(16))
    subject: Mapped[str] = mapped_column(String(500))
    body: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime]


class NotificationSwitch(Base):
    """An event's notification to one kind of recipient, turned off (or back on). No row: on."""

    __tablename__ = "notification_switches"

    event: Mapped[str] = mapped_column(String(64), primary_key=True)
    recipient: Mapped[str] = mapped_column(String(32), primary_key=True)
    is_enabled: Mapped[bool] = mapped_column(default=True)
