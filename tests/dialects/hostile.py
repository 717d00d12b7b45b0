"""What the hostile-input tests of every dialect share (issue 12): the values that used to
crash an edge, and a check that a refused request changed nothing."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, text

#: Tables a write would touch; a refused request must leave every count as it was.
COUNTED = (
    "tickets",
    "comments",
    "history_events",
    "users",
    "attachments",
    "time_entries",
    "companies",
    "custom_field_values",
)
#: Ids no database column holds, or that are no ids at all (as text on the wire).
BAD_IDS = (
    "9223372036854775808",  # 2**63
    "18446744073709551616",  # 2**64
    "9" * 40,
    "9" * 5000,  # past int()'s 4,300-digit limit
    "-1",
    "-9223372036854775809",
    "abc",
    "7e3",  # MySQL and PHP read 7
    "²",  # str.isdigit() says yes, int() says no
    "١٢",  # Arabic-Indic digits
)
HUGE_INTS = (2**63, 2**64, -(2**63) - 1, 10**40)
NUL = "\x00"
DEPTH = 2000


def deep_json(depth: int = DEPTH) -> str:
    return "[" * depth + "]" * depth


def deep_json_object(key: str = "a", depth: int = DEPTH) -> str:
    return f'{{"{key}":' * depth + "1" + "}" * depth


def row_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            table: int(connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())
            for table in COUNTED
        }


@contextmanager
def unchanged(engine: Engine) -> Iterator[None]:
    """Asserts that the block changed no counted table."""
    before = row_counts(engine)
    yield
    assert row_counts(engine) == before
