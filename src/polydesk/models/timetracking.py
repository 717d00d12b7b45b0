"""Time entries (Integria workunits, InvGate time tracking, Znuny TimeUnit, ReadyDesk time)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from polydesk.db.base import Base


class TimeEntry(Base):
    __tablename__ = "time_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int | None] = mapped_column(
        ForeignKey("tickets.id", ondelete="CASCADE"), index=True
    )
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id", ondelete="SET NULL"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    # Seconds: exact for Integria's hours with two decimals (36 s) and Znuny's minutes.
    duration_seconds: Mapped[int]
    started_at: Mapped[datetime] = mapped_column(index=True)
    is_billable: Mapped[bool] = mapped_column(default=False)
    is_public: Mapped[bool] = mapped_column(default=True)
    is_remote: Mapped[bool] = mapped_column(default=False)  # Integria work_home
    category: Mapped[str] = mapped_column(String(100), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    rate: Mapped[float | None]  # hourly rate for billing
    invoice_id: Mapped[int | None] = mapped_column(ForeignKey("invoices.id"))
    created_at: Mapped[datetime]


class TimeCategory(Base):
    """What time is spent on, with its cost per hour (InvGate time tracking categories), in a
    tree. A time entry names one by id in ``TimeEntry.category``."""

    __tablename__ = "time_categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(150))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("time_categories.id"), index=True)
    cost_per_hour: Mapped[float | None] = mapped_column(Numeric(14, 2, asdecimal=False))
