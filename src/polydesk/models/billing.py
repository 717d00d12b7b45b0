"""Invoices and their lines (Integria invoices, ReadyDesk line items and invoices)."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Date, Enum, ForeignKey, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from polydesk.db.base import Base, Timestamps


class Invoice(Timestamps, Base):
    __tablename__ = "invoices"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(100), unique=True)  # Integria bill_id
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"), index=True)
    # The customer user billed (ReadyDesk cid); Integria bills companies and leaves it empty.
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), index=True)
    task_id: Mapped[int | None]  # the project task billed, in the system it came from (Integria)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending, paid, canceled
    direction: Mapped[str] = mapped_column(String(16), default="issued")  # issued, received
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    tax_rate: Mapped[float] = mapped_column(Numeric(8, 2, asdecimal=False), default=0)
    description: Mapped[str] = mapped_column(Text, default="")
    reference: Mapped[str] = mapped_column(String(255), default="")
    internal_note: Mapped[str] = mapped_column(Text, default="")
    issued_on: Mapped[date | None] = mapped_column(Date, index=True)
    due_on: Mapped[date | None] = mapped_column(Date)
    paid_on: Mapped[date | None] = mapped_column(Date)
    locked_at: Mapped[datetime | None]
    locked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    language: Mapped[str] = mapped_column(String(16), default="")  # language of the document


class TimeUnit(StrEnum):
    """What a line's quantity counts when it is time spent (ReadyDesk line items)."""

    MINUTES = "minutes"
    HOURS = "hours"
    DAYS = "days"


class InvoiceLine(Base):
    """A billable line: on an invoice, or on a ticket before it is invoiced.

    ``description`` is the line's title; ``quantity`` x ``unit_price`` is its amount. Lines
    entered one by one (ReadyDesk line items) also name who did the work, the customer billed,
    when, a billing category, the unit of a time quantity and notes.
    """

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
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    occurred_at: Mapped[datetime | None] = mapped_column(index=True)
    category: Mapped[str] = mapped_column(String(50), default="")
    time_unit: Mapped[TimeUnit | None] = mapped_column(Enum(TimeUnit, native_enum=False, length=16))
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime | None]
