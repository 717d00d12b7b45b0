"""The one order for kinds whose entries name a parent: each entry after its parent."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol, TypeVar


class Parented(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def parent(self) -> str | None: ...


P = TypeVar("P", bound=Parented)


def _exact(name: str) -> str:
    return name


def parents_first(
    entries: Sequence[P], *, key: Callable[[str], str] = _exact, release_one: bool = False
) -> list[P]:
    """``entries`` in their order, except that each comes after its parent when the parent is
    one of them (names compared through ``key``, e.g. ``str.casefold``). A cycle cannot wait
    for ever: when none is ready, every waiting entry follows in order, or with
    ``release_one`` only the first of them before the rest are looked at again."""
    present = {key(entry.name) for entry in entries}
    placed: set[str] = set()
    ordered: list[P] = []
    waiting = list(entries)
    while waiting:
        ready = [entry for entry in waiting if _parent_placed(entry, key, present, placed)]
        ready = ready or (waiting[:1] if release_one else waiting)
        ordered += ready
        placed.update(key(entry.name) for entry in ready)
        waiting = [entry for entry in waiting if key(entry.name) not in placed]
    return ordered


def _parent_placed(
    entry: Parented, key: Callable[[str], str], present: set[str], placed: set[str]
) -> bool:
    parent = key(entry.parent) if entry.parent else None
    return parent is None or parent not in present or parent in placed
