"""Groups of users (Integria tgrupo, InvGate groups, ReadyDesk tech groups, Znuny groups)."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from polydesk.db.base import Base, Timestamps


class Group(Timestamps, Base):
    __tablename__ = "groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(191), unique=True)
    description: Mapped[str] = mapped_column(String(1000), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("groups.id"))
    is_enabled: Mapped[bool] = mapped_column(default=True)


class GroupMember(Base):
    __tablename__ = "group_members"

    group_id: Mapped[int] = mapped_column(
        ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
