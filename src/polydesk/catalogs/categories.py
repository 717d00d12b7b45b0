"""Changing the category tree as an administrator.

A category is named by its path, names joined by ``CATEGORY_PATH_SEPARATOR`` ("Hardware/Laptops"),
so a name cannot contain the separator (``catalog.invalid_name``). Names are unique among
siblings, compared case-insensitively (``catalog.name_taken``). A category may move under
another parent, never under itself or one of its descendants (``catalog.category_cycle``).
Nothing is deleted (tickets refer to categories): disabling is the removal; disabling a parent
leaves its children as they are. Reference data: no ticket history is written.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from polydesk.authz.tickets import require_admin
from polydesk.catalogs.defaults import CATEGORY_PATH_SEPARATOR
from polydesk.catalogs.service import category_paths, require_catalog_item
from polydesk.core.actor import Actor
from polydesk.core.errors import Conflict, NotFound, ValidationFailed
from polydesk.db.hierarchy import is_below
from polydesk.models.catalogs import Category


class CategoryCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=150)
    parent: str | None = Field(default=None, min_length=1)  # the parent's path; None: a root
    description: str = Field(default="", max_length=500)
    position: int = Field(default=0, ge=0, le=1_000_000)
    is_enabled: bool = True


class CategoryUpdate(BaseModel):
    """Only the fields given change. ``parent`` given as None moves the category to the root."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=150)
    parent: str | None = Field(default=None, min_length=1)
    description: str | None = Field(default=None, max_length=500)
    position: int | None = Field(default=None, ge=0, le=1_000_000)
    is_enabled: bool | None = None


def create_category(session: Session, actor: Actor, cmd: CategoryCreate) -> Category:
    """Add a category under the category at path ``cmd.parent`` (or as a root)."""
    require_admin(actor)
    _check_name(cmd.name)
    parent_id = None if cmd.parent is None else require_category_path(session, cmd.parent).id
    _check_name_free(session, cmd.name, parent_id, None)
    category = Category(**cmd.model_dump(exclude={"parent"}), parent_id=parent_id)
    session.add(category)
    session.flush()
    return category


def update_category(
    session: Session, actor: Actor, category_id: int, cmd: CategoryUpdate
) -> Category:
    """Rename, move, describe, reorder, enable or disable a category."""
    require_admin(actor)
    category = require_catalog_item(session, "category", category_id)
    assert isinstance(category, Category)
    changes = cmd.model_dump(exclude_unset=True)
    parent_id = category.parent_id
    if "parent" in changes:
        path = changes.pop("parent")
        parent_id = None if path is None else require_category_path(session, path).id
        _check_not_below_itself(session, category, parent_id)
    changes = {key: value for key, value in changes.items() if value is not None}
    name = changes.get("name", category.name)
    _check_name(name)
    if name != category.name or parent_id != category.parent_id:
        _check_name_free(session, name, parent_id, category.id)
    category.parent_id = parent_id
    for key, value in changes.items():
        setattr(category, key, value)
    session.flush()
    return category


def require_category_path(session: Session, path: str) -> Category:
    """The category at this path (case-insensitively), or ``NotFound("category.not_found")``."""
    wanted = path.casefold()
    for candidate, category_id in category_paths(session).items():
        if candidate.casefold() == wanted:
            return session.get_one(Category, category_id)
    raise NotFound("category.not_found", f"category {path!r} not found", path=path)


def _check_name(name: str) -> None:
    if CATEGORY_PATH_SEPARATOR in name or not name.strip():
        raise ValidationFailed(
            "catalog.invalid_name",
            f"a category name cannot be blank or contain {CATEGORY_PATH_SEPARATOR!r}",
            name=name,
        )


def _check_name_free(
    session: Session, name: str, parent_id: int | None, own_id: int | None
) -> None:
    siblings = select(Category.id, Category.name).where(
        Category.parent_id.is_(None) if parent_id is None else Category.parent_id == parent_id
    )
    wanted = name.casefold()
    for sibling_id, sibling_name in session.execute(siblings):
        if sibling_id != own_id and sibling_name.casefold() == wanted:
            raise Conflict(
                "catalog.name_taken",
                f"category {name!r} already exists there",
                kind="category",
                name=name,
            )


def _check_not_below_itself(session: Session, category: Category, parent_id: int | None) -> None:
    if is_below(session, Category.id, Category.parent_id, category.id, parent_id):
        raise ValidationFailed(
            "catalog.category_cycle",
            f"category {category.name!r} cannot move below itself",
            id=category.id,
        )
