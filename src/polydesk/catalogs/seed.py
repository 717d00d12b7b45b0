"""Seed the core catalogs and the dialect code mappings from ``defaults``.

Idempotent and additive: it inserts the core rows missing by (kind, name) (names compared
case-insensitively; categories by parent and name) and the dialect code rows missing by
(dialect, kind, code, core row). It never updates or deletes, so an admin's edits survive a
re-run. A seeded code row never breaks the one-accepts-per-code and one-renders-per-core-row
rules: if an admin already mapped that code (or core row) elsewhere, the row is inserted
without that direction, or not at all. Flushes, never commits: the caller owns the transaction.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from polydesk.catalogs.defaults import (
    CATEGORIES,
    DIALECT_CODES,
    ITEM_DEFAULTS,
    CategoryDefault,
    CodeDefault,
    ItemDefault,
)
from polydesk.catalogs.service import ITEM_MODELS, category_paths
from polydesk.models.catalogs import Category, DialectCode, PendingAction, Status

#: The stock pending statuses (Znuny's pending state types): what their pending time does, and
#: the status an auto close moves to (Znuny's "closed successful" / "closed unsuccessful").
PENDING_DEFAULTS: dict[str, tuple[PendingAction, str | None]] = {
    "Pending reminder": (PendingAction.REMIND, None),
    "Pending auto close+": (PendingAction.AUTO_CLOSE, "Closed"),
    "Pending auto close-": (PendingAction.AUTO_CLOSE, "Closed unsuccessful"),
}


def seed_catalogs(session: Session) -> None:
    """Insert whatever fresh-install catalog rows are missing. Flushes; never commits."""
    created: set[str] = set()
    for kind, items in ITEM_DEFAULTS.items():
        created |= _seed_items(session, kind, items)
    _seed_categories(session)
    session.flush()
    _seed_pending_actions(session, created)
    _seed_dialect_codes(session)
    session.flush()


def _seed_items(session: Session, kind: str, items: tuple[ItemDefault, ...]) -> set[str]:
    """Add the missing rows; returns the names of the statuses added."""
    model = ITEM_MODELS[kind]
    rows = session.execute(select(model.name, model.is_default)).all()
    existing = {name.casefold() for name, _ in rows}
    has_default = any(is_default for _, is_default in rows)
    added = set()
    for item in items:
        if item.name.casefold() in existing:
            continue
        values: dict[str, Any] = asdict(item)
        values["is_default"] = item.is_default and not has_default  # keep an admin's choice
        session.add(model(**values))
        added.add(item.name)
    return added if kind == "status" else set()


def _seed_pending_actions(session: Session, created: set[str]) -> None:
    """The pending statuses just added act as their names say (rows an admin kept are left)."""
    names = [name for name in PENDING_DEFAULTS if name in created]
    if not names:
        return
    wanted = {target for _, target in PENDING_DEFAULTS.values() if target} | set(names)
    rows = {row.name: row for row in session.scalars(select(Status).where(Status.name.in_(wanted)))}
    for name in names:
        action, target = PENDING_DEFAULTS[name]
        rows[name].pending_action = action
        target_row = rows.get(target) if target else None
        rows[name].pending_target_status_id = target_row.id if target_row else None


def _seed_categories(session: Session) -> None:
    ids: dict[str, int] = {}
    for item in CATEGORIES:  # parents are listed before their children
        parent_id = None if item.parent is None else ids[item.parent]
        ids[item.path] = _ensure_category(session, item, parent_id)


def _ensure_category(session: Session, item: CategoryDefault, parent_id: int | None) -> int:
    siblings = select(Category).where(
        Category.parent_id.is_(None) if parent_id is None else Category.parent_id == parent_id
    )
    for row in session.scalars(siblings):
        if row.name.casefold() == item.name.casefold():
            return row.id
    row = Category(
        name=item.name, parent_id=parent_id, position=item.position, description=item.description
    )
    session.add(row)
    session.flush()
    return row.id


@dataclass
class _CodeIndex:
    """What the dialect_codes table already holds, updated as rows are added."""

    keys: set[tuple[str, str, str, int]] = field(default_factory=set)
    accepted: set[tuple[str, str, str]] = field(default_factory=set)
    rendered: set[tuple[str, str, int]] = field(default_factory=set)

    def add(self, row: DialectCode) -> None:
        self.keys.add((row.dialect, row.kind, row.code, row.core_id))
        if row.accepts:
            self.accepted.add((row.dialect, row.kind, row.code))
        if row.renders:
            self.rendered.add((row.dialect, row.kind, row.core_id))

    def new_row(self, dialect: str, item: CodeDefault, core_id: int) -> DialectCode | None:
        """The row to insert for ``item``, without any direction already taken; or None."""
        if (dialect, item.kind, item.code, core_id) in self.keys:
            return None
        accepts = item.accepts and (dialect, item.kind, item.code) not in self.accepted
        renders = item.renders and (dialect, item.kind, core_id) not in self.rendered
        if not (accepts or renders):
            return None
        return DialectCode(
            dialect=dialect,
            kind=item.kind,
            code=item.code,
            label=item.label,
            core_id=core_id,
            accepts=accepts,
            renders=renders,
        )


def _seed_dialect_codes(session: Session) -> None:
    core_ids = {kind: _core_ids(session, kind) for kind in (*ITEM_MODELS, "category")}
    index = _CodeIndex()
    for existing in session.scalars(select(DialectCode)):
        index.add(existing)
    for dialect, codes in DIALECT_CODES.items():
        for item in codes:
            core_id = core_ids[item.kind].get(item.core.casefold())
            if core_id is None:  # an admin removed or renamed the core row: leave it be
                continue
            row = index.new_row(dialect, item, core_id)
            if row is not None:
                session.add(row)
                index.add(row)


def _core_ids(session: Session, kind: str) -> dict[str, int]:
    """Core ids by casefolded name (categories: by path, "Parent/Child")."""
    if kind == "category":
        return {path.casefold(): id_ for path, id_ in category_paths(session).items()}
    model = ITEM_MODELS[kind]
    return {name.casefold(): id_ for id_, name in session.execute(select(model.id, model.name))}
