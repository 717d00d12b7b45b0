"""Mail in: the mailboxes Polydesk receives for, and the messages it has imported (issue 19)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from polydesk.db.base import Base


class Mailbox(Base):
    """Where incoming mail goes: the addresses it receives for and the help desk new tickets
    open in. Unknown senders become customers only when ``create_unknown_senders`` is set."""

    __tablename__ = "mailboxes"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    #: Lower-case addresses, comma separated (``support@example.com, help@example.com``).
    addresses: Mapped[str] = mapped_column(Text, default="")
    helpdesk_id: Mapped[int] = mapped_column(ForeignKey("helpdesks.id"))
    create_unknown_senders: Mapped[bool] = mapped_column(default=False)
    enabled: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime]


class MailImport(Base):
    """One received message, by its Message-ID (unique: a rerun or an MTA retry never
    imports it twice), and what became of it."""

    __tablename__ = "mail_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[str] = mapped_column(String(998), unique=True)
    mailbox_id: Mapped[int | None] = mapped_column(ForeignKey("mailboxes.id", ondelete="SET NULL"))
    #: ``ticket`` (opened one), ``reply`` (a comment) or ``ignored`` (auto-reply / bulk).
    outcome: Mapped[str] = mapped_column(String(16))
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id", ondelete="SET NULL"))
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]
