"""Site-file kinds for content: KB categories, KB articles, breaking news.

- ``kb_categories`` are named by their path ("Printers/Laser"): nested categories share names
  ("Printers/How-to", "Network/How-to"), so the path is what names one. A category's parent is
  the head of its path and is applied first (export lists parents first).
- ``kb_articles`` are named by their title, unique in the whole KB for a site file (a person
  looks an article up by its title); ``category`` is the category's path. An install with two
  articles of one title refuses to change either through a site file until one is renamed.
  The author of an article a file creates is whoever applied the file. Attachments of
  articles are not part of a site file.
- ``breaking_news`` are named by their title; ``helpdesk`` is a help desk's name.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pydantic import AwareDatetime, Field, field_validator
from sqlalchemy import select

from polydesk.configuration.kinds import Entry, Kind, Outcome
from polydesk.core.actor import Actor
from polydesk.core.errors import not_found
from polydesk.db import Session
from polydesk.helpdesks.service import get_helpdesk_by_name
from polydesk.kb.admin import (
    KbArticleUpdate,
    KbCategoryUpdate,
    add_category,
    article_titled,
    category_at_path,
    category_path,
    require_category_path,
    update_article,
    update_category,
)
from polydesk.kb.news import (
    BreakingNewsCreate,
    BreakingNewsUpdate,
    Importance,
    NewsStatus,
    create_news,
    list_news,
    news_titled,
    update_news,
)
from polydesk.kb.service import KbArticleCreate, create_article
from polydesk.models.content import BreakingNews, KbArticle, KbCategory
from polydesk.models.helpdesks import Helpdesk


def _tidy_path(path: str) -> str:
    """``path`` without blanks around its ``/`` (a blank name is left for validation)."""
    return "/".join(part.strip() for part in path.split("/"))


def _same_path(first: str | None, second: str | None) -> bool:
    return (first or "").casefold() == (second or "").casefold()


# --- KB categories ---------------------------------------------------------------------------


class KbCategoryEntry(Entry):
    path: str = Field(
        min_length=1, max_length=1000, pattern=r"^[^/]+(/[^/]+)*$", examples=["Printers/Laser"]
    )
    description: str = Field(default="", max_length=1000)
    public: bool = Field(default=True, description="customers may read its articles")

    @field_validator("path")
    @classmethod
    def _tidy(cls, path: str) -> str:
        return _tidy_path(path)


class KbCategories(Kind[KbCategoryEntry]):
    section = "kb_categories"
    entry = KbCategoryEntry
    key_field = "path"

    def export(self, session: Session) -> list[KbCategoryEntry]:
        categories = session.scalars(select(KbCategory)).all()
        entries = [self._entry(session, category) for category in categories]
        return sorted(entries, key=lambda entry: entry.path.casefold().split("/"))

    def ordered(self, entries: list[KbCategoryEntry]) -> list[KbCategoryEntry]:
        """Parents (shorter paths) first, otherwise in the file's order."""
        return sorted(entries, key=lambda entry: entry.path.count("/"))

    def changes(self, current: KbCategoryEntry, wanted: KbCategoryEntry) -> dict[str, Any]:
        """The path names the category (ignoring case): it is never a change."""
        changed = super().changes(current, wanted)
        changed.pop("path", None)
        return changed

    def current(self, session: Session, key: str) -> KbCategoryEntry | None:
        category = category_at_path(session, key)
        return None if category is None else self._entry(session, category)

    def create(self, session: Session, actor: Actor, entry: KbCategoryEntry) -> Outcome:
        add_category(
            session, actor, entry.path, description=entry.description, is_public=entry.public
        )
        return Outcome()

    def update(self, session: Session, actor: Actor, key: str, changes: dict[str, Any]) -> Outcome:
        fields = {("is_public" if name == "public" else name): v for name, v in changes.items()}
        category = require_category_path(session, key)
        update_category(session, actor, category.id, KbCategoryUpdate(**fields))
        return Outcome()

    def _entry(self, session: Session, category: KbCategory) -> KbCategoryEntry:
        return KbCategoryEntry.model_construct(
            path=category_path(session, category),
            description=category.description,
            public=category.is_public,
        )


# --- KB articles -----------------------------------------------------------------------------


class KbArticleEntry(Entry):
    title: str = Field(min_length=1, max_length=500, examples=["Clearing a paper jam"])
    category: str | None = Field(default=None, description="the category's path")
    content: str = Field(default="", max_length=1_000_000)
    keywords: str = Field(default="", max_length=1000)
    language: str = Field(default="en", min_length=1, max_length=16)
    public: bool = Field(default=True, description="customers may read it")
    published: bool = True

    @field_validator("category")
    @classmethod
    def _tidy(cls, path: str | None) -> str | None:
        return None if path is None else _tidy_path(path)


_ARTICLE_COLUMNS = {"public": "is_public", "published": "is_published"}


class KbArticles(Kind[KbArticleEntry]):
    section = "kb_articles"
    entry = KbArticleEntry
    key_field = "title"

    def export(self, session: Session) -> list[KbArticleEntry]:
        articles = session.scalars(select(KbArticle).order_by(KbArticle.title, KbArticle.id))
        return [self._entry(session, article) for article in articles]

    def changes(self, current: KbArticleEntry, wanted: KbArticleEntry) -> dict[str, Any]:
        """Category paths compare ignoring case, as they are looked up."""
        changed = super().changes(current, wanted)
        if "category" in changed and _same_path(current.category, wanted.category):
            del changed["category"]
        return changed

    def current(self, session: Session, key: str) -> KbArticleEntry | None:
        article = article_titled(session, key)
        return None if article is None else self._entry(session, article)

    def create(self, session: Session, actor: Actor, entry: KbArticleEntry) -> Outcome:
        values = entry.model_dump(exclude={"category", *_ARTICLE_COLUMNS})
        category_id = require_category_path(session, entry.category).id if entry.category else None
        cmd = KbArticleCreate(
            **values,
            category_id=category_id,
            is_public=entry.public,
            is_published=entry.published,
        )
        create_article(session, actor, cmd)
        return Outcome()

    def update(self, session: Session, actor: Actor, key: str, changes: dict[str, Any]) -> Outcome:
        article = article_titled(session, key)
        if article is None:
            raise not_found("kb_article", key)
        fields = {_ARTICLE_COLUMNS.get(name, name): v for name, v in changes.items()}
        if "category" in fields:
            path = fields.pop("category")
            fields["category_id"] = require_category_path(session, path).id if path else None
        update_article(session, actor, article.id, KbArticleUpdate(**fields))
        return Outcome()

    def remove(self, session: Session, actor: Actor, key: str) -> str:
        """An article is unpublished, never deleted (its views and links stay)."""
        self.update(session, actor, key, {"published": False})
        return "disabled"

    def _entry(self, session: Session, article: KbArticle) -> KbArticleEntry:
        category = session.get(KbCategory, article.category_id) if article.category_id else None
        return KbArticleEntry.model_construct(
            title=article.title,
            category=category_path(session, category) if category else None,
            content=article.content,
            keywords=article.keywords,
            language=article.language,
            public=article.is_public,
            published=article.is_published,
        )


# --- breaking news ---------------------------------------------------------------------------


class BreakingNewsEntry(Entry):
    title: str = Field(min_length=1, max_length=500, examples=["Mail is down"])
    body: str = Field(default="", max_length=100_000)
    importance: Importance = "normal"
    status: NewsStatus = "active"
    helpdesk: str | None = Field(default=None, description="the help desk it is shown in")
    starts_at: AwareDatetime | None = None
    ends_at: AwareDatetime | None = None

    @field_validator("starts_at", "ends_at")
    @classmethod
    def _in_utc(cls, value: datetime | None) -> datetime | None:
        return None if value is None else value.astimezone(UTC)


class BreakingNewsKind(Kind[BreakingNewsEntry]):
    section = "breaking_news"
    entry = BreakingNewsEntry
    key_field = "title"

    def export(self, session: Session) -> list[BreakingNewsEntry]:
        return [self._entry(session, news) for news in list_news(session)]

    def current(self, session: Session, key: str) -> BreakingNewsEntry | None:
        news = news_titled(session, key)
        return None if news is None else self._entry(session, news)

    def create(self, session: Session, actor: Actor, entry: BreakingNewsEntry) -> Outcome:
        values = entry.model_dump(exclude={"helpdesk"})
        helpdesk_id = _helpdesk_id(session, entry.helpdesk)
        create_news(session, actor, BreakingNewsCreate(**values, helpdesk_id=helpdesk_id))
        return Outcome()

    def update(self, session: Session, actor: Actor, key: str, changes: dict[str, Any]) -> Outcome:
        news = news_titled(session, key)
        if news is None:
            raise not_found("breaking_news", key)
        fields = dict(changes)
        if "helpdesk" in fields:
            fields["helpdesk_id"] = _helpdesk_id(session, fields.pop("helpdesk"))
        update_news(session, actor, news.id, BreakingNewsUpdate(**fields))
        return Outcome()

    def remove(self, session: Session, actor: Actor, key: str) -> str:
        """A news item is made inactive (hidden), never deleted."""
        self.update(session, actor, key, {"status": "inactive"})
        return "disabled"

    def _entry(self, session: Session, news: BreakingNews) -> BreakingNewsEntry:
        desk = session.get(Helpdesk, news.helpdesk_id) if news.helpdesk_id else None
        values: dict[str, Any] = {
            name: getattr(news, name)
            for name in ("title", "body", "importance", "status", "starts_at", "ends_at")
        }
        return BreakingNewsEntry.model_construct(**values, helpdesk=desk.name if desk else None)


def _helpdesk_id(session: Session, name: str | None) -> int | None:
    if name is None:
        return None
    desk = get_helpdesk_by_name(session, name)
    if desk is None:
        raise not_found("helpdesk", name)
    return desk.id
