"""Counting the SQL statements a piece of code runs (N+1 checks in the tests)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine


@contextmanager
def sql_statements(bind: Engine | Connection) -> Iterator[list[str]]:
    """The text of every statement sent through ``bind`` inside the block, in order."""
    seen: list[str] = []

    def remember(*args: Any) -> None:
        seen.append(str(args[2]))

    event.listen(bind, "before_cursor_execute", remember)
    try:
        yield seen
    finally:
        event.remove(bind, "before_cursor_execute", remember)
