"""The list variables every ``get_*`` action shares (spec B.4, B.6 items 10-11): ``count``,
``count_only``, ``page`` (honoured only with ``count`` and a ``*`` id variable; 1-based),
``order`` (whitelisted column names, any case, optionally followed by `` ASC``/`` DESC``) and
``order_direction`` (wins over the suffix). Without ``count`` a list stops at MAX_RECORDS.
``core_page`` and ``page_reply`` carry a request through a core list service and back."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from polydesk.core.pagination import Page, PageRequest
from polydesk.dialects.readydesk.errors import invalid
from polydesk.dialects.readydesk.params import Params
from polydesk.dialects.readydesk.wire import Count, Item, Listing, Reply

K = TypeVar("K")
V = TypeVar("V")
MAX_RECORDS = 1000
#: The deepest row a page may start at (the core caps offsets at ten million).
MAX_OFFSET = 10_000_000
_ORDER = re.compile(r"^([A-Za-z_][A-Za-z0-9_]{0,63})(?:\s+(ASC|DESC))?$", re.IGNORECASE)


@dataclass(frozen=True)
class ListRequest(Generic[K]):
    limit: int
    offset: int
    count_only: bool
    order: K | None  # the action's sort key for the column named, None: the action's default
    descending: bool


def list_request(
    params: Params, *, id_vars: Sequence[str], columns: Mapping[str, K]
) -> ListRequest[K]:
    """``columns`` maps upper-case wire column names to the action's sort keys."""
    count = params.integer("count")
    count_only = params.yes_no("count_only", default=False)
    page = params.integer("page")
    limit = min(count or MAX_RECORDS, MAX_RECORDS)
    offset = 0
    if page is not None and count is not None and any(params.is_wildcard(v) for v in id_vars):
        offset = (page - 1) * limit
        if offset > MAX_OFFSET:
            raise invalid("page", f"{page} is past the last page that can be read")
    order, descending = _order(params, columns)
    return ListRequest(limit, offset, count_only, order, descending)


def _order(params: Params, columns: Mapping[str, K]) -> tuple[K | None, bool]:
    text = params.text("order")
    direction = params.text("order_direction").upper()
    if direction not in ("", "ASC", "DESC"):
        raise invalid("order_direction", "use ASC or DESC")
    if not text:
        return None, direction == "DESC"
    found = _ORDER.match(text)
    if found is None or found.group(1).upper() not in columns:
        raise invalid("order", "unknown column; use one of " + ", ".join(sorted(columns)))
    suffix = (found.group(2) or "ASC").upper()
    return columns[found.group(1).upper()], (direction or suffix) == "DESC"


def core_page(request: ListRequest[Any]) -> PageRequest:
    """The core page for a list request; ``count_only`` asks for the total and one row."""
    if request.count_only:
        return PageRequest(limit=1, with_total=True)
    return PageRequest(limit=request.limit, offset=request.offset)


def page_reply(
    request: ListRequest[Any],
    found: Page[V],
    names: tuple[str, str],
    record: Callable[[V], list[Item]],
) -> Reply:
    """``Count`` for ``count_only``, else the ``(list, item)`` named listing of the page."""
    if request.count_only:
        return Count(found.total or 0)
    plural, singular = names
    return Listing(plural, singular, [record(view) for view in found.items])
