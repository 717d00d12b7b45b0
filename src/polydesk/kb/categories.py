"""KB categories by id: create, rename or move, delete, list.

Decisions (the site-file path rules of ``kb.admin`` hold here too, so both edges agree):
- Administrators only; names carry no ``/`` (``kb.invalid_category_name``) and are unique
  among siblings ignoring case (``kb.category_name_taken``).
- A category cannot be moved under itself or one of its descendants (``kb.category_cycle``).
- Only an empty category is deleted: one with articles or subcategories is a
  ``kb.category_not_empty`` conflict (its articles would otherwise lose their place).
- Agents and admins list every category; customers the public ones.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from polydesk.authz.tickets import require_admin
from polydesk.core.actor import Actor
from polydesk.core.errors import Conflict, ValidationFailed, not_found
from polydesk.kb.admin import PATH_SEPARATOR
from polydesk.kb.service import KbCategoryCreate, create_category
from polydesk.models.content import KbArticle, KbCategory

MAX_IDS = 1000


def add_category_named(
    session: Session, actor: Actor, name: str, parent_id: int | None
) -> KbCategory:
    require_admin(actor)
    clean = _checked_name(name)
    _require_free(session, parent_id, clean, None)
    return create_category(session, actor, KbCategoryCreate(name=clean, parent_id=parent_id))


def change_category(
    session: Session,
    actor: Actor,
    category_id: int,
    *,
    name: str | None = None,
    parent_id: int | None = None,
    move: bool = False,
) -> KbCategory:
    """Rename (``name``) and/or move (``move``: to ``parent_id``, None for the top level)."""
    require_admin(actor)
    category = _require(session, category_id)
    new_name = category.name if name is None else _checked_name(name)
    new_parent = parent_id if move else category.parent_id
    if move and new_parent is not None:
        _require(session, new_parent)
        if category.id in _ancestors(session, new_parent):
            raise ValidationFailed("kb.category_cycle", "a category cannot be moved under itself")
    _require_free(session, new_parent, new_name, category.id)
    category.name, category.parent_id = new_name, new_parent
    session.flush()
    return category


def delete_category(session: Session, actor: Actor, category_id: int) -> None:
    require_admin(actor)
    category = _require(session, category_id)
    articles = select(func.count()).select_from(KbArticle)
    children = select(func.count()).select_from(KbCategory)
    in_use = session.scalar(articles.where(KbArticle.category_id == category.id)) or (
        session.scalar(children.where(KbCategory.parent_id == category.id))
    )
    if in_use:
        raise Conflict(
            "kb.category_not_empty", f"category {category.id} has articles or subcategories"
        )
    session.delete(category)
    session.flush()


def list_categories(
    session: Session, actor: Actor, ids: list[int] | None = None
) -> list[KbCategory]:
    query = select(KbCategory).order_by(KbCategory.id)
    if actor.is_customer:
        query = query.where(KbCategory.is_public)
    if ids is not None:
        query = query.where(KbCategory.id.in_(ids[:MAX_IDS]))
    return list(session.scalars(query))


def _require(session: Session, category_id: int) -> KbCategory:
    category = session.get(KbCategory, category_id)
    if category is None:
        raise not_found("kb_category", category_id)
    return category


def _checked_name(name: str) -> str:
    clean = name.strip()
    if not clean or PATH_SEPARATOR in clean or len(clean) > 191:
        raise ValidationFailed(
            "kb.invalid_category_name", "a category name is 1 to 191 characters, without '/'"
        )
    return clean


def _require_free(session: Session, parent_id: int | None, name: str, own_id: int | None) -> None:
    if parent_id is not None:
        _require(session, parent_id)
    query = select(KbCategory.id).where(
        KbCategory.parent_id.is_(None) if parent_id is None else KbCategory.parent_id == parent_id,
        func.lower(KbCategory.name) == name.lower(),
    )
    if own_id is not None:
        query = query.where(KbCategory.id != own_id)
    if session.scalars(query).first() is not None:
        raise Conflict("kb.category_name_taken", f"a category {name!r} exists there already")


def _ancestors(session: Session, category_id: int) -> set[int]:
    """``category_id`` and every category above it."""
    seen: set[int] = set()
    current: int | None = category_id
    while current is not None and current not in seen:
        seen.add(current)
        parent = session.get(KbCategory, current)
        current = parent.parent_id if parent else None
    return seen
