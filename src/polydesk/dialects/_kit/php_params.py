"""PHP-style request parameters (``$_GET`` / ``$_POST`` as PHP builds them), for the products
written in PHP (InvGate, Integria): ``ids[]=1&ids[]=2`` and ``ids[0]=1&ids[1]=2`` are arrays,
``key_values[color]=red`` is a dictionary, ``name=value`` is a single value.

Decisions, where PHP is lenient and a silent guess would hide a client's bug:
- One name has one shape. Sending ``ids=1`` and ``ids[]=2`` together, or ``ids[]=1`` and
  ``ids[0]=2``, is an error (PHP keeps whichever came last).
- A repeated single value keeps the last one, as PHP does.
- Nested brackets (``a[b][c]``) and unbalanced ones (``a[b``) are errors: no product we speak
  documents them.
- Reading a single value where an array was sent, or an array where a single value was sent
  (``ids=1,2``), is an error the dialect reports in its own format (``ParamError``).
- Hard caps: at most ``MAX_PARAMS`` pairs and ``MAX_ITEMS`` entries per array or dictionary.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

MAX_PARAMS = 2000
MAX_ITEMS = 1000
_NAME = re.compile(r"^([^\[\]]+)(?:\[([^\[\]]*)\])?$")


class ParamError(ValueError):
    """A parameter is malformed or has the wrong shape; ``name`` is the parameter's base name."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name
        self.message = message


@dataclass
class _Entry:
    kind: str  # "scalar", "list" (name[]) or "map" (name[key])
    scalar: str = ""
    items: list[str] = field(default_factory=list)
    keyed: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class PhpParams:
    """Parameters by base name; read them with ``scalar``, ``array`` or ``mapping``."""

    entries: dict[str, _Entry]

    def names(self) -> list[str]:
        return list(self.entries)

    def has(self, name: str) -> bool:
        return name in self.entries

    def present(self, name: str) -> bool:
        """Sent with content: a non-blank single value, or an array or dictionary."""
        entry = self.entries.get(name)
        return entry is not None and (entry.kind != "scalar" or bool(entry.scalar.strip()))

    def scalar(self, name: str) -> str | None:
        """The single value of ``name``, None when absent; an array is an error."""
        entry = self.entries.get(name)
        if entry is None:
            return None
        if entry.kind != "scalar":
            raise ParamError(name, f"{name} must be a single value, not an array")
        return entry.scalar

    def array(self, name: str) -> list[str] | None:
        """The values of ``name[]=`` or ``name[i]=`` in the order sent, None when absent; a
        single value (``ids=1,2``) or a dictionary with non-numeric keys is an error."""
        entry = self.entries.get(name)
        if entry is None:
            return None
        if entry.kind == "list":
            return list(entry.items)
        if entry.kind == "map" and all(key.isdigit() for key in entry.keyed):
            return list(entry.keyed.values())
        raise ParamError(name, f"{name} must be an array ({name}[]=value)")

    def mapping(self, name: str) -> dict[str, str] | None:
        """The ``name[key]=value`` pairs, None when absent; other shapes are an error."""
        entry = self.entries.get(name)
        if entry is None:
            return None
        if entry.kind != "map":
            raise ParamError(name, f"{name} must be a dictionary ({name}[key]=value)")
        return dict(entry.keyed)


def parse_pairs(pairs: Iterable[tuple[str, str]]) -> PhpParams:
    """Group decoded ``(name, value)`` pairs (query string, then body) by PHP's rules."""
    entries: dict[str, _Entry] = {}
    for count, (raw_name, value) in enumerate(pairs, start=1):
        if count > MAX_PARAMS:
            raise ParamError(raw_name, f"too many parameters (at most {MAX_PARAMS})")
        base, key = split_name(raw_name)
        _add(entries, base, key, value)
    return PhpParams(entries)


def split_name(raw_name: str) -> tuple[str, str | None]:
    """``ids[]`` -> ("ids", ""), ``kv[a]`` -> ("kv", "a"), ``title`` -> ("title", None)."""
    found = _NAME.match(raw_name)
    if found is None:
        base = raw_name.split("[", 1)[0] or raw_name
        raise ParamError(base, f"malformed parameter name {raw_name!r}")
    return found.group(1), found.group(2)


def _add(entries: dict[str, _Entry], base: str, key: str | None, value: str) -> None:
    kind = "scalar" if key is None else ("list" if key == "" else "map")
    entry = entries.setdefault(base, _Entry(kind))
    if entry.kind != kind:
        raise ParamError(base, f"{base} is sent in two different shapes")
    if kind == "scalar":
        entry.scalar = value
        return
    if len(entry.items) + len(entry.keyed) >= MAX_ITEMS:
        raise ParamError(base, f"{base} has too many entries (at most {MAX_ITEMS})")
    if kind == "list":
        entry.items.append(value)
    else:
        assert key is not None
        entry.keyed[key] = value
