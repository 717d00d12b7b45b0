"""Site-file kinds for the catalogs: the flat ones (statuses, priorities, impacts, urgencies,
ticket types, sources, close reasons) and the category tree.

Flat catalog entries are named by ``name`` (compared case-insensitively, as the core does: a
file's "NEW" renames the seeded "New"); the export lists every row, the seeded ones included, by
position. ``default: true`` moves a catalog's default to that entry. Statuses and priorities
always have one, so the core refuses to un-set their default except by setting another: a
section's entries with ``default: true`` are therefore applied first (the old default is
cleared, then its ``default: false`` changes nothing), and two of them in one section are a
problem of the file.

Categories are named by their path, names joined by "/" ("Hardware/Laptops"); a parent is
applied (and exported) before its children. A category at another path is another category:
a file moves none. Nothing is deleted: ``enabled: false`` is the removal.
"""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar, cast

from pydantic import Field, field_validator

from polydesk.catalogs.admin import (
    CatalogItemCreate,
    CatalogItemUpdate,
    create_catalog_item,
    update_catalog_item,
)
from polydesk.catalogs.categories import (
    CategoryCreate,
    CategoryUpdate,
    create_category,
    update_category,
)
from polydesk.catalogs.defaults import CATEGORY_PATH_SEPARATOR
from polydesk.catalogs.service import (
    CatalogItemRow,
    category_paths,
    get_catalog_item_by_name,
    list_catalog,
)
from polydesk.configuration.kinds import Entry, EntryConflict, Kind, Outcome
from polydesk.core.actor import Actor
from polydesk.core.errors import not_found
from polydesk.db import Session
from polydesk.models.catalogs import Category, PendingAction, Priority, Status, StatusCategory

# --- flat catalogs ---------------------------------------------------------------------------


class CatalogEntry(Entry):
    name: str = Field(min_length=1, max_length=150, examples=["In review"])
    description: str = Field(default="", max_length=500)
    position: int = Field(default=0, ge=0, le=1_000_000, description="list order")
    default: bool = Field(default=False, description="what new tickets get; one per catalog")
    enabled: bool = True


class StatusEntry(CatalogEntry):
    category: StatusCategory | None = Field(
        default=None, description="what the status means to the life cycle; a new one needs it"
    )
    pending_action: PendingAction = Field(
        default=PendingAction.NONE,
        description="what the pending time does: none, remind (the owner), auto_close",
    )
    pending_target: str | None = Field(
        default=None,
        max_length=150,
        examples=["Closed"],
        description="auto_close only: the status (by name) the ticket moves to",
    )

    @field_validator("category")
    @classmethod
    def _not_null(cls, value: StatusCategory | None) -> StatusCategory:
        if value is None:
            raise ValueError("a status needs a category (" + ", ".join(StatusCategory) + ")")
        return value


class PriorityEntry(CatalogEntry):
    color: str = Field(default="", max_length=16, examples=["#ff0000"])


C = TypeVar("C", bound=CatalogEntry)

#: Entry fields -> the core command's, where they differ.
_COLUMNS = {"default": "is_default", "enabled": "is_enabled"}


def _values(fields: dict[str, Any]) -> dict[str, Any]:
    return {_COLUMNS.get(name, name): value for name, value in fields.items()}


class CatalogItems(Kind[C]):
    """One flat catalog; a subclass names its section, entry schema and core ``catalog`` kind."""

    catalog: ClassVar[str]  # the core kind: "status", "priority", ...

    def ordered(self, entries: list[C]) -> list[C]:
        defaults = [entry for entry in entries if entry.default]
        if len(defaults) > 1:
            message = f"{defaults[0].name!r} is already this catalog's default: one per catalog"
            raise EntryConflict(defaults[1], message)
        return defaults + [entry for entry in entries if not entry.default]

    def export(self, session: Session) -> list[C]:
        rows = list_catalog(session, self.catalog)
        return [self._entry(cast("CatalogItemRow", row)) for row in rows]

    def current(self, session: Session, key: str) -> C | None:
        row = get_catalog_item_by_name(session, self.catalog, key)
        return None if row is None else self._entry(cast("CatalogItemRow", row))

    def create(self, session: Session, actor: Actor, entry: C) -> Outcome:
        values = _values(entry.model_dump())
        create_catalog_item(session, actor, self.catalog, CatalogItemCreate(**values))
        return Outcome()

    def update(self, session: Session, actor: Actor, key: str, changes: dict[str, Any]) -> Outcome:
        row = get_catalog_item_by_name(session, self.catalog, key)
        if row is None:
            raise not_found(self.catalog, key)
        values = _values(changes)
        update_catalog_item(session, actor, self.catalog, row.id, CatalogItemUpdate(**values))
        return Outcome()

    def _entry(self, row: CatalogItemRow) -> C:
        values: dict[str, Any] = {
            "name": row.name,
            "description": row.description,
            "position": row.position,
            "default": row.is_default,
            "enabled": row.is_enabled,
        }
        if isinstance(row, Status):
            values["category"] = row.category
            values |= _pending_values(row)
        if isinstance(row, Priority):
            values["color"] = row.color
        return cast("C", self.entry(**values))


class Statuses(CatalogItems[StatusEntry]):
    """A status names its auto close target by name: entries with a target come last, so a
    target the same file adds exists by then."""

    section, catalog, entry = "statuses", "status", StatusEntry

    def ordered(self, entries: list[StatusEntry]) -> list[StatusEntry]:
        entries = super().ordered(entries)
        return [e for e in entries if not e.pending_target] + [
            e for e in entries if e.pending_target
        ]

    def create(self, session: Session, actor: Actor, entry: StatusEntry) -> Outcome:
        values = _values(entry.model_dump(exclude={"pending_target"}))
        values["pending_target_status_id"] = _target_id(session, entry.pending_target)
        create_catalog_item(session, actor, self.catalog, CatalogItemCreate(**values))
        return Outcome()

    def update(self, session: Session, actor: Actor, key: str, changes: dict[str, Any]) -> Outcome:
        if "pending_target" in changes:
            target_id = _target_id(session, changes.pop("pending_target"))
            changes["pending_target_status_id"] = target_id
        return super().update(session, actor, key, changes)


class Priorities(CatalogItems[PriorityEntry]):
    section, catalog, entry = "priorities", "priority", PriorityEntry


class Impacts(CatalogItems[CatalogEntry]):
    section, catalog, entry = "impacts", "impact", CatalogEntry


class Urgencies(CatalogItems[CatalogEntry]):
    section, catalog, entry = "urgencies", "urgency", CatalogEntry


class TicketTypes(CatalogItems[CatalogEntry]):
    section, catalog, entry = "ticket_types", "type", CatalogEntry


class Sources(CatalogItems[CatalogEntry]):
    section, catalog, entry = "sources", "source", CatalogEntry


class CloseReasons(CatalogItems[CatalogEntry]):
    section, catalog, entry = "close_reasons", "close_reason", CatalogEntry


def _target_id(session: Session, name: str | None) -> int | None:
    target = get_catalog_item_by_name(session, "status", name) if name else None
    if name and target is None:
        raise not_found("status", name)
    return target.id if target else None


def _pending_values(row: Status) -> dict[str, Any]:
    session = Session.object_session(row)
    target_id = row.pending_target_status_id
    target = session.get(Status, target_id) if session and target_id else None
    return {"pending_action": row.pending_action, "pending_target": target.name if target else None}


# --- categories ------------------------------------------------------------------------------


class CategoryEntry(Entry):
    path: str = Field(
        min_length=1,
        max_length=1000,
        examples=["Hardware/Laptops"],
        description="the names from the root down, joined by '/'",
    )
    description: str = Field(default="", max_length=500)
    position: int = Field(default=0, ge=0, le=1_000_000)
    enabled: bool = True

    @field_validator("path")
    @classmethod
    def _names(cls, path: str) -> str:
        names = [name.strip() for name in path.split(CATEGORY_PATH_SEPARATOR)]
        if not all(names):
            raise ValueError("a path is names joined by '/', none of them blank")
        return CATEGORY_PATH_SEPARATOR.join(names)


class Categories(Kind[CategoryEntry]):
    section = "categories"
    entry = CategoryEntry
    key_field = "path"

    def ordered(self, entries: list[CategoryEntry]) -> list[CategoryEntry]:
        return sorted(entries, key=lambda entry: entry.path.count(CATEGORY_PATH_SEPARATOR))

    def changes(self, current: CategoryEntry, wanted: CategoryEntry) -> dict[str, Any]:
        """A path found case-insensitively changes only when the category's own name's case
        differs (its parents' names are their own entries' business)."""
        changes = super().changes(current, wanted)
        if "path" in changes and _last(current.path) == _last(wanted.path):
            del changes["path"]
        return changes

    def export(self, session: Session) -> list[CategoryEntry]:
        paths = category_paths(session)
        rows = {row.id: row for row in list_catalog(session, "category")}  # by position, id
        ids = {category_id: path for path, category_id in paths.items()}
        ordered: list[CategoryEntry] = []

        def below(parent_id: int | None) -> None:
            for row in rows.values():
                if cast("Category", row).parent_id == parent_id:
                    ordered.append(_category_entry(cast("Category", row), ids[row.id]))
                    below(row.id)

        below(None)
        return ordered

    def current(self, session: Session, key: str) -> CategoryEntry | None:
        found = _category_at(session, key)
        return None if found is None else _category_entry(*found)

    def create(self, session: Session, actor: Actor, entry: CategoryEntry) -> Outcome:
        parent, _, name = entry.path.rpartition(CATEGORY_PATH_SEPARATOR)
        values = entry.model_dump(exclude={"path", "enabled"})
        command = CategoryCreate(
            name=name, parent=parent or None, is_enabled=entry.enabled, **values
        )
        create_category(session, actor, command)
        return Outcome()

    def update(self, session: Session, actor: Actor, key: str, changes: dict[str, Any]) -> Outcome:
        found = _category_at(session, key)
        if found is None:
            raise not_found("category", key)
        fields = {_COLUMNS.get(name, name): value for name, value in changes.items()}
        if "path" in fields:  # the same path but for case: the category's own name's case
            fields["name"] = _last(fields.pop("path"))
        update_category(session, actor, found[0].id, CategoryUpdate(**fields))
        return Outcome()


def _last(path: str) -> str:
    return path.rpartition(CATEGORY_PATH_SEPARATOR)[2]


def _category_at(session: Session, path: str) -> tuple[Category, str] | None:
    """The category at ``path`` (case-insensitively) and its stored path."""
    wanted = path.casefold()
    for stored, category_id in category_paths(session).items():
        if stored.casefold() == wanted:
            return session.get_one(Category, category_id), stored
    return None


def _category_entry(category: Category, path: str) -> CategoryEntry:
    return CategoryEntry(
        path=path,
        description=category.description,
        position=category.position,
        enabled=category.is_enabled,
    )
