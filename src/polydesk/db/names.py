"""Names unique ignoring case: the one query that finds a name in use."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session


def name_in_use(
    session: Session, id_column: Any, name_column: Any, name: str, *, own_id: int | None = None
) -> bool:
    """Whether a row other than ``own_id`` has ``name``, compared ignoring case. Exact names
    are compared too: the database's lower() may fold less than Python's (SQLite: ASCII only)
    and a unique index compares exact names, so a clash would otherwise end in IntegrityError."""
    query = select(id_column).where(
        (func.lower(name_column) == name.lower()) | (name_column == name)
    )
    if own_id is not None:
        query = query.where(id_column != own_id)
    return session.scalars(query).first() is not None
