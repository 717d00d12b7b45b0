"""Approvals on tickets: who must vote, the votes, expiry, and the outcome."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Enum, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from polydesk.db.base import Base


class ApprovalStatus(StrEnum):
    WAITING = "waiting"
    APPROVED = "approved"
    REJECTED = "rejected"
    EXPIRED = "expired"
    CANCELLED = "cancelled"


class Vote(StrEnum):
    APPROVE = "approve"
    REJECT = "reject"


class Approval(Base):
    __tablename__ = "approvals"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32), default="custom")  # template, custom, spontaneous
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[ApprovalStatus] = mapped_column(
        Enum(ApprovalStatus, native_enum=False, length=16), index=True
    )
    required_votes: Mapped[int] = mapped_column(default=1)  # quorum of approvals
    pauses_sla: Mapped[bool] = mapped_column(default=True)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime | None] = mapped_column(index=True)
    decided_at: Mapped[datetime | None]


class ApprovalVote(Base):
    """A voter on an approval; ``vote`` stays empty until they decide."""

    __tablename__ = "approval_votes"

    approval_id: Mapped[int] = mapped_column(
        ForeignKey("approvals.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True, index=True)
    vote: Mapped[Vote | None] = mapped_column(Enum(Vote, native_enum=False, length=16))
    comment: Mapped[str] = mapped_column(String(2000), default="")
    voted_at: Mapped[datetime | None]
