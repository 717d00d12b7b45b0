"""The customer portal: the customer's own tickets (``/portal``), as the core's visibility
gives them (their own requests; their company's too when their account allows it)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from polydesk.tickets.rows import list_ticket_rows
from polydesk.web.deps import CustomerSession, DbSession
from polydesk.web.errors import WebRoute
from polydesk.web.listing import PortalQuery, list_context, list_template
from polydesk.web.paths import PORTAL
from polydesk.web.render import page

router = APIRouter(route_class=WebRoute, include_in_schema=False)


@router.get(PORTAL)
def portal(
    request: Request, session: DbSession, live: CustomerSession, query: PortalQuery
) -> Response:
    rows = list_ticket_rows(session, live.actor, query.filters(), query.page())
    context = list_context(query, rows, PORTAL, section="portal")
    return page(request, list_template(request, "portal.html"), context, live=live)
