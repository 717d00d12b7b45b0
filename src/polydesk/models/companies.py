"""Companies (customer organisations) and locations."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from polydesk.db.base import Base, Timestamps


class Company(Timestamps, Base):
    __tablename__ = "companies"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(191), unique=True)
    # A text key for the company (Znuny's CustomerID); defaults to the name.
    code: Mapped[str | None] = mapped_column(String(150), unique=True)
    description: Mapped[str] = mapped_column(String(2000), default="")
    address: Mapped[str] = mapped_column(String(500), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    zip: Mapped[str] = mapped_column(String(20), default="")
    country: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    fax: Mapped[str] = mapped_column(String(50), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    website: Mapped[str] = mapped_column(String(254), default="")
    fiscal_id: Mapped[str] = mapped_column(String(50), default="")  # Integria/billing tax id
    # The company's id in another system (InvGate ``external_id``); not unique.
    external_id: Mapped[str | None] = mapped_column(String(191), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"))
    # A user id without a foreign key: users -> companies already has one, and a cycle would
    # need ALTER TABLE, which SQLite lacks. Services check the id exists when they set it.
    manager_id: Mapped[int | None]
    is_enabled: Mapped[bool] = mapped_column(default=True)
    state: Mapped[str] = mapped_column(String(100), default="", server_default="")  # region
    portal_id: Mapped[int | None]  # the customer portal its people use (ReadyDesk portal)
    role_id: Mapped[int | None]  # its role (customer, partner...: Integria id_company_role)


class CompanyGroup(Base):
    """A users group that belongs to a company: the company's users join it
    (``companies.members``)."""

    __tablename__ = "company_groups"

    company_id: Mapped[int] = mapped_column(
        ForeignKey("companies.id", ondelete="CASCADE"), primary_key=True
    )
    group_id: Mapped[int] = mapped_column(
        ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class Location(Timestamps, Base):
    __tablename__ = "locations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(191), index=True)  # Motadata locationName
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id"))
    address: Mapped[str] = mapped_column(String(500), default="")
    is_enabled: Mapped[bool] = mapped_column(default=True)
