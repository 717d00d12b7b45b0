"""Names: the one query that finds a name in use (unique ignoring case), and the one that
reads the names of a set of rows."""

from __future__ import annotations

from collections.abc import Iterable
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


def names_by_id(session: Session, model: Any, ids: Iterable[int | None]) -> dict[int, str]:
    """Row id -> ``name`` of ``model`` for the given ids (``None`` skipped), in one query;
    ids with no row are left out."""
    wanted = sorted({ident for ident in ids if ident is not None})
    if not wanted:
        return {}
    rows = session.execute(select(model.id, model.name).where(model.id.in_(wanted)))
    return {ident: name for ident, name in rows}
