"""Text documents indexed for full-text search (ticket title/description and comments).

The index itself is database-specific and created by the migrations: an FTS5 table kept in
sync by triggers on SQLite, a generated tsvector column with a GIN index on PostgreSQL.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from polydesk.db.base import Base


class SearchDocument(Base):
    __tablename__ = "search_documents"
    __table_args__ = (Index("ix_search_documents_source", "source", "source_id", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    source: Mapped[str] = mapped_column(String(16))  # ticket, comment
    source_id: Mapped[int]
    content: Mapped[str] = mapped_column(Text)
