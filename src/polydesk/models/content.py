"""Knowledge base and breaking news."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, func, text
from sqlalchemy.orm import Mapped, mapped_column

from polydesk.db.base import Base, Timestamps


class KbCategory(Base):
    __tablename__ = "kb_categories"
    # Categories are chosen by name ignoring case (kb.service); this index serves that.
    __table_args__ = (Index("ix_kb_categories_name_lower", func.lower(text("name"))),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(191))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("kb_categories.id"))
    description: Mapped[str] = mapped_column(String(1000), default="")
    is_public: Mapped[bool] = mapped_column(default=True)


class KbArticle(Timestamps, Base):
    __tablename__ = "kb_articles"
    # Customers' lists filter on both flags (kb.service); this index serves that filter.
    __table_args__ = (Index("ix_kb_articles_visible", "is_public", "is_published"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(500))
    content: Mapped[str] = mapped_column(Text, default="")
    category_id: Mapped[int | None] = mapped_column(ForeignKey("kb_categories.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    language: Mapped[str] = mapped_column(String(16), default="en")
    keywords: Mapped[str] = mapped_column(String(1000), default="")
    is_public: Mapped[bool] = mapped_column(default=True)  # customers may read it
    is_published: Mapped[bool] = mapped_column(default=True)
    views: Mapped[int] = mapped_column(default=0)
    rating: Mapped[float | None]


class BreakingNews(Timestamps, Base):
    __tablename__ = "breaking_news"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(500))
    body: Mapped[str] = mapped_column(Text, default="")
    importance: Mapped[str] = mapped_column(String(32), default="normal")
    status: Mapped[str] = mapped_column(String(32), default="active")
    helpdesk_id: Mapped[int | None] = mapped_column(ForeignKey("helpdesks.id"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    starts_at: Mapped[datetime | None]
    ends_at: Mapped[datetime | None]
