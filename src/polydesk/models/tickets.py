"""The ticket aggregate: the ticket row and its small satellites (tags, cc, links, participants)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Enum, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from polydesk.db.base import Base
from polydesk.models.catalogs import Category, Priority, Status
from polydesk.models.helpdesks import Helpdesk
from polydesk.models.users import User


class WaitingFor(StrEnum):
    """What a waiting ticket waits for; the wait ends when that happens (InvGate waiting states)."""

    CUSTOMER = "customer"
    AGENT = "agent"
    DATE = "date"  # Znuny pending time, InvGate waiting for date
    EXTERNAL_ENTITY = "external_entity"
    TICKET = "ticket"  # another ticket closes
    APPROVAL = "approval"  # an approval that pauses the SLA is pending (approvals room)
    STATUS = "status"  # moved into a waiting status by hand; ends when the status changes


class Sentiment(StrEnum):
    POSITIVE = "positive"
    NEUTRAL = "neutral"
    NEGATIVE = "negative"


def _enum(cls: type[StrEnum], length: int = 16) -> Enum:
    return Enum(cls, native_enum=False, length=length)


class Ticket(Base):
    __tablename__ = "tickets"
    __table_args__ = (
        Index("ix_tickets_status_updated", "status_id", "updated_at"),
        Index("ix_tickets_helpdesk_status", "helpdesk_id", "status_id"),
        # The pending-time scan: tickets in the few pending statuses whose time has come.
        Index("ix_tickets_status_pending", "status_id", "pending_until"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(500))
    description: Mapped[str] = mapped_column(Text, default="")
    description_mime_type: Mapped[str] = mapped_column(String(64), default="text/plain")

    status_id: Mapped[int] = mapped_column(ForeignKey("statuses.id"), index=True)
    priority_id: Mapped[int] = mapped_column(ForeignKey("priorities.id"), index=True)
    impact_id: Mapped[int | None] = mapped_column(ForeignKey("impacts.id"), index=True)
    urgency_id: Mapped[int | None] = mapped_column(ForeignKey("urgencies.id"), index=True)
    type_id: Mapped[int | None] = mapped_column(ForeignKey("ticket_types.id"), index=True)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"), index=True)
    category_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id"), index=True)

    helpdesk_id: Mapped[int | None] = mapped_column(ForeignKey("helpdesks.id"), index=True)
    level: Mapped[int] = mapped_column(default=1)
    requester_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    creator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    responsible_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    assigned_group_id: Mapped[int | None] = mapped_column(ForeignKey("groups.id"), index=True)
    # The customers' group the ticket belongs to (ReadyDesk customer_group), not who works it.
    customer_group_id: Mapped[int | None] = mapped_column(ForeignKey("groups.id"), index=True)
    last_editor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"), index=True)
    location_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), index=True)
    # Contact details as given on the ticket (ReadyDesk keeps its own copy per ticket).
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    contact_phone: Mapped[str] = mapped_column(String(50), default="")

    close_reason_id: Mapped[int | None] = mapped_column(ForeignKey("close_reasons.id"))
    resolution_note: Mapped[str] = mapped_column(Text, default="")  # Integria epilog
    due_at: Mapped[datetime | None] = mapped_column(index=True)
    occurred_at: Mapped[datetime | None]  # InvGate date_ocurred

    # SLA: targets computed from the SLA, the running pause, and breach flags.
    sla_id: Mapped[int | None] = mapped_column(ForeignKey("slas.id"), index=True)
    sla_disabled: Mapped[bool] = mapped_column(default=False)
    first_response_due_at: Mapped[datetime | None] = mapped_column(index=True)
    update_due_at: Mapped[datetime | None] = mapped_column(index=True)
    resolution_due_at: Mapped[datetime | None] = mapped_column(index=True)
    sla_paused_at: Mapped[datetime | None]
    sla_paused_seconds: Mapped[int] = mapped_column(default=0)
    sla_breached: Mapped[bool] = mapped_column(default=False, index=True)
    # SLA engine (sla.clock): the SLA was named by a caller (rules do not replace it); when the
    # next-update clock started; the next warning or due instant the breach check looks at.
    sla_pinned: Mapped[bool] = mapped_column(default=False)
    sla_update_from: Mapped[datetime | None]
    sla_next_check_at: Mapped[datetime | None] = mapped_column(index=True)

    # Waiting: for whom/what, until when, on which ticket or external entity.
    waiting_for: Mapped[WaitingFor | None] = mapped_column(_enum(WaitingFor))
    pending_until: Mapped[datetime | None] = mapped_column(index=True)
    #: The pending time a reminder was sent for: once per pending time, a new one re-arms.
    pending_reminded_for: Mapped[datetime | None]
    # Indexed: when a ticket closes, the tickets waiting for it are found by this column.
    waiting_for_ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), index=True)
    waiting_for_entity: Mapped[str] = mapped_column(String(200), default="")

    is_locked: Mapped[bool] = mapped_column(default=False)
    locked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    locked_at: Mapped[datetime | None]
    #: When the unlock clock last restarted: creation, a move into an open, waiting or resolved
    #: status, or a lock (Znuny's ``ticket.timeout``, its TicketGet ``UnlockTimeout``).
    unlock_reset_at: Mapped[datetime | None]
    is_spam: Mapped[bool] = mapped_column(default=False, index=True)
    is_archived: Mapped[bool] = mapped_column(default=False)
    sentiment_initial: Mapped[Sentiment | None] = mapped_column(_enum(Sentiment))
    sentiment_current: Mapped[Sentiment | None] = mapped_column(_enum(Sentiment), index=True)
    rating: Mapped[int | None]  # customer satisfaction (Integria score 0..10, InvGate rating)
    rating_comment: Mapped[str] = mapped_column(String(2000), default="")
    reopen_count: Mapped[int] = mapped_column(default=0)
    # Product-specific leftovers with no neutral meaning (e.g. Integria extra_data1..4),
    # keyed "<dialect>.<name>"; documented in docs/concepts.md.
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Bumped by every UPDATE of the row (SQLAlchemy's version counter): an update computed from
    # a stale read matches no row and fails (db.session turns that into Conflict), and it is
    # the native API's ETag.
    version: Mapped[int] = mapped_column(server_default="1")
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012  (SQLAlchemy's hook)

    created_at: Mapped[datetime] = mapped_column(index=True)
    updated_at: Mapped[datetime] = mapped_column(index=True)
    first_response_at: Mapped[datetime | None]
    solved_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None] = mapped_column(index=True)

    status: Mapped[Status] = relationship(lazy="raise")
    priority: Mapped[Priority] = relationship(lazy="raise")
    category: Mapped[Category | None] = relationship(lazy="raise")
    helpdesk: Mapped[Helpdesk | None] = relationship(lazy="raise")
    requester: Mapped[User | None] = relationship(foreign_keys=[requester_id], lazy="raise")
    owner: Mapped[User | None] = relationship(foreign_keys=[owner_id], lazy="raise")
    tags: Mapped[list[TicketTag]] = relationship(
        lazy="raise", cascade="all, delete-orphan", order_by="TicketTag.tag"
    )
    cc: Mapped[list[TicketCc]] = relationship(
        lazy="raise", cascade="all, delete-orphan", order_by="TicketCc.email"
    )


class TicketTag(Base):
    __tablename__ = "ticket_tags"

    ticket_id: Mapped[int] = mapped_column(
        ForeignKey("tickets.id", ondelete="CASCADE"), primary_key=True
    )
    tag: Mapped[str] = mapped_column(String(100), primary_key=True, index=True)


class TicketCc(Base):
    """Addresses copied on the ticket's notifications (Motadata ccEmailSet, Integria email_copy)."""

    __tablename__ = "ticket_cc"

    ticket_id: Mapped[int] = mapped_column(
        ForeignKey("tickets.id", ondelete="CASCADE"), primary_key=True
    )
    email: Mapped[str] = mapped_column(String(254), primary_key=True)


class LinkKind(StrEnum):
    RELATED = "related"  # Znuny Normal, InvGate linked requests
    DUPLICATE = "duplicate"
    CAUSED_BY = "caused_by"
    MERGED_INTO = "merged_into"


class TicketLink(Base):
    __tablename__ = "ticket_links"
    __table_args__ = (UniqueConstraint("source_id", "target_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    kind: Mapped[LinkKind] = mapped_column(_enum(LinkKind))
    created_at: Mapped[datetime]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class ParticipantRole(StrEnum):
    OBSERVER = "observer"
    COLLABORATOR = "collaborator"


class TicketParticipant(Base):
    __tablename__ = "ticket_participants"

    ticket_id: Mapped[int] = mapped_column(
        ForeignKey("tickets.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    role: Mapped[ParticipantRole] = mapped_column(_enum(ParticipantRole), primary_key=True)


class ExternalEntity(Base):
    """Someone outside the help desk a ticket can be linked to and wait for (a supplier, a
    carrier, another company's service desk: InvGate external entities)."""

    __tablename__ = "external_entities"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    is_enabled: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime]


class TicketExternalEntity(Base):
    """A ticket's link to an external entity, with the entity's own reference for the case.
    At most one link per ticket is ``is_waited_on`` (the ticket waits for that entity)."""

    __tablename__ = "ticket_external_entities"
    __table_args__ = (UniqueConstraint("ticket_id", "entity_id", "reference"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("external_entities.id"), index=True)
    reference: Mapped[str] = mapped_column(String(200), default="")
    is_enabled: Mapped[bool] = mapped_column(default=True)
    is_waited_on: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class TicketCounter(Base):
    """Named counters for ticket numbers; incremented with UPDATE ... RETURNING (no duplicates)."""

    __tablename__ = "ticket_counters"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    period: Mapped[str] = mapped_column(String(16), default="")  # e.g. the day for date numbers
    value: Mapped[int] = mapped_column(default=0)


__all__ = [
    "ExternalEntity",
    "LinkKind",
    "ParticipantRole",
    "Sentiment",
    "Text",
    "Ticket",
    "TicketCc",
    "TicketCounter",
    "TicketExternalEntity",
    "TicketLink",
    "TicketParticipant",
    "TicketTag",
    "WaitingFor",
]
