"""Values no supported database stores are refused at the database port, for every edge alike.

PostgreSQL refuses text holding NUL characters and integers outside signed 64 bits (psycopg
raises, the request would end in a 500); SQLite overflows on the same integers. Checking the
bound parameters of every statement just before it is sent turns both into the domain error
``ValidationFailed``, which each edge already renders in its own product's error format, and
the statement never reaches the database, so nothing changes and no transaction is poisoned.
SQLite would store the NUL; it is refused there too so both databases behave the same.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from polydesk.core.errors import ValidationFailed

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


def check_parameters(parameters: Any) -> None:
    """Raise ``ValidationFailed`` if any bound value is a NUL-holding string or an integer
    outside signed 64 bits. ``parameters`` is what the DB-API receives: a mapping, a sequence,
    or (executemany) a list of those."""
    for value in _values(parameters):
        if isinstance(value, str):
            if "\x00" in value:
                raise ValidationFailed(
                    "input.invalid_text", "text must not contain NUL (\\u0000) characters"
                )
        elif isinstance(value, int) and not INT64_MIN <= value <= INT64_MAX:
            raise ValidationFailed(
                "input.out_of_range",
                f"number {value} is out of range (-2^63 .. 2^63-1)",
            )


def _values(parameters: Any) -> Iterable[Any]:
    if isinstance(parameters, Mapping):
        return parameters.values()
    if isinstance(parameters, list | tuple):
        if parameters and isinstance(parameters[0], Mapping | list | tuple):
            return (value for row in parameters for value in _values(row))
        return parameters
    return ()
