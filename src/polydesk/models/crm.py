"""CRM: leads and newsletter addresses (Integria)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Index, Numeric, String, Text, UniqueConstraint, func, text
from sqlalchemy.orm import Mapped, mapped_column

from polydesk.db.base import Base, Timestamps


class Lead(Timestamps, Base):
    __tablename__ = "leads"
    # The native list's filters (crm.leads): name and e-mail ignoring case, the rest as is.
    __table_args__ = (
        Index("ix_leads_full_name_lower", func.lower(text("full_name"))),
        Index("ix_leads_email_lower", func.lower(text("email"))),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(255))
    email: Mapped[str] = mapped_column(String(254), default="", index=True)
    phone: Mapped[str] = mapped_column(String(50), default="")
    mobile: Mapped[str] = mapped_column(String(50), default="")
    position: Mapped[str] = mapped_column(String(100), default="")
    company_name: Mapped[str] = mapped_column(String(255), default="")
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"), index=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    country: Mapped[str] = mapped_column(String(100), default="")
    language: Mapped[str] = mapped_column(String(16), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    progress: Mapped[int] = mapped_column(default=0, index=True)
    estimated_sale: Mapped[float] = mapped_column(Numeric(14, 2, asdecimal=False), default=0)
    estimated_close_on: Mapped[date | None] = mapped_column(Date)
    tags: Mapped[str] = mapped_column(String(1000), default="")
    # Kept as the source system's numbers (Integria id_category, id_campaign): no core catalog.
    category_id: Mapped[int | None] = mapped_column(index=True)
    campaign_id: Mapped[int | None] = mapped_column(index=True)


class Newsletter(Base):
    __tablename__ = "newsletters"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(191), unique=True)
    description: Mapped[str] = mapped_column(String(1000), default="")


class NewsletterAddress(Timestamps, Base):
    __tablename__ = "newsletter_addresses"
    __table_args__ = (UniqueConstraint("newsletter_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    newsletter_id: Mapped[int] = mapped_column(ForeignKey("newsletters.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(255), default="")
    email: Mapped[str] = mapped_column(String(254))
    is_validated: Mapped[bool] = mapped_column(default=False)
