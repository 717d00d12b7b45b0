"""Znuny's ``Simple`` data mapping (``Kernel/GenericInterface/Mapping/Simple.pm``), as pure
functions over the decoded request or response data.

The rules, as Znuny applies them:

* Only the **top level** of the data is mapped. A value that is not a scalar (an object, a list,
  null) keeps its key mapping but passes through untouched: ``Simple`` does not recurse (Znuny's
  separate ``Znuny`` mapping type does; Polydesk refuses that type at import).
* Keys are visited in sorted order. A key goes through ``KeyMapExact`` (a target of ``""`` or
  ``"0"`` counts as no match, Perl truth), then ``KeyMapRegEx`` (patterns in sorted order, the
  first match wins; when its target key already holds a true value the key is dropped), then
  ``KeyMapDefault``: ``Keep``, ``Ignore`` (drop the pair) or ``MapTo`` (dropped when the target
  already holds a true value). An empty key is dropped.
* A scalar value is mapped by the ``ValueMap`` of its **new** key: ``ValueMapExact`` first, then
  ``ValueMapRegEx`` (sorted, first match), then ``ValueMapDefault``: ``Keep``, ``MapTo``, or
  ``Ignore``, which drops the whole pair.
* Patterns are anchored as Znuny anchors them, ``\\A <pattern> \\z`` under ``/xms`` and without a
  group, so a top-level ``a|b`` is anchored on one side each, exactly as in Znuny.
* Data that is not an object (a JSON array body) is an error; empty or no data maps to ``{}``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

MAP_TYPES = ("Keep", "Ignore", "MapTo")
_STRING_MAPS = ("KeyMapExact", "KeyMapRegEx", "KeyMapDefault", "ValueMapDefault")
_SECTIONS = ("KeyMapExact", "KeyMapRegEx", "KeyMapDefault", "ValueMap", "ValueMapDefault")
_REQUIRED = ("KeyMapDefault", "ValueMapDefault")
_VALUE_MAPS = ("ValueMapExact", "ValueMapRegEx")
NOT_A_HASH = "Got Data but it is not a hash ref in Mapping handler!"


class MappingError(Exception):
    """The mapping failed; Znuny answers the request with a fault carrying this message."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --- configuration check (Znuny's ``_ConfigCheck``, its messages) ---------------------------


def check_simple_config(config: Any) -> None:
    """Raise ``ValueError`` with Znuny's message when the config cannot be applied. ``{}`` and
    None mean "no config": the data passes unchanged."""
    if config is None:
        return
    if not isinstance(config, dict):
        raise ValueError("Config is defined but not a hash reference!")
    if not config:
        return
    unknown = sorted(set(config) - set(_SECTIONS))
    if unknown:
        raise ValueError(f"unknown Simple mapping settings: {', '.join(map(str, unknown))}")
    for section in _SECTIONS:
        _check_section(config, section)
    for section in _REQUIRED:
        _check_default(config[section], section)
    for key, value_map in config.get("ValueMap", {}).items():
        _check_value_map(key, value_map)
    _check_patterns(config)


def _check_section(config: dict[str, Any], section: str) -> None:
    value = config.get(section)
    if value is None:
        if section in _REQUIRED:
            raise ValueError(f"Got no {section}, but it is required!")
        return
    if not isinstance(value, dict) or not value:
        raise ValueError(f"Got {section} with Data, but Data is no hash ref with content!")
    if section not in _STRING_MAPS:
        return
    for key, target in value.items():
        if not isinstance(target, str):
            raise ValueError(f"Got value for {key} in {section} which is not a string!")


def _check_default(default: dict[str, Any], section: str) -> None:
    kind = default.get("MapType")
    if kind not in MAP_TYPES:
        raise ValueError(f"Got no valid MapType in {section}!")
    if kind == "MapTo" and not (isinstance(default.get("MapTo"), str) and default["MapTo"]):
        raise ValueError(f"Got MapType 'MapTo', but MapTo value is not valid in {section}!")


def _check_value_map(key: str, value_map: Any) -> None:
    if not isinstance(value_map, dict) or not value_map:
        raise ValueError(f"Got {key} in ValueMap, but it is no hash ref with content!")
    for sub in _VALUE_MAPS:
        table = value_map.get(sub)
        if table is None:
            continue
        if not isinstance(table, dict) or not table:
            raise ValueError(f"Got {sub} in {key} in ValueMap, but it is no hash ref with content!")
        for source, target in table.items():
            if not isinstance(target, str):
                raise ValueError(
                    f"Got value for {source} in {sub} in {key} in ValueMap which is not a string!"
                )


def _check_patterns(config: dict[str, Any]) -> None:
    """Znuny would die on a bad pattern mid-request; refuse it when the service is saved."""
    tables = [("KeyMapRegEx", config.get("KeyMapRegEx") or {})]
    for key, value_map in (config.get("ValueMap") or {}).items():
        tables.append((f"ValueMap.{key}.ValueMapRegEx", value_map.get("ValueMapRegEx") or {}))
    for where, table in tables:
        for pattern in table:
            try:
                _compiled(pattern)
            except re.error as exc:
                message = f"invalid regular expression {pattern!r} in {where}: {exc}"
                raise ValueError(message) from exc


# --- applying the mapping -------------------------------------------------------------------


def simple_mapped(config: dict[str, Any] | None, data: Any) -> dict[str, Any]:
    """The mapped data; raises ``MappingError`` for data that is not an object."""
    if data is not None and not isinstance(data, dict):
        raise MappingError(NOT_A_HASH)
    if not data:
        return {}
    if not config:
        return data
    mapped: dict[str, Any] = {}
    for old_key in sorted(data):
        new_key = _new_key(config, old_key, mapped)
        if new_key is None:
            continue
        value = data[old_key]
        if not _is_scalar(value):
            mapped[new_key] = value
            continue
        found, new_value = _new_value(config, new_key, value)
        if found:
            mapped[new_key] = new_value
    return mapped


def _new_key(config: dict[str, Any], old_key: str, mapped: dict[str, Any]) -> str | None:
    """The key to store ``old_key`` under, or None to drop the pair."""
    if not old_key:
        return None
    exact = (config.get("KeyMapExact") or {}).get(old_key)
    if _perl_true(exact):
        return str(exact)
    regex = config.get("KeyMapRegEx") or {}
    for pattern in sorted(regex):
        if _compiled(pattern).search(old_key) is None:
            continue
        target = regex[pattern]
        if _perl_true(mapped.get(target)):
            return None  # the target key is taken: Znuny drops this pair
        if _perl_true(target):
            return str(target)
        break  # a false target: Znuny falls through to the default
    default = config["KeyMapDefault"]
    if default["MapType"] == "Keep":
        return old_key
    if default["MapType"] == "Ignore":
        return None
    target = default["MapTo"]
    return None if _perl_true(mapped.get(target)) else str(target)


def _new_value(config: dict[str, Any], key: str, value: Any) -> tuple[bool, Any]:
    """(keep the pair?, its value) for a scalar value stored under ``key``."""
    value_map = (config.get("ValueMap") or {}).get(key)
    text = _perl_string(value)
    if value_map:
        exact = value_map.get("ValueMapExact") or {}
        if exact.get(text) is not None:
            return True, exact[text]
        regex = value_map.get("ValueMapRegEx") or {}
        for pattern in sorted(regex):
            if _compiled(pattern).search(text) is not None:
                return True, regex[pattern]
    default = config["ValueMapDefault"]
    if default["MapType"] == "Keep":
        return True, value
    if default["MapType"] == "MapTo":
        return True, default["MapTo"]
    return False, None


@lru_cache(maxsize=1024)
def _compiled(pattern: str) -> re.Pattern[str]:
    """Perl's ``m{ \\A $pattern \\z }xms``: interpolated without a group, as Znuny does."""
    return re.compile(r"\A " + pattern + r" \Z", re.VERBOSE | re.MULTILINE | re.DOTALL)


def _is_scalar(value: Any) -> bool:
    """Znuny's ``IsString``: a defined value that is not a reference."""
    return isinstance(value, str | int | float)


def _perl_string(value: Any) -> str:
    """How Perl prints a decoded JSON scalar (booleans were decoded as 1 and 0)."""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return f"{value:.15g}"
    return str(value)


def _perl_true(value: Any) -> bool:
    """Perl truth: undef, ``""``, ``"0"`` and 0 are false; references are true."""
    if value is None:
        return False
    if isinstance(value, str):
        return value not in ("", "0")
    if isinstance(value, bool | int | float):
        return bool(value)
    return True
