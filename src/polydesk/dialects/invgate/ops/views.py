"""Saved views as request lists: ``incidents.by.view`` (ids, offset paging) and
``incidents.details.by.view`` (request rows, cursor paging), over ``tickets.views``. A view
always applies the reader's own visibility; views belong to agents (customers get 403).

Decisions where the seed is silent:
- ``incidents.by.view`` takes ``limit`` (default and cap: the server's page sizes, at most the
  core's 1000) and ``offset``, and answers ``{status, info, requestIds, limit, offset}``.
- ``incidents.details.by.view`` answers ``{data, metadata, next_page_key}`` with up to 1000
  rows per page (the seed's page size). ``data`` holds the requests as ``GET /incidents``
  renders them (the seed does not document the view-column objects some instances send);
  an undocumented ``limit`` (1..1000, default 1000) makes smaller pages;
  ``metadata`` names the view and its columns: ``{view_id, name, columns}``. ``sort_by`` is
  ``id`` or ``last_update``, ``order_by`` ``asc`` or ``desc``; anything else is a 428. The
  page key is the core's opaque cursor, bound to the view and sort: a foreign or tampered key
  is refused (``validation.invalid_cursor``).
"""

from __future__ import annotations

from typing import Any, TypeVar

from polydesk.dialects.invgate.context import Context
from polydesk.dialects.invgate.errors import bad_parameter
from polydesk.dialects.invgate.ops.rows import request_rows, view_for
from polydesk.dialects.invgate.params import Params
from polydesk.dialects.invgate.render import ids_page
from polydesk.tickets.views import MAX_VIEW_PAGE, require_view, view_page, view_ticket_ids

_SORTS = {"id": "id", "last_update": "updated"}
_ORDERS = {"asc": False, "desc": True}
T = TypeVar("T")


def list_request_ids_by_view(ctx: Context, params: Params) -> dict[str, Any]:
    view_id = params.required_integer("view_id")
    cap = min(ctx.max_page_size, MAX_VIEW_PAGE)
    limit = params.page_size(default=min(ctx.default_page_size, cap), cap=cap)
    offset = params.count("offset", default=0, cap=10_000_000)
    ids, _total = view_ticket_ids(ctx.session, ctx.actor, view_id, limit=limit, offset=offset)
    return ids_page(ids, limit=limit, offset=offset)


def list_request_details_by_view(ctx: Context, params: Params) -> dict[str, Any]:
    view_id = params.required_integer("view_id")
    sort = _choice(params, "sort_by", _SORTS, "id")
    descending = _choice(params, "order_by", _ORDERS, "asc")
    saved = require_view(ctx.session, ctx.actor, view_id)
    page = view_page(
        ctx.session,
        ctx.actor,
        view_id,
        sort="id" if sort == "id" else "updated",
        descending=descending,
        page_key=params.text("page_key") or None,
        limit=params.page_size(default=MAX_VIEW_PAGE, cap=MAX_VIEW_PAGE),
    )
    rows = request_rows(ctx, page.tickets, view_for(ctx, params))
    return {
        "data": rows,
        "metadata": {"view_id": saved.id, "name": saved.name, "columns": list(saved.columns)},
        "next_page_key": page.next_page_key,
    }


def _choice(params: Params, name: str, choices: dict[str, T], default: str) -> T:
    value = (params.text(name) or default).strip().lower()
    if value not in choices:
        raise bad_parameter(f"{name} must be one of {', '.join(choices)}")
    return choices[value]
