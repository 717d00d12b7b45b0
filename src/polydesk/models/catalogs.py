"""Catalogs (statuses, priorities, impacts, urgencies, types, sources, close reasons, categories)
and the per-dialect code mappings that translate product codes to catalog rows.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Enum, ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from polydesk.db.base import Base


class StatusCategory(StrEnum):
    """What a status means to the life cycle, whatever it is called."""

    NEW = "new"
    OPEN = "open"
    WAITING = "waiting"  # pending / on hold: the SLA clock pauses
    RESOLVED = "resolved"  # a solution is proposed; the requester may still reject it
    CLOSED = "closed"
    CANCELLED = "cancelled"  # closed without a solution (cancelled, rejected, merged, spam)


class PendingAction(StrEnum):
    """What happens when a ticket in the status reaches its pending time (Znuny's pending
    state types): nothing, remind the owner once, or move to ``pending_target_status_id``."""

    NONE = "none"
    REMIND = "remind"
    AUTO_CLOSE = "auto_close"


class CatalogItem:
    """Columns every catalog shares: a unique name, an order, a default flag, enabled."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(150), unique=True)
    description: Mapped[str] = mapped_column(String(500), default="")
    position: Mapped[int] = mapped_column(default=0)
    is_default: Mapped[bool] = mapped_column(default=False)
    is_enabled: Mapped[bool] = mapped_column(default=True)


class Status(CatalogItem, Base):
    __tablename__ = "statuses"
    category: Mapped[StatusCategory] = mapped_column(
        Enum(StatusCategory, native_enum=False, length=16), index=True
    )
    pending_action: Mapped[PendingAction] = mapped_column(
        Enum(PendingAction, native_enum=False, length=16),
        default=PendingAction.NONE,
        server_default=PendingAction.NONE.name,  # stored by name, as every enum here
    )
    pending_target_status_id: Mapped[int | None] = mapped_column(ForeignKey("statuses.id"))


class Priority(CatalogItem, Base):
    """Ordered by ``position``: a higher position is more urgent."""

    __tablename__ = "priorities"
    color: Mapped[str] = mapped_column(String(16), default="")


class Impact(CatalogItem, Base):
    __tablename__ = "impacts"


class Urgency(CatalogItem, Base):
    __tablename__ = "urgencies"


class TicketType(CatalogItem, Base):
    """Incident, request, problem, change... (Integria incident types carry custom fields)."""

    __tablename__ = "ticket_types"


class Source(CatalogItem, Base):
    """The channel a ticket came through: web, e-mail, phone, API, chat..."""

    __tablename__ = "sources"


class CloseReason(CatalogItem, Base):
    """Resolutions / close reasons (Integria resolution, InvGate closed_reason)."""

    __tablename__ = "close_reasons"


class Category(Base):
    """Category tree (InvGate categories, ReadyDesk category/sub_category, Znuny Service)."""

    __tablename__ = "categories"
    __table_args__ = (UniqueConstraint("parent_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(150))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id"), index=True)
    description: Mapped[str] = mapped_column(String(500), default="")
    position: Mapped[int] = mapped_column(default=0)
    is_enabled: Mapped[bool] = mapped_column(default=True)


class DialectCode(Base):
    """Product code <-> core catalog row, e.g. (integria, status, "7") <-> statuses "Closed".

    Data, not code: seeded from each product's fresh install, editable by an admin. ``kind``
    names the core catalog (status, priority, impact, urgency, type, source, close_reason,
    category); ``label`` is the product's own name for the code. The two directions are
    separate because they are not symmetric: ``accepts`` rows translate a code the product
    sends into a core row (one per code), ``renders`` rows pick the code shown for a core row
    (one per core row). A core status a product lacks renders as that product's nearest code.
    """

    __tablename__ = "dialect_codes"
    __table_args__ = (
        UniqueConstraint("dialect", "kind", "code", "core_id"),
        Index(
            "uq_dialect_codes_accepts",
            "dialect",
            "kind",
            "code",
            unique=True,
            sqlite_where=text("accepts"),
            postgresql_where=text("accepts"),
        ),
        Index(
            "uq_dialect_codes_renders",
            "dialect",
            "kind",
            "core_id",
            unique=True,
            sqlite_where=text("renders"),
            postgresql_where=text("renders"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dialect: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(32))
    code: Mapped[str] = mapped_column(String(100))
    label: Mapped[str] = mapped_column(String(150), default="")
    core_id: Mapped[int]
    accepts: Mapped[bool] = mapped_column(default=True)
    renders: Mapped[bool] = mapped_column(default=True)
    # Product facts about the code that have no core meaning (Znuny StateType, a UI label...).
    attributes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
