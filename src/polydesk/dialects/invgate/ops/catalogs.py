"""``incident.attributes.priority|source|status|type`` (the product's own codes and names, from
``dialect_codes``) and ``categories`` (the core category tree; ids are shared).

Decisions: with ``id`` the answer is a one-element array; an unknown ``id`` is refused
(``status: ERROR``). Category ids are strings, as live instances send them (invgo); the
parent is an integer or ``null``. Disabled categories are listed too (requests may use them)."""

from __future__ import annotations

from typing import Any

from polydesk.catalogs.service import get_catalog_item, list_catalog, product_codes
from polydesk.dialects.invgate.context import Context
from polydesk.dialects.invgate.errors import refused
from polydesk.dialects.invgate.mapping import DIALECT
from polydesk.dialects.invgate.params import Params
from polydesk.models.catalogs import Category


def _attributes(kind: str, ctx: Context, params: Params) -> list[dict[str, Any]]:
    wanted = params.integer("id")
    rows = [
        {"id": int(code), "name": label}
        for code, label in product_codes(ctx.session, dialect=DIALECT, kind=kind)
        if code.isdigit()
    ]
    if wanted is None:
        return rows
    found = [row for row in rows if row["id"] == wanted]
    if not found:
        raise refused(f"{kind}.not_found", f"Invalid {kind} id: {wanted}")
    return found


def list_priorities(ctx: Context, params: Params) -> list[dict[str, Any]]:
    return _attributes("priority", ctx, params)


def list_sources(ctx: Context, params: Params) -> list[dict[str, Any]]:
    return _attributes("source", ctx, params)


def list_statuses(ctx: Context, params: Params) -> list[dict[str, Any]]:
    return _attributes("status", ctx, params)


def list_types(ctx: Context, params: Params) -> list[dict[str, Any]]:
    return _attributes("type", ctx, params)


def list_categories(ctx: Context, params: Params) -> list[dict[str, Any]]:
    wanted = params.integer("id")
    if wanted is None:
        rows = list_catalog(ctx.session, "category")
        return [_category(row) for row in rows if isinstance(row, Category)]
    found = get_catalog_item(ctx.session, "category", wanted)
    if not isinstance(found, Category):
        raise refused("category.not_found", f"Invalid category id: {wanted}")
    return [_category(found)]


def _category(row: Category) -> dict[str, Any]:
    return {"id": str(row.id), "parent_category_id": row.parent_id, "name": row.name}
