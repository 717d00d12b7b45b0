"""Trees stored as a parent column: the one walk up from a row to its ancestors."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session


def is_below(
    session: Session, id_column: Any, parent_column: Any, row_id: int, parent_id: int | None
) -> bool:
    """Whether ``row_id`` is ``parent_id`` or one of its ancestors, so that putting the row
    under ``parent_id`` would put it below itself. The walk follows ``parent_column`` (every
    row's parent is read in one query) and stops at a stored cycle."""
    parents: dict[int, int | None] = {
        node_id: parent for node_id, parent in session.execute(select(id_column, parent_column))
    }
    node, seen = parent_id, set[int]()
    while node is not None and node not in seen:
        if node == row_id:
            return True
        seen.add(node)
        node = parents.get(node)
    return False
