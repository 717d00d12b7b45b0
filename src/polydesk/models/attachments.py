"""Attachment metadata; the bytes live in the file store under ``storage_key``."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from polydesk.db.base import Base


class Attachment(Base):
    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Owners: a ticket (optionally one of its comments), or a KB article, lead, company, invoice.
    ticket_id: Mapped[int | None] = mapped_column(
        ForeignKey("tickets.id", ondelete="CASCADE"), index=True
    )
    comment_id: Mapped[int | None] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"), index=True
    )
    kb_article_id: Mapped[int | None] = mapped_column(ForeignKey("kb_articles.id"), index=True)
    lead_id: Mapped[int | None] = mapped_column(ForeignKey("leads.id"), index=True)
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"), index=True)
    invoice_id: Mapped[int | None] = mapped_column(ForeignKey("invoices.id"), index=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(255), default="application/octet-stream")
    size: Mapped[int] = mapped_column(BigInteger)
    declared_size: Mapped[int | None] = mapped_column(BigInteger)  # as the client stated it
    sha256: Mapped[str] = mapped_column(String(64))
    storage_key: Mapped[str] = mapped_column(String(255), unique=True)
    description: Mapped[str] = mapped_column(String(2000), default="")
    content_id: Mapped[str] = mapped_column(String(255), default="")  # inline parts (Znuny)
    disposition: Mapped[str] = mapped_column(String(16), default="attachment")
    is_public: Mapped[bool] = mapped_column(default=True)
    # Unclaimed uploads (Motadata oprfile refFileName) wait here until a ticket claims them.
    upload_ref: Mapped[str | None] = mapped_column(String(100), unique=True)
    created_at: Mapped[datetime]
