"""Approvals on tickets: who must vote, the votes, expiry, and the outcome; and the templates
(InvGate custom approvals) agents instantiate on a ticket."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, Enum, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from polydesk.db.base import Base


class ApprovalStatus(StrEnum):
    WAITING = "waiting"
    APPROVED = "approved"
    REJECTED = "rejected"
    EXPIRED = "expired"
    CANCELLED = "cancelled"


class Vote(StrEnum):
    """A voter's state once it is no longer waiting (``None`` = not voted yet)."""

    APPROVE = "approve"
    REJECT = "reject"
    EXPIRED = "expired"  # the approval expired before this voter voted
    ANNULLED = "annulled"  # the approval was decided or cancelled before this voter voted


class ExpiryAction(StrEnum):
    """What an approval becomes when it expires undecided (InvGate ``expired_approved``)."""

    APPROVE = "approve"
    REJECT = "reject"


class ApprovalKind(StrEnum):
    TEMPLATE = "template"  # from an ApprovalTemplate (InvGate predefined / custom approval)
    CUSTOM = "custom"  # voters and quorum given by the caller
    SPONTANEOUS = "spontaneous"  # one voter, ad hoc


class ApprovalTemplate(Base):
    """A reusable approval: who votes, the quorum, whether it pauses the SLA, expiry."""

    __tablename__ = "approval_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    description_prompt: Mapped[str] = mapped_column(String(500), default="")
    description_required: Mapped[bool] = mapped_column(default=False)
    pauses_sla: Mapped[bool] = mapped_column(default=True)
    expires_in_seconds: Mapped[int | None]
    expiry_action: Mapped[ExpiryAction | None] = mapped_column(
        Enum(ExpiryAction, native_enum=False, length=16)
    )
    voter_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    required_votes: Mapped[int] = mapped_column(default=1)
    # Tickets of this category (or any, when empty) may use the template.
    category_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id"), index=True)
    workflow_id: Mapped[int | None] = mapped_column(ForeignKey("workflows.id"))
    workflow_step: Mapped[int | None]
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime]


class Approval(Base):
    __tablename__ = "approvals"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32), default="custom")  # an ApprovalKind value
    template_id: Mapped[int | None] = mapped_column(ForeignKey("approval_templates.id"), index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[ApprovalStatus] = mapped_column(
        Enum(ApprovalStatus, native_enum=False, length=16), index=True
    )
    required_votes: Mapped[int] = mapped_column(default=1)  # quorum of approvals
    pauses_sla: Mapped[bool] = mapped_column(default=True)
    expiry_action: Mapped[ExpiryAction | None] = mapped_column(
        Enum(ExpiryAction, native_enum=False, length=16)
    )
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decision_note: Mapped[str] = mapped_column(String(2000), default="")
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
