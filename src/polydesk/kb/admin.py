"""Administering the knowledge base: categories by path, article changes, lookups by title.

Decisions:
- Admin only (``require_admin`` first); flushed, never committed. Agents keep writing articles
  through ``kb.service.create_article``; changing one here is an administrator's edit.
- A category is named by its path, names joined by ``/`` ("Printers/Laser"), so a category
  added here cannot have ``/`` in its name (``kb.invalid_category_name``), and names are unique
  among siblings ignoring case (``kb.category_name_taken``). A path is resolved segment by
  segment, ignoring case.
- An article is found by its title ignoring case; several articles with one title are an
  ``kb.title_ambiguous`` conflict for whoever names one by title.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from polydesk.authz.tickets import require_admin
from polydesk.core.actor import Actor
from polydesk.core.clock import utcnow
from polydesk.core.errors import Conflict, ValidationFailed, not_found
from polydesk.kb.service import KbCategoryCreate, create_category, require_user_exists
from polydesk.models.content import KbArticle, KbCategory

PATH_SEPARATOR = "/"


class KbCategoryUpdate(BaseModel):
    """Only the fields given change."""

    model_config = ConfigDict(extra="forbid")

    description: str | None = Field(default=None, max_length=1000)
    is_public: bool | None = None


class KbArticleUpdate(BaseModel):
    """Only the fields given change; ``category_id`` given as None takes the article out of
    every category."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(default=None, min_length=1, max_length=500)
    content: str | None = Field(default=None, max_length=1_000_000)
    category_id: int | None = None
    keywords: str | None = Field(default=None, max_length=1000)
    language: str | None = Field(default=None, min_length=1, max_length=16)
    is_public: bool | None = None
    is_published: bool | None = None
    description: str | None = Field(default=None, max_length=2000)
    responsible_id: int | None = None


def category_at_path(session: Session, path: str) -> KbCategory | None:
    """The category at ``path`` ("Printers/Laser"), each name compared ignoring case."""
    category: KbCategory | None = None
    for name in path.split(PATH_SEPARATOR):
        category = _child(session, category.id if category else None, name.strip())
        if category is None:
            return None
    return category


def require_category_path(session: Session, path: str) -> KbCategory:
    category = category_at_path(session, path)
    if category is None:
        raise not_found("kb_category", path)
    return category


def category_path(session: Session, category: KbCategory) -> str:
    names = [category.name]
    seen = {category.id}
    parent_id = category.parent_id
    while parent_id is not None and parent_id not in seen:
        parent = session.get(KbCategory, parent_id)
        if parent is None:
            break
        names.append(parent.name)
        seen.add(parent.id)
        parent_id = parent.parent_id
    return PATH_SEPARATOR.join(reversed(names))


def add_category(
    session: Session, actor: Actor, path: str, *, description: str = "", is_public: bool = True
) -> KbCategory:
    """Add the category at ``path``: its parent (the path's head) must exist."""
    require_admin(actor)
    *parents, name = [part.strip() for part in path.split(PATH_SEPARATOR)]
    if not name or any(not part for part in parents):
        raise ValidationFailed("kb.invalid_category_name", f"{path!r} has an empty name in it")
    parent = require_category_path(session, PATH_SEPARATOR.join(parents)) if parents else None
    parent_id = parent.id if parent else None
    if _child(session, parent_id, name) is not None:
        raise Conflict("kb.category_name_taken", f"a category {path!r} exists already")
    cmd = KbCategoryCreate(
        name=name, parent_id=parent_id, description=description, is_public=is_public
    )
    return create_category(session, actor, cmd)


def update_category(
    session: Session, actor: Actor, category_id: int, cmd: KbCategoryUpdate
) -> KbCategory:
    require_admin(actor)
    category = session.get(KbCategory, category_id)
    if category is None:
        raise not_found("kb_category", category_id)
    for key, value in cmd.model_dump(exclude_unset=True).items():
        if value is not None:
            setattr(category, key, value)
    session.flush()
    return category


def articles_titled(session: Session, title: str) -> list[KbArticle]:
    """Every article whose title is ``title`` ignoring case, by id."""
    query = select(KbArticle).where(func.lower(KbArticle.title) == title.lower())
    return list(session.scalars(query.order_by(KbArticle.id)))


def article_titled(session: Session, title: str) -> KbArticle | None:
    found = articles_titled(session, title)
    if len(found) > 1:
        raise Conflict(
            "kb.title_ambiguous", f"{len(found)} articles are titled {title!r}: rename all but one"
        )
    return found[0] if found else None


def update_article(
    session: Session, actor: Actor, article_id: int, cmd: KbArticleUpdate
) -> KbArticle:
    require_admin(actor)
    article = session.get(KbArticle, article_id)
    if article is None:
        raise not_found("kb_article", article_id)
    changes = cmd.model_dump(exclude_unset=True)
    category_id = changes.pop("category_id", article.category_id)
    if category_id is not None and session.get(KbCategory, category_id) is None:
        raise not_found("kb_category", category_id)
    require_user_exists(session, changes.get("responsible_id"))
    article.category_id = category_id
    for key, value in changes.items():
        if value is not None:
            setattr(article, key, value)
    article.updated_at = utcnow()
    session.flush()
    return article


def _child(session: Session, parent_id: int | None, name: str) -> KbCategory | None:
    query = select(KbCategory).where(
        KbCategory.parent_id.is_(None) if parent_id is None else KbCategory.parent_id == parent_id,
        func.lower(KbCategory.name) == name.lower(),
    )
    return session.scalars(query.order_by(KbCategory.id)).first()
