"""Reading the loosely typed request data the way Znuny's Perl does: numbers and strings are
alike, scalars are trimmed, and a key may hold a scalar or a list."""

from __future__ import annotations

from typing import Any


def text(data: Any, key: str) -> str:
    """A scalar as trimmed text; missing, null or structured values read as empty."""
    if not isinstance(data, dict):
        return ""
    return scalar_text(data.get(key))


def scalar_text(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else ""
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        return value.strip()
    return ""


def truthy(value: Any) -> bool:
    """Perl truth: empty, ``"0"`` and 0 are false."""
    return scalar_text(value) not in ("", "0")


def as_list(value: Any) -> list[Any]:
    """A scalar becomes a one-element list; null and empty strings disappear."""
    if value is None or value == "":
        return []
    return value if isinstance(value, list) else [value]
