"""Catalog queries and the product code <-> core row translation every dialect uses.

Reads only; admins edit catalogs elsewhere. ``kind`` is one of ``CATALOG_MODELS``; an unknown
kind is a programming or input error and raises ``ValidationFailed("catalog.unknown_kind")``.

Dialect lookups: ``code_to_core_id`` / ``codes_for`` read the *accepts* direction (a code the
product sent -> core id); ``core_id_to_code`` / ``render_map`` read the *renders* direction
(core id -> the code to show). Codes match exactly (they are what the wire carries); labels
(``label_to_core_id``) match case-insensitively, for products that send names.
``uncoded_items`` lists the rows of a kind the dialect has that no code renders yet.
"""

from __future__ import annotations

from typing import Final, cast

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from polydesk.catalogs.defaults import CATEGORY_PATH_SEPARATOR
from polydesk.core.errors import ValidationFailed, not_found
from polydesk.models.catalogs import (
    Category,
    CloseReason,
    DialectCode,
    Impact,
    Priority,
    Source,
    Status,
    TicketType,
    Urgency,
)

CatalogItemRow = Status | Priority | Impact | Urgency | TicketType | Source | CloseReason
CatalogRow = CatalogItemRow | Category

ITEM_MODELS: Final[dict[str, type[CatalogItemRow]]] = {
    "status": Status,
    "priority": Priority,
    "impact": Impact,
    "urgency": Urgency,
    "type": TicketType,
    "source": Source,
    "close_reason": CloseReason,
}
"""Flat catalogs (unique name, ``is_default``) by kind."""

CATALOG_MODELS: Final[dict[str, type[CatalogRow]]] = {**ITEM_MODELS, "category": Category}
"""Every catalog model by kind."""


def model_for(kind: str) -> type[CatalogRow]:
    """The model of a catalog kind, or ``ValidationFailed("catalog.unknown_kind")``."""
    try:
        return CATALOG_MODELS[kind]
    except KeyError:
        raise ValidationFailed(
            "catalog.unknown_kind",
            f"unknown catalog kind {kind!r}",
            kind=kind,
            kinds=list(CATALOG_MODELS),
        ) from None


def list_catalog(session: Session, kind: str, *, enabled_only: bool = False) -> list[CatalogRow]:
    """Every row of a catalog, ordered by position then id."""
    model = model_for(kind)
    query = select(model).order_by(model.position, model.id)
    if enabled_only:
        query = query.where(model.is_enabled.is_(True))
    return cast("list[CatalogRow]", list(session.scalars(query)))


def get_catalog_item(session: Session, kind: str, item_id: int) -> CatalogRow | None:
    return cast("CatalogRow | None", session.get(model_for(kind), item_id))


def require_catalog_item(session: Session, kind: str, item_id: int) -> CatalogRow:
    """The row, or ``NotFound("<kind>.not_found")``."""
    item = get_catalog_item(session, kind, item_id)
    if item is None:
        raise not_found(kind, item_id)
    return item


def get_catalog_item_by_name(session: Session, kind: str, name: str) -> CatalogRow | None:
    """The row with this name, compared case-insensitively.

    Category names are unique only under one parent: a plain name returns the first match
    by position then id; a path ("Incident/Hardware") names one node exactly.
    """
    model = model_for(kind)
    if model is Category and CATEGORY_PATH_SEPARATOR in name:
        return _category_by_path(session, name)
    query = select(model).order_by(model.position, model.id)
    if name.isascii():  # SQL lower() is ASCII-only on SQLite: compare other names in Python
        match = session.scalars(query.where(func.lower(model.name) == name.lower())).first()
        return cast("CatalogRow | None", match)
    wanted = name.casefold()
    rows = cast("list[CatalogRow]", list(session.scalars(query)))
    return next((row for row in rows if row.name.casefold() == wanted), None)


def default_item(session: Session, kind: str) -> CatalogItemRow | None:
    """The row flagged ``is_default``, or None (categories have no default)."""
    model_for(kind)
    model = ITEM_MODELS.get(kind)
    if model is None:
        return None
    query = select(model).where(model.is_default.is_(True)).order_by(model.position, model.id)
    return cast("CatalogItemRow | None", session.scalars(query).first())


def category_paths(session: Session) -> dict[str, int]:
    """Every category's path ("Parent/Child", names joined by the separator) -> its id."""
    rows = {row.id: row for row in session.scalars(select(Category))}
    paths: dict[str, int] = {}
    for row in rows.values():
        names, node, seen = [row.name], row, {row.id}
        while node.parent_id in rows and node.parent_id not in seen:
            node = rows[node.parent_id]
            seen.add(node.id)
            names.append(node.name)
        paths[CATEGORY_PATH_SEPARATOR.join(reversed(names))] = row.id
    return paths


def _category_by_path(session: Session, path: str) -> Category | None:
    wanted = path.casefold()
    for candidate, category_id in category_paths(session).items():
        if candidate.casefold() == wanted:
            return session.get(Category, category_id)
    return None


def code_to_core_id(session: Session, *, dialect: str, kind: str, code: str) -> int | None:
    """The core id a product code stands for (accepts direction), or None if unmapped."""
    model_for(kind)
    query = select(DialectCode.core_id).where(
        DialectCode.dialect == dialect,
        DialectCode.kind == kind,
        DialectCode.code == code,
        DialectCode.accepts.is_(True),
    )
    return session.scalars(query).first()


def label_to_core_id(session: Session, *, dialect: str, kind: str, label: str) -> int | None:
    """Like ``code_to_core_id`` but by the product's label, case-insensitively.

    For products whose clients may send a name instead of an id (Znuny ``State: "open"``).
    """
    model_for(kind)
    query = (
        select(DialectCode.core_id)
        .where(
            DialectCode.dialect == dialect,
            DialectCode.kind == kind,
            func.lower(DialectCode.label) == label.lower(),
            DialectCode.accepts.is_(True),
        )
        .order_by(DialectCode.id)
    )
    return session.scalars(query).first()


def core_id_to_code(session: Session, *, dialect: str, kind: str, core_id: int) -> str | None:
    """The product code to show for a core row (renders direction), or None if unmapped."""
    model_for(kind)
    query = select(DialectCode.code).where(
        DialectCode.dialect == dialect,
        DialectCode.kind == kind,
        DialectCode.core_id == core_id,
        DialectCode.renders.is_(True),
    )
    return session.scalars(query).first()


def codes_for(session: Session, *, dialect: str, kind: str) -> dict[str, int]:
    """Every accepted product code of a kind -> core id, in one query."""
    model_for(kind)
    query = select(DialectCode.code, DialectCode.core_id).where(
        DialectCode.dialect == dialect,
        DialectCode.kind == kind,
        DialectCode.accepts.is_(True),
    )
    return {code: core_id for code, core_id in session.execute(query)}


def render_map(session: Session, *, dialect: str, kind: str) -> dict[int, str]:
    """Every rendered core id of a kind -> product code, in one query (for list renderers)."""
    model_for(kind)
    query = select(DialectCode.core_id, DialectCode.code).where(
        DialectCode.dialect == dialect,
        DialectCode.kind == kind,
        DialectCode.renders.is_(True),
    )
    return {core_id: code for core_id, code in session.execute(query)}


def uncoded_items(session: Session, *, dialect: str, kind: str) -> list[CatalogRow]:
    """The rows of a catalog the dialect has codes for that no code renders (an admin's or a
    site file's additions), by position then id; ``[]`` for a kind the dialect lacks.

    Each dialect decides what such a row is on its wire (its own name, its id): the product's
    admin would see a new state or category under the name given to it."""
    model_for(kind)
    coded = select(DialectCode.core_id).where(
        DialectCode.dialect == dialect, DialectCode.kind == kind
    )
    rendered = set(session.scalars(coded.where(DialectCode.renders.is_(True))))
    if not rendered and session.scalars(coded.limit(1)).first() is None:
        return []
    return [row for row in list_catalog(session, kind) if row.id not in rendered]


def product_codes(session: Session, *, dialect: str, kind: str) -> list[tuple[str, str]]:
    """The product's own catalog, (code, label) in seeding order: what its list ops return."""
    model_for(kind)
    query = (
        select(DialectCode.code, DialectCode.label)
        .where(
            DialectCode.dialect == dialect,
            DialectCode.kind == kind,
            DialectCode.accepts.is_(True),
        )
        .order_by(DialectCode.id)
    )
    return [(code, label) for code, label in session.execute(query)]
