"""Knowledge base categories: ``kb.categories`` (POST, GET, PUT, DELETE) and
``kb.categories.by.ids``, over ``kb.categories``.

Decisions where the seed is silent:
- Administrators create, change and delete categories; everyone lists them (customers the
  public ones). Names are unique among siblings ignoring case and carry no ``/`` (the core's
  rule, shared with site files); only an empty category is deleted
  (``kb.category_not_empty``).
- ``category_id`` in the POST answer is a string, as the seed types it; ids in lists are
  integers, ``parent_id`` an integer or ``null`` at the top level.
- ``PUT`` moves a category with ``parent_id``; ``parent_id=0`` (or empty) moves it to the top.
- Lists are in id order; ``by.ids`` leaves out ids it does not know.
"""

from __future__ import annotations

from typing import Any

from polydesk.dialects.invgate.context import Context
from polydesk.dialects.invgate.errors import bad_parameter
from polydesk.dialects.invgate.params import Params, missing
from polydesk.dialects.invgate.render import ok
from polydesk.kb import categories
from polydesk.models.content import KbCategory

MAX_IDS = 1000


def create(ctx: Context, params: Params) -> dict[str, Any]:
    name = params.required_text("name")
    category = categories.add_category_named(
        ctx.session, ctx.actor, name, params.integer("parent_id")
    )
    return ok("Category created", category_id=str(category.id))


def list_all(ctx: Context, params: Params) -> list[dict[str, Any]]:
    return [_row(row) for row in categories.list_categories(ctx.session, ctx.actor)]


def by_ids(ctx: Context, params: Params) -> list[dict[str, Any]]:
    ids = params.integers("ids")
    if not ids:
        raise missing("ids")
    if len(ids) > MAX_IDS:
        raise bad_parameter(f"ids takes at most {MAX_IDS} ids")
    return [_row(row) for row in categories.list_categories(ctx.session, ctx.actor, ids)]


def update(ctx: Context, params: Params) -> dict[str, Any]:
    name = params.text("name")
    if name is not None and not name.strip():
        raise bad_parameter("name must not be blank")
    parent = params.text("parent_id")
    move = parent is not None
    parent_id = (
        None if parent is None or parent.strip() in ("", "0") else params.integer("parent_id")
    )
    categories.change_category(
        ctx.session,
        ctx.actor,
        params.required_integer("id"),
        name=name,
        parent_id=parent_id,
        move=move,
    )
    return ok("Category modified")


def delete(ctx: Context, params: Params) -> dict[str, Any]:
    categories.delete_category(ctx.session, ctx.actor, params.required_integer("id"))
    return ok("Category deleted")


def _row(category: KbCategory) -> dict[str, Any]:
    return {"id": category.id, "parent_id": category.parent_id, "name": category.name}
