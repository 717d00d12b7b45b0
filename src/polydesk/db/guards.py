"""Values no supported database stores are refused at the database port, for every edge alike.

PostgreSQL refuses text holding NUL characters, and integers too wide for the column's type
(``INTEGER`` is 32 bits there, ``BIGINT`` 64); SQLite overflows past 64 bits. Checking the
bound parameters of every statement just before it is sent turns these into the domain error
``ValidationFailed``, which each edge already renders in its own product's error format, and
the statement never reaches the database, so nothing changes and no transaction is poisoned.
SQLite would store the NUL; it is refused there too so both databases behave the same.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import BigInteger, Integer, SmallInteger
from sqlalchemy.types import TypeEngine

from polydesk.core.errors import ValidationFailed

Limits = tuple[int, int]
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
INT64: Limits = (INT64_MIN, INT64_MAX)
INT32: Limits = (-(2**31), 2**31 - 1)
INT16: Limits = (-(2**15), 2**15 - 1)
NO_LIMITS: Mapping[str, Limits] = {}
# Expanded IN lists bind ``id_1_1``, ``id_1_2`` ...; batched inserts ``name__0`` ...
_EXPANDED = re.compile(r"(?:_\d+|__\d+)$")
_limits_cache: weakref.WeakKeyDictionary[Any, Mapping[str, Limits]] = (
    weakref.WeakKeyDictionary()
)


def check_parameters(parameters: Any, limits: Mapping[str, Limits] = NO_LIMITS) -> None:
    """Raise ``ValidationFailed`` if any bound value is a NUL-holding string or an integer
    outside its column type's range (``limits`` by parameter name; 64 bits otherwise).
    ``parameters`` is what the DB-API receives: a mapping, a sequence, or (executemany) a list
    of those."""
    for name, value in _named_values(parameters):
        if isinstance(value, str):
            if "\x00" in value:
                raise ValidationFailed(
                    "input.invalid_text", "text must not contain NUL (\\u0000) characters"
                )
        elif isinstance(value, int) and not isinstance(value, bool):
            low, high = _limit_for(name, limits)
            if not low <= value <= high:
                raise ValidationFailed(
                    "input.out_of_range", f"number {value} is out of range ({low} .. {high})"
                )


def integer_limits(compiled: Any) -> Mapping[str, Limits]:
    """Parameter name -> range, for the integer binds of a compiled statement (PostgreSQL:
    sizes follow the column types). Cached per compiled statement, which SQLAlchemy reuses."""
    if compiled is None:
        return NO_LIMITS
    cached = _limits_cache.get(compiled)
    if cached is None:
        binds = getattr(compiled, "binds", {})
        cached = {
            name: limits
            for name, bind in binds.items()
            if (limits := _type_limits(bind.type)) is not None
        }
        _limits_cache[compiled] = cached
    return cached


def _type_limits(type_: TypeEngine[Any]) -> Limits | None:
    if isinstance(type_, BigInteger):
        return INT64
    if isinstance(type_, SmallInteger):
        return INT16
    if isinstance(type_, Integer):
        return INT32
    return None


def _limit_for(name: str | None, limits: Mapping[str, Limits]) -> Limits:
    if name is None or not limits:
        return INT64
    found = limits.get(name)
    if found is None:
        found = limits.get(_EXPANDED.sub("", name))
    return found or INT64


def _named_values(parameters: Any) -> Iterable[tuple[str | None, Any]]:
    if isinstance(parameters, Mapping):
        return parameters.items()
    if isinstance(parameters, list | tuple):
        if parameters and isinstance(parameters[0], Mapping | list | tuple):
            return (pair for row in parameters for pair in _named_values(row))
        return ((None, value) for value in parameters)
    return ()
