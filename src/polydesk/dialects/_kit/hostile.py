"""Reading untrusted values safely (issue 12): ids that fit the database's id columns, text
the database can store, and JSON or XML nested no deeper than ``MAX_DEPTH``.

Each dialect turns a refusal here into its own product's error; these helpers only say "no".
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any
from xml.etree.ElementTree import Element

#: Ids and counts live in INTEGER columns, 32-bit on PostgreSQL: a larger number names no row,
#: and sent to the database it is an error (a 500), not an empty answer.
MAX_ID = 2**31 - 1
MAX_INT64 = 2**63 - 1
#: Deeper JSON or XML is refused as malformed: no product we speak nests data this far, and
#: recursive code (json, pydantic, our own converters) must stay far below Python's limit.
MAX_DEPTH = 100
_MAX_DIGITS = len(str(MAX_INT64))


class MalformedJson(ValueError):
    """The body is not JSON, not UTF-8 (or the charset given), or nested too deep."""


def ascii_digits(text: str) -> bool:
    """Only 0-9 (``str.isdigit`` also accepts ``²`` and other scripts' digits)."""
    return text.isascii() and text.isdigit()


def bounded_int(text: str, *, minimum: int = 0, maximum: int = MAX_ID) -> int | None:
    """The number ``text`` spells in ASCII digits when it lies in ``minimum..maximum``, else
    None. Long digit strings are refused before ``int()`` (which refuses over 4,300 digits)."""
    digits = text.lstrip("0") or "0"
    if not ascii_digits(text) or len(digits) > _MAX_DIGITS:
        return None
    value = int(digits)
    return value if minimum <= value <= maximum else None


def storable(text: str) -> bool:
    """Text the database can hold: PostgreSQL refuses NUL in text, so nobody may send it."""
    return "\x00" not in text


def all_storable(texts: Iterable[str]) -> bool:
    return all(storable(text) for text in texts)


def load_json(raw: bytes | str, *, max_depth: int = MAX_DEPTH) -> Any:
    """``json.loads`` that refuses nesting deeper than ``max_depth`` with ``MalformedJson``,
    as it refuses any other malformed body (never a RecursionError)."""
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError) as error:  # UnicodeDecodeError is a ValueError
        raise MalformedJson(str(error) or "nested too deep") from error
    if json_depth(data) > max_depth:
        raise MalformedJson(f"JSON nested deeper than {max_depth} levels")
    return data


def json_depth(value: Any) -> int:
    """Levels of lists and objects (a scalar is 0), counted without recursion."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Iterable[Any] = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, depth + 1)
        stack.extend((child, depth + 1) for child in children)
    return deepest


def xml_depth(root: Element) -> int:
    """Levels of elements (the root alone is 1), counted without recursion."""
    deepest = 0
    stack: list[tuple[Element, int]] = [(root, 1)]
    while stack:
        element, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in element)
    return deepest


def row_id(text: str) -> int:
    """The id ``text`` names for a lookup by id; 0, which no row has, when it names none (not
    ASCII digits, or past ``MAX_ID``), so the lookup finds nothing as for any unknown id."""
    return bounded_int(text) or 0
