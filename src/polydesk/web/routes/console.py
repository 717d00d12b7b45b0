"""The agent console: the tickets this agent may read (``/console``)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from polydesk.tickets.rows import list_ticket_rows
from polydesk.web.deps import AgentSession, DbSession
from polydesk.web.errors import WebRoute
from polydesk.web.listing import ConsoleQuery, list_context, list_template
from polydesk.web.paths import CONSOLE
from polydesk.web.render import page

router = APIRouter(route_class=WebRoute, include_in_schema=False)


@router.get(CONSOLE)
def console(
    request: Request, session: DbSession, live: AgentSession, query: ConsoleQuery
) -> Response:
    rows = list_ticket_rows(session, live.actor, query.filters(), query.page())
    context = list_context(query, rows, CONSOLE, section="console")
    return page(request, list_template(request, "console.html"), context, live=live)
