"""Motadata's names for the core's rows (docs/concepts.md §3): status, priority, urgency, impact
and category through the ``motadata`` dialect codes; locations by name.

Input is matched ignoring case, spaces and underscores (``On User`` = ``ONUSER``, spec A.6-17);
output is the 2018 code form. A status or category an admin added to the core without a Motadata
code is accepted and shown by its core name, so nothing becomes unreadable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from polydesk.catalogs.service import (
    codes_for,
    get_catalog_item,
    get_catalog_item_by_name,
    product_codes,
    render_map,
)
from polydesk.db import Session
from polydesk.dialects.motadata.errors import MotadataError, invalid_input

DIALECT = "motadata"
#: Kinds whose codes are enums (a closed list); the others are names.
ENUM_KINDS = ("impact", "priority", "urgency")
#: What an unset impact or urgency shows (the product's default, spec A.3 (4)).
UNSET_ENUM = "LOW"
DEFAULT_CATEGORY = "Service Request"
_NOISE = re.compile(r"[\s_]+")


def normalized(value: str) -> str:
    return _NOISE.sub("", value).casefold()


@dataclass(frozen=True)
class Accepted:
    """What the wire may name for one catalog kind."""

    kind: str
    codes: tuple[str, ...]  # the product's own list, in seeding order
    by_name: dict[str, int]  # normalized code or label -> core id


def accepted(session: Session, kind: str) -> Accepted:
    ids = codes_for(session, dialect=DIALECT, kind=kind)
    pairs = product_codes(session, dialect=DIALECT, kind=kind)
    by_name: dict[str, int] = {}
    for code, label in pairs:
        by_name.setdefault(normalized(code), ids[code])
        by_name.setdefault(normalized(label), ids[code])
    return Accepted(kind, tuple(code for code, _label in pairs), by_name)


def resolve(session: Session, kind: str, value: str, field: str) -> int:
    """The core id a wire value names, or a 400 naming the field."""
    table = accepted(session, kind)
    found = table.by_name.get(normalized(value))
    if found is None and kind not in ENUM_KINDS and value.strip():
        row = get_catalog_item_by_name(session, kind, value.strip())
        found = row.id if row is not None else None
    if found is None:
        raise _unknown(table, value, field)
    return found


def render(session: Session, kind: str, core_id: int | None) -> str | None:
    """The wire value of a core row (one query); rows without a code show their core name."""
    if core_id is None:
        return UNSET_ENUM if kind in ("impact", "urgency") else None
    code = render_map(session, dialect=DIALECT, kind=kind).get(core_id)
    if code is not None:
        return code
    row = get_catalog_item(session, kind, core_id)
    return row.name if row is not None else None


def _unknown(table: Accepted, value: str, field: str) -> MotadataError:
    if table.kind in ENUM_KINDS:
        allowed = ", ".join(table.codes)
        return invalid_input(f"Invalid value for {field}: {value!r}; expected one of {allowed}")
    return invalid_input(f"{table.kind.capitalize()} not found: {value}")
