"""Knowledge base use cases: create categories and articles, get and list articles.

Decisions:
- Admins manage categories (a catalog); agents and admins write articles, and the author is
  the acting user.
- Agents and admins read every article, drafts included. Customers read only articles that
  are public and published and not in a private category; any other article is "not found"
  to them, in lists and gets alike.
- The keyword filter needs every word in the title, the body or the keywords (ignoring case);
  a category is chosen by id or by name (ignoring case, ``*`` wildcards). The keyword is a
  substring match (no index can serve it) over the rows the other filters leave; pages are
  capped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import ColumnElement, Select, and_, or_, select, true
from sqlalchemy.orm import Session

from polydesk.authz.tickets import require_admin, require_agent
from polydesk.core.actor import Actor
from polydesk.core.clock import utcnow
from polydesk.core.errors import not_found
from polydesk.core.pagination import Page, PageRequest
from polydesk.db.filters import has_words, text_matches
from polydesk.db.listing import sorted_page
from polydesk.models.content import KbArticle, KbCategory
from polydesk.models.users import User
from polydesk.users.listing import login_lookup

KbSort = Literal["id", "title", "created_at", "updated_at", "views"]
CategoryName = Annotated[str, Field(min_length=1, max_length=191)]


class KbCategoryCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: CategoryName
    parent_id: int | None = None
    description: str = Field(default="", max_length=1000)
    is_public: bool = True


class KbArticleCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=500)
    content: str = Field(default="", max_length=1_000_000)
    category_id: int | None = None
    keywords: str = Field(default="", max_length=1000)
    language: str = Field(default="en", min_length=1, max_length=16)
    is_public: bool = True
    is_published: bool = True
    description: str = Field(default="", max_length=2000)
    responsible_id: int | None = None  # None: the author keeps it


class KbArticleFilter(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ids: list[int] | None = Field(default=None, max_length=1000)
    keyword: str | None = Field(default=None, max_length=500)
    category_ids: list[int] | None = Field(default=None, max_length=1000)
    category_names: list[CategoryName] | None = Field(default=None, max_length=100)
    is_public: bool | None = None  # None: both
    sort: KbSort = "id"
    descending: bool = False


@dataclass(frozen=True)
class KbArticleView:
    article: KbArticle
    category_name: str | None
    author_login: str | None


def create_category(session: Session, actor: Actor, cmd: KbCategoryCreate) -> KbCategory:
    require_admin(actor)
    if cmd.parent_id is not None and session.get(KbCategory, cmd.parent_id) is None:
        raise not_found("kb_category", cmd.parent_id)
    category = KbCategory(**cmd.model_dump())
    session.add(category)
    session.flush()
    return category


def create_article(session: Session, actor: Actor, cmd: KbArticleCreate) -> KbArticle:
    require_agent(actor)
    if cmd.category_id is not None and session.get(KbCategory, cmd.category_id) is None:
        raise not_found("kb_category", cmd.category_id)
    require_user_exists(session, cmd.responsible_id)
    now = utcnow()
    article = KbArticle(**cmd.model_dump(), author_id=actor.user_id, created_at=now, updated_at=now)
    session.add(article)
    session.flush()
    return article


def require_user_exists(session: Session, user_id: int | None) -> None:
    """An article's responsible must be a user of this install."""
    if user_id is not None and session.get(User, user_id) is None:
        raise not_found("user", user_id)


def require_article(session: Session, actor: Actor, article_id: int) -> KbArticle:
    article = session.scalars(_readable(actor).where(KbArticle.id == article_id)).first()
    if article is None:
        raise not_found("kb_article", article_id)
    return article


_SORT_COLUMNS: dict[str, Any] = {
    "id": KbArticle.id,
    "title": KbArticle.title,
    "created_at": KbArticle.created_at,
    "updated_at": KbArticle.updated_at,
    "views": KbArticle.views,
}


def list_articles(
    session: Session, actor: Actor, filters: KbArticleFilter, page: PageRequest
) -> Page[KbArticleView]:
    query = _readable(actor).where(*_filter_clauses(filters))
    found = sorted_page(session, query, page, _SORT_COLUMNS, filters, KbArticle.id)
    category_ids = {a.category_id for a in found.items if a.category_id is not None}
    names: dict[int, str] = {}
    if category_ids:
        rows = session.execute(
            select(KbCategory.id, KbCategory.name).where(KbCategory.id.in_(category_ids))
        )
        names = dict(rows.all())
    login = login_lookup(session, [a.author_id for a in found.items])
    views = [
        KbArticleView(
            article=a,
            category_name=names.get(a.category_id) if a.category_id is not None else None,
            author_login=login(a.author_id),
        )
        for a in found.items
    ]
    return Page(items=views, total=found.total)


def readable_articles(actor: Actor) -> Select[KbArticle]:
    """The articles ``actor`` reads (customers: public, published, in a public category)."""
    return _readable(actor)


def _readable(actor: Actor) -> Select[KbArticle]:
    return select(KbArticle).where(_customer_visible() if actor.is_customer else true())


def _customer_visible() -> ColumnElement[bool]:
    public_categories = select(KbCategory.id).where(KbCategory.is_public)
    return and_(
        KbArticle.is_public,
        KbArticle.is_published,
        or_(KbArticle.category_id.is_(None), KbArticle.category_id.in_(public_categories)),
    )


def _filter_clauses(f: KbArticleFilter) -> list[ColumnElement[bool]]:
    clauses: list[ColumnElement[bool]] = []
    if f.ids is not None:
        clauses.append(KbArticle.id.in_(f.ids))
    if f.category_ids is not None:
        clauses.append(KbArticle.category_id.in_(f.category_ids))
    if f.is_public is not None:
        clauses.append(KbArticle.is_public == f.is_public)
    if f.category_names is not None:
        named = select(KbCategory.id).where(text_matches(KbCategory.name, f.category_names))
        clauses.append(KbArticle.category_id.in_(named))
    words = has_words([KbArticle.title, KbArticle.content, KbArticle.keywords], f.keyword)
    if words is not None:
        clauses.append(words)
    return clauses
