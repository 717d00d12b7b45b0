"""Routing rules (which help desk a request with none lands in) and the assignment engine's
state (whose turn it is, when an agent last got a ticket)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from polydesk.db.base import Base, Timestamps


class RoutingRule(Timestamps, Base):
    """Sends a ticket opened without a help desk to ``helpdesk_id`` at ``level``: every
    criterion set must match (unset: any); enabled rules are tried by position, then name, and
    the first match wins. A rule with no criterion is the default desk."""

    __tablename__ = "routing_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(191), unique=True)
    position: Mapped[int] = mapped_column(default=0, index=True)
    category_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id"), index=True)
    type_id: Mapped[int | None] = mapped_column(ForeignKey("ticket_types.id"), index=True)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"), index=True)
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"), index=True)
    helpdesk_id: Mapped[int] = mapped_column(
        ForeignKey("helpdesks.id", ondelete="CASCADE"), index=True
    )
    level: Mapped[int] = mapped_column(default=1)
    is_enabled: Mapped[bool] = mapped_column(default=True)


class AssignmentTurn(Base):
    """One row per (help desk, level) the engine has assigned in: read with a row lock, so
    concurrent assignments in one queue take turns; ``last_user_id`` is round robin's turn."""

    __tablename__ = "assignment_turns"

    helpdesk_id: Mapped[int] = mapped_column(
        ForeignKey("helpdesks.id", ondelete="CASCADE"), primary_key=True
    )
    level: Mapped[int] = mapped_column(primary_key=True)
    last_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class AgentAssignment(Base):
    """When the engine last gave an agent a ticket (least loaded's tie-break)."""

    __tablename__ = "agent_assignments"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    last_assigned_at: Mapped[datetime]
