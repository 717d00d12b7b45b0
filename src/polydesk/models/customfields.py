"""Custom field definitions, their options (lists and trees) and values on tickets."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Enum, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from polydesk.db.base import Base


class FieldType(StrEnum):
    TEXT = "text"
    TEXTAREA = "textarea"
    NUMBER = "number"
    DATE = "date"
    DATETIME = "datetime"
    CHECKBOX = "checkbox"
    LIST = "list"
    MULTI_LIST = "multi_list"
    TREE = "tree"
    USER = "user"
    CI = "ci"  # an inventory item
    LINKED = "linked"  # Integria linked combo: options depend on another field's value


class CustomField(Base):
    __tablename__ = "custom_fields"
    __table_args__ = (UniqueConstraint("entity", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entity: Mapped[str] = mapped_column(String(32), default="ticket")  # ticket, user, company...
    name: Mapped[str] = mapped_column(String(150))  # machine name (Znuny DynamicField Name)
    label: Mapped[str] = mapped_column(String(255))
    field_type: Mapped[FieldType] = mapped_column(Enum(FieldType, native_enum=False, length=16))
    ticket_type_id: Mapped[int | None] = mapped_column(ForeignKey("ticket_types.id"), index=True)
    helpdesk_id: Mapped[int | None] = mapped_column(ForeignKey("helpdesks.id"))
    parent_field_id: Mapped[int | None] = mapped_column(ForeignKey("custom_fields.id"))
    is_required: Mapped[bool] = mapped_column(default=False)
    show_in_list: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int] = mapped_column(default=0)
    is_enabled: Mapped[bool] = mapped_column(default=True)
    config: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class CustomFieldOption(Base):
    __tablename__ = "custom_field_options"

    id: Mapped[int] = mapped_column(primary_key=True)
    field_id: Mapped[int] = mapped_column(
        ForeignKey("custom_fields.id", ondelete="CASCADE"), index=True
    )
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("custom_field_options.id"))
    value: Mapped[str] = mapped_column(String(255))
    label: Mapped[str] = mapped_column(String(255), default="")
    position: Mapped[int] = mapped_column(default=0)


class CustomFieldValue(Base):
    """One value per (ticket, field); multi-valued fields keep a list in ``value_json``."""

    __tablename__ = "custom_field_values"
    __table_args__ = (UniqueConstraint("ticket_id", "field_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"))
    field_id: Mapped[int] = mapped_column(
        ForeignKey("custom_fields.id", ondelete="CASCADE"), index=True
    )
    value_text: Mapped[str | None] = mapped_column(Text)
    value_number: Mapped[float | None] = mapped_column(Numeric(20, 6, asdecimal=False))
    value_datetime: Mapped[datetime | None]
    value_option_id: Mapped[int | None] = mapped_column(ForeignKey("custom_field_options.id"))
    value_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    value_inventory_id: Mapped[int | None] = mapped_column(ForeignKey("inventory_items.id"))
    value_json: Mapped[Any | None] = mapped_column(JSON)
