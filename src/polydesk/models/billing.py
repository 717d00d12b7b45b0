"""Invoices and their lines (Integria invoices, ReadyDesk line items and invoices)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from polydesk.db.base import Base, Timestamps


class Invoice(Timestamps, Base):
    __tablename__ = "invoices"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(100), unique=True)  # Integria bill_id
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"), index=True)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending, paid, canceled
    direction: Mapped[str] = mapped_column(String(16), default="issued")  # issued, received
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    tax_rate: Mapped[float] = mapped_column(Numeric(8, 2, asdecimal=False), default=0)
    description: Mapped[str] = mapped_column(Text, default="")
    reference: Mapped[str] = mapped_column(String(255), default="")
    internal_note: Mapped[str] = mapped_column(Text, default="")
    issued_on: Mapped[date | None] = mapped_column(Date)
    due_on: Mapped[date | None] = mapped_column(Date)
    paid_on: Mapped[date | None] = mapped_column(Date)
    locked_at: Mapped[datetime | None]
    locked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    language: Mapped[str] = mapped_column(String(16), default="")  # language of the document


class InvoiceLine(Base):
    """A billable line: on an invoice, or on a ticket before it is invoiced."""

    __tablename__ = "invoice_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int | None] = mapped_column(
        ForeignKey("invoices.id", ondelete="CASCADE"), index=True
    )
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    description: Mapped[str] = mapped_column(String(1000))
    quantity: Mapped[float] = mapped_column(Numeric(14, 4, asdecimal=False), default=1)
    unit_price: Mapped[float] = mapped_column(Numeric(14, 2, asdecimal=False), default=0)
    created_at: Mapped[datetime]
