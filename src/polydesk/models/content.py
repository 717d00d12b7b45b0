"""Knowledge base, breaking news (with their targets and updates) and internal notes."""

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
    description: Mapped[str] = mapped_column(String(2000), default="")  # a summary
    # Who keeps the article up to date (InvGate's responsible_id); None: the author.
    responsible_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    solved_requests: Mapped[int] = mapped_column(default=0)


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
    resolution_time: Mapped[datetime | None]  # the estimated end of the problem announced


class BreakingNewsHelpdesk(Base):
    """A help desk a news item affects (besides ``BreakingNews.helpdesk_id``)."""

    __tablename__ = "breaking_news_helpdesks"

    news_id: Mapped[int] = mapped_column(
        ForeignKey("breaking_news.id", ondelete="CASCADE"), primary_key=True
    )
    helpdesk_id: Mapped[int] = mapped_column(
        ForeignKey("helpdesks.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class BreakingNewsGroup(Base):
    """A user group a news item affects."""

    __tablename__ = "breaking_news_groups"

    news_id: Mapped[int] = mapped_column(
        ForeignKey("breaking_news.id", ondelete="CASCADE"), primary_key=True
    )
    group_id: Mapped[int] = mapped_column(
        ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class BreakingNewsUpdate(Base):
    """One post on a news item's timeline; ``is_solution`` closed the news."""

    __tablename__ = "breaking_news_updates"

    id: Mapped[int] = mapped_column(primary_key=True)
    news_id: Mapped[int] = mapped_column(
        ForeignKey("breaking_news.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    is_solution: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime]


class InternalNote(Base):
    """An agents-only note on a user, help desk, company, user group or external entity."""

    __tablename__ = "internal_notes"
    __table_args__ = (Index("ix_internal_notes_object", "object_type", "object_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    object_type: Mapped[str] = mapped_column(String(32))  # notes.service.ObjectType
    object_id: Mapped[int]
    title: Mapped[str] = mapped_column(String(255))
    description: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    last_author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
