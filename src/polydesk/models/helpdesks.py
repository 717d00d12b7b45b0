"""Help desks (queues) with support levels, members, and SLAs."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import JSON, Enum, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from polydesk.db.base import Base, Timestamps

if TYPE_CHECKING:
    from polydesk.models.calendars import BusinessCalendar


class AssignmentEngine(StrEnum):
    """How a ticket entering a help desk level without an owner gets one (``routing``):
    manual and free leave it unassigned (free: a pool every member may take from)."""

    MANUAL = "manual"
    FREE = "free"
    ROUND_ROBIN = "round_robin"
    LEAST_LOADED = "least_loaded"


class Helpdesk(Timestamps, Base):
    """InvGate help desk, Znuny queue, Integria group (as ticket queue), ReadyDesk tech group."""

    __tablename__ = "helpdesks"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(191), unique=True)
    description: Mapped[str] = mapped_column(String(1000), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("helpdesks.id"))
    group_id: Mapped[int | None] = mapped_column(ForeignKey("groups.id"))
    sla_id: Mapped[int | None] = mapped_column(ForeignKey("slas.id"))
    default_owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    assignment_engine: Mapped[AssignmentEngine] = mapped_column(
        Enum(AssignmentEngine, native_enum=False, length=16), default=AssignmentEngine.MANUAL
    )
    # The ticket sources its members work (ReadyDesk tech group "sources"); empty: all.
    source_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    # Znuny queue: minutes after which an idle locked ticket is unlocked (0 = never).
    unlock_timeout_minutes: Mapped[int] = mapped_column(default=0)
    is_enabled: Mapped[bool] = mapped_column(default=True)


class HelpdeskLevel(Base):
    __tablename__ = "helpdesk_levels"
    __table_args__ = (UniqueConstraint("helpdesk_id", "level"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    helpdesk_id: Mapped[int] = mapped_column(ForeignKey("helpdesks.id", ondelete="CASCADE"))
    level: Mapped[int] = mapped_column(default=1)
    name: Mapped[str] = mapped_column(String(150))
    group_id: Mapped[int | None] = mapped_column(ForeignKey("groups.id"))


class MemberAccess(StrEnum):
    READ = "read"
    WRITE = "write"


class HelpdeskMember(Base):
    """An agent's access to a help desk (Znuny ro/rw on the queue's group)."""

    __tablename__ = "helpdesk_members"

    helpdesk_id: Mapped[int] = mapped_column(
        ForeignKey("helpdesks.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    level: Mapped[int] = mapped_column(default=1)
    access: Mapped[MemberAccess] = mapped_column(
        Enum(MemberAccess, native_enum=False, length=8), default=MemberAccess.WRITE
    )


class Sla(Timestamps, Base):
    __tablename__ = "slas"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(191), unique=True)
    description: Mapped[str] = mapped_column(String(1000), default="")
    first_response_minutes: Mapped[int | None]
    resolution_minutes: Mapped[int | None]
    update_minutes: Mapped[int | None]  # Znuny UpdateTime escalation
    business_hours_only: Mapped[bool] = mapped_column(default=False)
    calendar_id: Mapped[int | None] = mapped_column(ForeignKey("business_calendars.id"), index=True)
    is_enabled: Mapped[bool] = mapped_column(default=True)
    # SLA engine: warn when this share of a target has elapsed (None: no warnings); on a breach
    # move the ticket to the next level of its help desk and/or to an agent or group.
    warning_percent: Mapped[int | None]
    escalate_to_next_level: Mapped[bool] = mapped_column(default=False)
    escalate_to_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    escalate_to_group_id: Mapped[int | None] = mapped_column(ForeignKey("groups.id"))
    # Read with the SLA where the SLA engine can join it (sla.policy), so the clock's calendar
    # costs no statement of its own.
    calendar: Mapped[BusinessCalendar | None] = relationship(lazy="select")


class SlaRule(Timestamps, Base):
    """Chooses an SLA for a ticket: every criterion set must match (unset: any); the enabled
    rule with the lowest position (then name) that matches wins."""

    __tablename__ = "sla_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(191), unique=True)
    position: Mapped[int] = mapped_column(default=0, index=True)
    sla_id: Mapped[int] = mapped_column(ForeignKey("slas.id"), index=True)
    priority_id: Mapped[int | None] = mapped_column(ForeignKey("priorities.id"), index=True)
    helpdesk_id: Mapped[int | None] = mapped_column(ForeignKey("helpdesks.id"), index=True)
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"), index=True)
    category_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id"), index=True)
    type_id: Mapped[int | None] = mapped_column(ForeignKey("ticket_types.id"), index=True)
    is_enabled: Mapped[bool] = mapped_column(default=True)
