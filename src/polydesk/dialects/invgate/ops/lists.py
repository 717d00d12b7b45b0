"""Request lists: by ids, open requests by agent / customer / help desk / status, and those
created in the last hour. Filters are pushed into SQL (``tickets.service.search_ticket_ids``);
rows are rendered a page at a time.

Decisions: "open" means InvGate status 1-4 (New, Open, Pending, On hold) and every core status
shown as one of them. ``incidents.by.status`` filters on the statuses asked for, closed ones
included. Pages are capped by the server's page size (default when ``limit`` is absent); the
lists the product does not page (``incidents``, ``incidents.by.helpdesk``) are capped at
``MAX_IDS`` requests. ``incidents.last.hour`` answers ``{data: [...], next_page_key}``, as live
instances do."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from polydesk.core.clock import utcnow
from polydesk.core.pagination import PageRequest
from polydesk.dialects.invgate.context import Context
from polydesk.dialects.invgate.errors import bad_parameter, refused
from polydesk.dialects.invgate.mapping import Codes
from polydesk.dialects.invgate.ops.rows import View, request_rows, view_for
from polydesk.dialects.invgate.params import Params
from polydesk.dialects.invgate.render import ids_page, keyed, page_key, read_page_key
from polydesk.models.users import User
from polydesk.tickets.bundles import tickets_in_order
from polydesk.tickets.criteria import RangeCriteria, SortKey, TicketCriteria, Window
from polydesk.tickets.service import count_ticket_matches, search_ticket_ids
from polydesk.users.service import get_user, get_user_by_email, get_user_by_login

MAX_IDS = 1000
_BY_ID = [SortKey(key="id")]


def list_requests_by_ids(ctx: Context, params: Params) -> dict[str, Any]:
    ids = params.integers("ids") or []
    if len(ids) > MAX_IDS:
        raise bad_parameter(f"ids takes at most {MAX_IDS} request ids")
    view = view_for(ctx, params, with_comments=bool(params.flag("comments")))
    tickets = tickets_in_order(ctx.session, ctx.actor, ids)
    return keyed(request_rows(ctx, tickets, view))


def list_requests_by_agent(ctx: Context, params: Params) -> dict[str, Any]:
    agent = _named_user(ctx, params, "agent")
    return _cursor_page(ctx, params, owner_ids=[agent.id])


def list_requests_by_customer(ctx: Context, params: Params) -> dict[str, Any]:
    customer = _named_user(ctx, params, "customer")
    return _cursor_page(ctx, params, requester_ids=[customer.id])


def list_requests_last_hour(ctx: Context, params: Params) -> dict[str, Any]:
    window = Window(after=utcnow() - timedelta(hours=1))
    limit = params.page_size(default=ctx.default_page_size, cap=ctx.max_page_size)
    after = read_page_key(params.text("page_key"))
    criteria = _page_criteria(after, created=window)
    ids = search_ticket_ids(ctx.session, ctx.actor, criteria, _plus_one(limit))
    rows = request_rows(ctx, tickets_in_order(ctx.session, ctx.actor, ids[:limit]), View())
    return {"data": rows, "next_page_key": _next_key(ids, limit)}


def list_request_ids_by_helpdesk(ctx: Context, params: Params) -> dict[str, Any]:
    helpdesks = _one_or_many(params, "helpdesk_id", "helpdesk_ids")
    open_ids = Codes(ctx.session).open_status_ids()
    criteria = TicketCriteria(helpdesk_ids=helpdesks, status_ids=open_ids, sort=_BY_ID)
    return ids_page(search_ticket_ids(ctx.session, ctx.actor, criteria, PageRequest(MAX_IDS)))


def list_request_ids_by_status(ctx: Context, params: Params) -> dict[str, Any]:
    wanted = [str(code) for code in _one_or_many(params, "status_id", "status_ids")]
    codes = Codes(ctx.session)
    for code in wanted:
        codes.core_id("status", code, "status_id")  # an unknown code is refused
    limit = params.page_size(default=ctx.default_page_size, cap=ctx.max_page_size)
    offset = params.count("offset", default=0, cap=10_000_000)
    criteria = TicketCriteria(status_ids=codes.rendering_as("status", wanted), sort=_BY_ID)
    ids = search_ticket_ids(ctx.session, ctx.actor, criteria, PageRequest(limit, offset))
    total = count_ticket_matches(ctx.session, ctx.actor, criteria)
    return ids_page(ids, limit=limit, offset=offset, total=total)


def _cursor_page(ctx: Context, params: Params, **who: list[int]) -> dict[str, Any]:
    limit = params.page_size(default=ctx.default_page_size, cap=ctx.max_page_size)
    after = read_page_key(params.text("page_key"))
    criteria = _page_criteria(after, status_ids=Codes(ctx.session).open_status_ids(), **who)
    ids = search_ticket_ids(ctx.session, ctx.actor, criteria, _plus_one(limit))
    view = View(with_comments=bool(params.flag("comments")))
    rows = request_rows(ctx, tickets_in_order(ctx.session, ctx.actor, ids[:limit]), view)
    return {
        "status": "OK",
        "info": f"{len(rows)} requests",
        "requests": keyed(rows),
        "next_page_key": _next_key(ids, limit),
    }


def _page_criteria(after: int | None, **filters: Any) -> TicketCriteria:
    """The requests after the page key's, by id."""
    ranges = RangeCriteria(first_id=after + 1) if after is not None else None
    return TicketCriteria(**filters, ranges=ranges, sort=_BY_ID)


def _plus_one(limit: int) -> PageRequest:
    """One more row than the page, so the next key is known without counting."""
    return PageRequest(limit + 1)


def _next_key(ids: list[int], limit: int) -> str | None:
    return page_key(ids[limit - 1]) if len(ids) > limit else None


def _one_or_many(params: Params, single: str, many: str) -> list[int]:
    values = list(params.integers(many) or [])
    one = params.integer(single)
    if one is not None:
        values.insert(0, one)
    if not values:
        raise bad_parameter(f"The parameter {single} or {many} is required")
    return list(dict.fromkeys(values))


def _named_user(ctx: Context, params: Params, role: str) -> User:
    ident, email, username = params.integer("id"), params.text("email"), params.text("username")
    if ident is not None:
        found = get_user(ctx.session, ident)
    elif email:
        found = get_user_by_email(ctx.session, email)
    elif username:
        found = get_user_by_login(ctx.session, username)
    else:
        raise bad_parameter(f"The {role} is required: send id, email or username")
    if found is None:
        raise refused("user.not_found", f"The {role} does not exist")
    return found
