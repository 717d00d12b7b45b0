"""Comments / articles on a ticket: notes, replies, e-mails, phone calls, solutions."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Enum, ForeignKey, Index, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from polydesk.db.base import Base


class Channel(StrEnum):
    """How the comment arrived (Znuny communication channel, InvGate source)."""

    NOTE = "note"
    EMAIL = "email"
    PHONE = "phone"
    WEB = "web"
    CHAT = "chat"
    API = "api"
    SYSTEM = "system"


class SenderType(StrEnum):
    AGENT = "agent"
    CUSTOMER = "customer"
    SYSTEM = "system"


class SolutionState(StrEnum):
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class Comment(Base):
    __tablename__ = "comments"
    __table_args__ = (Index("ix_comments_ticket_created", "ticket_id", "created_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    is_public: Mapped[bool] = mapped_column(default=True)  # visible to the customer
    is_solution: Mapped[bool] = mapped_column(default=False)
    # The ticket's opening message (Znuny's first article), so edges can tell it apart.
    is_initial: Mapped[bool] = mapped_column(default=False)
    # Marked as a propagation comment (InvGate is_propagation): a reply its author meant to be
    # carried to the linked requests; kept and shown, the mark changes no one's rights.
    is_propagation: Mapped[bool] = mapped_column(default=False, server_default=false())
    solution_state: Mapped[SolutionState | None] = mapped_column(
        Enum(SolutionState, native_enum=False, length=16)
    )
    channel: Mapped[Channel] = mapped_column(Enum(Channel, native_enum=False, length=16))
    sender_type: Mapped[SenderType] = mapped_column(Enum(SenderType, native_enum=False, length=16))
    subject: Mapped[str] = mapped_column(String(1000), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    mime_type: Mapped[str] = mapped_column(String(64), default="text/plain")
    charset: Mapped[str] = mapped_column(String(32), default="utf-8")
    from_address: Mapped[str] = mapped_column(String(1000), default="")
    to_addresses: Mapped[str] = mapped_column(String(2000), default="")
    cc_addresses: Mapped[str] = mapped_column(String(2000), default="")
    bcc_addresses: Mapped[str] = mapped_column(String(2000), default="")
    reply_to: Mapped[str] = mapped_column(String(1000), default="")
    message_id: Mapped[str] = mapped_column(String(998), default="", index=True)
    in_reply_to: Mapped[str] = mapped_column(String(998), default="")
    references: Mapped[str] = mapped_column(Text, default="")
    #: The auto-response this article asked for (Znuny's ``AutoResponseType``, e.g. ``auto
    #: reply``); "" for none. Kept as given: Polydesk sends no auto-responses itself.
    auto_response_type: Mapped[str] = mapped_column(String(32), default="", server_default="")
    created_at: Mapped[datetime]
