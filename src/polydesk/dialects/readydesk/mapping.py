"""ReadyDesk names for the core's catalog rows (``dialect_codes``, dialect ``readydesk``).
The wire carries names: accepted names translate to a core row (any case); each core row
renders as one name (a row with no ``readydesk`` code, as its own name). A filter by name
matches every core row that renders as that name, so ``status=Open`` finds what
``get_tickets`` shows as ``Open``."""

from __future__ import annotations

from dataclasses import dataclass

from polydesk.catalogs.service import codes_for, list_catalog, render_map, uncoded_items
from polydesk.db import Session
from polydesk.dialects.readydesk.errors import invalid
from polydesk.models.catalogs import Category

DIALECT = "readydesk"


@dataclass(frozen=True)
class Names:
    """One catalog kind: the names accepted and the name each core row shows as."""

    kind: str
    accepts: dict[str, int]  # lower-case name -> core id
    renders: dict[int, str]

    def name(self, core_id: int | None) -> str:
        return self.renders.get(core_id, "") if core_id is not None else ""

    def core_id(self, name: str, variable: str) -> int:
        found = self.accepts.get(name.lower())
        if found is None:
            raise invalid(variable, f"unknown {self.kind} {name!r}")
        return found

    def shown_as(self, name: str, variable: str) -> list[int]:
        wanted = name.lower()
        ids = [core_id for core_id, shown in self.renders.items() if shown.lower() == wanted]
        if not ids:
            raise invalid(variable, f"unknown {self.kind} {name!r}")
        return sorted(ids)


def names(session: Session, kind: str) -> Names:
    """The ``readydesk`` names of a kind. A core row no name renders (one an admin or a site
    file added) is its own name, as ReadyDesk's admin-defined lists are; a sub-category shows
    as its parent's name, and is taken only as a ``sub_category`` under it."""
    accepted = codes_for(session, dialect=DIALECT, kind=kind)
    accepts = {code.lower(): core_id for code, core_id in accepted.items()}
    renders = render_map(session, dialect=DIALECT, kind=kind)
    parents: dict[int, int] = {}
    for row in uncoded_items(session, dialect=DIALECT, kind=kind):
        if isinstance(row, Category) and row.parent_id is not None:
            parents[row.id] = row.parent_id
            continue
        accepts.setdefault(row.name.lower(), row.id)
        renders[row.id] = row.name
    for core_id in parents:  # each up to its first rendered ancestor
        node, seen = core_id, set[int]()
        while node in parents and node not in seen:
            seen.add(node)
            node = parents[node]
        renders[core_id] = renders.get(node, "")
    return Names(kind=kind, accepts=accepts, renders=renders)


@dataclass(frozen=True)
class Categories:
    """``category`` is the product name of the ticket's category (a sub-category renders as
    its parent's name); ``sub_category`` is the core sub-category's own name."""

    names: Names
    rows: dict[int, Category]

    @classmethod
    def load(cls, session: Session) -> Categories:
        rows = {
            row.id: row for row in list_catalog(session, "category") if isinstance(row, Category)
        }
        return cls(names(session, "category"), rows)

    def category(self, core_id: int | None) -> str:
        return self.names.name(core_id)

    def sub_category(self, core_id: int | None) -> str:
        row = self.rows.get(core_id) if core_id is not None else None
        return row.name if row is not None and row.parent_id is not None else ""

    def child(self, parent_id: int, name: str) -> int:
        wanted = name.lower()
        for row in self.rows.values():
            if row.parent_id == parent_id and row.name.lower() == wanted:
                return row.id
        raise invalid("sub_category", f"unknown sub-category {name!r}")

    def sub_categories_named(self, name: str) -> list[int]:
        wanted = name.lower()
        ids = [
            r.id for r in self.rows.values() if r.parent_id is not None and r.name.lower() == wanted
        ]
        if not ids:
            raise invalid("sub_category", f"unknown sub-category {name!r}")
        return sorted(ids)
