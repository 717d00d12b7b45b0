"""Golden checks from the seed's response tables: every documented field is there (except
those the seed says may be left out), nothing undocumented is added, and each value has the
documented type (dates are epoch integers or ISO-8601 strings, as ``date_format`` asks)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tests.dialects.invgate.conftest import SPEC

DATE_FIELDS = frozenset(
    {"created_at", "last_update", "solved_at", "closed_at", "date_ocurred"}
    | {"sla_incident_first_reply", "sla_incident_resolution"}
)
#: Fields the seed says may be missing, or lists beside the rows of a paged answer.
CONDITIONAL = frozenset({"rating", "comments", "next_page_key"})


def spec_of(method: str, endpoint: str) -> dict[str, Any]:
    return next(op for op in SPEC if op["method"] == method and op["endpoint"] == endpoint)


def response_fields(method: str, endpoint: str) -> dict[str, str]:
    return {field["name"]: field["type"] for field in spec_of(method, endpoint)["response"]}


def check_row(
    row: dict[str, Any],
    fields: dict[str, str],
    *,
    iso: bool = False,
    extra: frozenset[str] = frozenset(),
) -> None:
    documented = set(fields)
    assert documented - CONDITIONAL <= set(row), documented - CONDITIONAL - set(row)
    assert set(row) <= documented | extra, set(row) - documented - extra
    for name, value in row.items():
        if name in fields:
            assert has_type(name, value, fields[name], iso), (name, value, fields[name])


def has_type(name: str, value: Any, kind: str, iso: bool) -> bool:
    if value is None:
        return True
    if name in DATE_FIELDS:
        return _is_iso(value) if iso else isinstance(value, int) and not isinstance(value, bool)
    if kind == "INTEGER":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind in ("STRING", "TEXT"):
        return isinstance(value, str)
    if kind == "ARRAY":
        return isinstance(value, list | dict)
    if kind == "BOOLEAN":
        return isinstance(value, bool) or value in (0, 1)
    return isinstance(value, int | float)


def _is_iso(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    return datetime.fromisoformat(value).tzinfo is not None
