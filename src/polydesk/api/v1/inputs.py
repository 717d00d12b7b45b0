"""Native API input types: hostile values are refused here, at the edge, with a precise 422.

Decisions (issue 12, "zero 500s on hostile input"):
- Ids are 1..2^31-1: every id column is an INTEGER, 32-bit on PostgreSQL, so a larger number
  cannot name a row (and would fail in the driver). Paths, query filters and bodies use ``Id``.
- Text anywhere in a body or query (keys included) must be valid Unicode without NUL:
  PostgreSQL cannot store NUL, and lone surrogates (``"\\ud800"`` in JSON) cannot be encoded.
- Integers anywhere in a body fit in signed 64 bits, and JSON nests at most ``MAX_DEPTH``
  levels (deeper values overflow the stack when validated, stored or rendered).
- ``null`` is refused for fields whose column cannot be empty (``refuse_null``); for optional
  references it still means "clear".
The checks walk the raw body before pydantic does, without recursion.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Path, Query
from pydantic import AfterValidator, BaseModel, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from polydesk.core.validation import text_problem

MAX_ID = 2**31 - 1
"""Largest id: ids are INTEGER columns (signed 32-bit on PostgreSQL)."""
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
MAX_DEPTH = 32
"""Deepest nesting accepted in a JSON body (a ticket's ``extra`` is the only free-form part)."""
MAX_OFFSET = 2**31 - 1

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
PathId = Annotated[int, Path(ge=1, le=MAX_ID)]


def _clean_text(value: Any) -> Any:
    if isinstance(value, str) and (problem := text_problem(value)) is not None:
        raise PydanticCustomError("input.invalid_text", problem)
    if isinstance(value, list):
        for item in value:
            _clean_text(item)
    return value


CleanText = AfterValidator(_clean_text)
"""For query and form strings (bodies are checked whole by ``Guarded``)."""
QueryText = Annotated[str | None, Query(max_length=500), CleanText]
QueryId = Annotated[int | None, Query(ge=1, le=MAX_ID)]
IdList = Annotated[list[Id] | None, Query()]
TextList = Annotated[list[str] | None, Query(), CleanText]
NameInPath = Annotated[str, Path(min_length=1, max_length=191), CleanText]


def _problem(value: Any, path: list[Any], depth: int) -> tuple[str, str] | None:
    if isinstance(value, str):
        found = text_problem(value)
        return ("input.invalid_text", found) if found else None
    if isinstance(value, int) and not isinstance(value, bool):
        if INT64_MIN <= value <= INT64_MAX:
            return None
        return "input.out_of_range", "integer does not fit in 64 bits"
    if isinstance(value, dict | list) and depth > MAX_DEPTH:
        return "input.too_deep", f"JSON nests deeper than {MAX_DEPTH} levels"
    return None


def hostile_value(body: Any) -> tuple[str, str, list[Any]] | None:
    """The first hostile value in a decoded JSON body: (code, message, path to it)."""
    stack: list[tuple[Any, list[Any], int]] = [(body, [], 1)]
    while stack:
        value, path, depth = stack.pop()
        found = _problem(value, path, depth)
        if found is not None:
            return found[0], found[1], path
        if isinstance(value, dict):
            for key, child in value.items():
                if isinstance(key, str) and (problem := text_problem(key)) is not None:
                    return "input.invalid_text", f"key: {problem}", [*path, key]
                stack.append((child, [*path, key], depth + 1))
        elif isinstance(value, list):
            stack.extend((child, [*path, i], depth + 1) for i, child in enumerate(value))
    return None


class Guarded(BaseModel):
    """Mixin for native request bodies: refuses hostile values before field validation."""

    @model_validator(mode="before")
    @classmethod
    def _refuse_hostile(cls, data: Any) -> Any:
        found = hostile_value(data)
        if found is not None:
            code, message, path = found
            # ``path`` becomes part of the error's location (see errors._validation_error).
            raise PydanticCustomError(code, message, {"path": path})
        return data


def _not_null(value: Any) -> Any:
    if value is None:
        raise PydanticCustomError("input.null", "this field may not be null")
    return value


def refuse_null(*fields: str) -> Any:
    """A validator, assigned in a model's body, refusing an explicit ``null`` for ``fields``
    (their columns cannot be empty; leaving a field out still means "unchanged")."""

    return field_validator(*fields, mode="before", check_fields=False)(_not_null)
