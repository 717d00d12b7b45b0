"""What site-file kinds share about the names entries refer to things by: names match ignoring
case (so another case is no change), and categories are written as their paths."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from polydesk.catalogs.service import category_paths
from polydesk.db import Session


def same_name(one: str | None, other: str | None) -> bool:
    return one is not None and other is not None and one.casefold() == other.casefold()


def real_changes(found: dict[str, Any], current: Any, named: Collection[str]) -> dict[str, Any]:
    """``found`` without the ``named`` fields whose new value is the current name in another
    case (``current``: the entry as it stands)."""
    return {
        name: value
        for name, value in found.items()
        if name not in named or not same_name(value, getattr(current, name))
    }


def category_paths_by_id(session: Session) -> dict[int, str]:
    return {ident: path for path, ident in category_paths(session).items()}
