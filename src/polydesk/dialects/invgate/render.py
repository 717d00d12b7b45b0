"""Rendering helpers: dates (``date_format`` epoch or ISO-8601), coded text
(``decoded_special_characters``), objects keyed by id, and the three pagination styles.

Decisions: epoch dates are JSON integers (what live instances send, though the seed types
them STRING); ISO-8601 dates carry their offset, in the zone of setting ``invgate.timezone``
(UTC by default: ``2024-05-04T10:00:00+00:00``); an empty
date is ``null``. "Coded" text is HTML-escaped (``<`` -> ``&lt;``), as PHP's
``htmlspecialchars`` does; decoded text is what was stored."""

from __future__ import annotations

import base64
import binascii
import html
import json
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, tzinfo
from typing import Any

from polydesk.dialects.invgate.errors import bad_parameter
from polydesk.dialects.invgate.params import DateFormat
from polydesk.tickets.criteria import MAX_DB_ID


def date_value(moment: datetime | None, fmt: DateFormat, zone: tzinfo = UTC) -> int | str | None:
    if moment is None:
        return None
    if fmt is DateFormat.ISO8601:
        return moment.astimezone(zone).replace(microsecond=0).isoformat()
    return int(moment.timestamp())


def text_value(text: str, decoded: bool) -> str:
    return text if decoded else html.escape(text, quote=True)


def keyed(rows: Iterable[Mapping[str, Any]], key: str = "id") -> dict[str, Any]:
    """``{"309": {...}, "360": {...}}``: the "array" of the docs is a PHP associative array."""
    return {str(row[key]): dict(row) for row in rows}


def page_key(last_id: int) -> str:
    """The cursor of the next page: base64 of ``{"last_id": N}``, as live instances send."""
    raw = json.dumps({"last_id": last_id}, separators=(",", ":")).encode()
    return base64.b64encode(raw).decode()


def read_page_key(value: str | None) -> int | None:
    """The last id a ``page_key`` names; None for the first page; 428 when it is not ours."""
    if value is None or value == "":
        return None
    try:
        decoded = json.loads(base64.b64decode(value.encode(), validate=True))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise bad_parameter("page_key is not valid") from None
    last_id = decoded.get("last_id") if isinstance(decoded, dict) else None
    if not isinstance(last_id, int) or isinstance(last_id, bool) or not 0 <= last_id < MAX_DB_ID:
        raise bad_parameter("page_key is not valid")
    return last_id


def ids_page(
    ids: list[int], *, limit: int | None = None, offset: int | None = None, total: int | None = None
) -> dict[str, Any]:
    """The wrapper of the id-only lists: ``{status, info, requestIds[, limit, offset, total]}``."""
    body: dict[str, Any] = {"status": "OK", "info": f"{len(ids)} requests", "requestIds": ids}
    if limit is not None:
        body["limit"] = limit
    if offset is not None:
        body["offset"] = offset
    if total is not None:
        body["total"] = total
    return body


def ok(info: str, **extra: Any) -> dict[str, Any]:
    """The usual answer of a mutation: ``{"status": "OK", "info": ..., <created id>}``."""
    return {"status": "OK", "info": info, **extra}
