"""Row locks for read-modify-write: what a transaction reads with ``for_update`` cannot be
changed by anyone else until it commits, so no acknowledged change is ever overwritten.

PostgreSQL: ``SELECT ... FOR UPDATE OF <table>`` (only the named table's rows, so joined
lookups stay unlocked and outer joins stay legal). SQLite has no row locks: the read takes the
database's write lock first (see ``db.engine``), which serialises every writer. Either way the
rows are re-read (``populate_existing``), so values cached earlier in the session are replaced
by the committed ones."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import Select

from polydesk.db.engine import WRITE_INTENT

T = TypeVar("T")


def for_update(query: Select[T], *tables: Any) -> Select[T]:
    return query.with_for_update(of=list(tables) or None).execution_options(
        **{WRITE_INTENT: True, "populate_existing": True}
    )
