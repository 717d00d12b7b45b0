"""Inventory items / configuration items (Integria inventory, InvGate CIs, ReadyDesk assets)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import JSON, BigInteger, Date, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from polydesk.db.base import Base, Timestamps


class InventoryItem(Timestamps, Base):
    __tablename__ = "inventory_items"
    # One row per CI of an ITAM integration; also the index behind lookups by source and id.
    __table_args__ = (UniqueConstraint("itam_source_id", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255), index=True)
    # Lower-cased name: the index behind case-insensitive prefix searches (inventory.cis).
    name_key: Mapped[str] = mapped_column(String(255), default="", index=True)
    item_type: Mapped[str] = mapped_column(String(100), default="", index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    serial_number: Mapped[str] = mapped_column(String(255), default="", index=True)
    part_number: Mapped[str] = mapped_column(String(255), default="")
    manufacturer: Mapped[str] = mapped_column(String(255), default="")
    status: Mapped[str] = mapped_column(String(32), default="new")  # new, inuse, unused, issued
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"), index=True)
    location_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("inventory_items.id"))
    is_public: Mapped[bool] = mapped_column(default=True)
    cost: Mapped[float | None] = mapped_column(Numeric(14, 2, asdecimal=False))
    received_on: Mapped[date | None] = mapped_column(Date)
    issued_on: Mapped[date | None] = mapped_column(Date)
    attributes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Configuration items imported from an IT asset management tool (InvGate's ``ci_source_id``
    # / ``ci_external_id`` / ``group``); all empty for items created here.
    itam_source_id: Mapped[int | None] = mapped_column()
    external_id: Mapped[int | None] = mapped_column(BigInteger)
    ci_group: Mapped[str] = mapped_column(String(64), default="")


class TicketInventory(Base):
    __tablename__ = "ticket_inventory"

    ticket_id: Mapped[int] = mapped_column(
        ForeignKey("tickets.id", ondelete="CASCADE"), primary_key=True
    )
    inventory_id: Mapped[int] = mapped_column(
        ForeignKey("inventory_items.id", ondelete="CASCADE"), primary_key=True, index=True
    )
