"""The agent's ticket page (``/console/tickets/{id}``), its live refresh, and attachment
downloads.

Live refresh is polling with htmx: the page's live region asks ``.../live?seen=<stamp>``
every 10 seconds; the answer is 204 (htmx swaps nothing) while the ticket's stamp (version and
last update) is unchanged, else the region anew. One statement per poll while nothing
changes; no open connection per viewer (docs/web.md, "The ticket page")."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Path, Query, Request, Response

from polydesk.attachments.service import attachment_content
from polydesk.flows.ticket_sheet import sheet_if_changed, ticket_sheet
from polydesk.web.deps import AgentSession, DbSession, runtime
from polydesk.web.errors import WebRoute
from polydesk.web.markup import INLINE_TYPES, article_html, attachment_url
from polydesk.web.render import TEMPLATES, page

router = APIRouter(route_class=WebRoute, include_in_schema=False)

TICKET = "/console/tickets/{ticket_id}"
TicketId = Annotated[int, Path(ge=1, le=2**63 - 1)]
TEMPLATES.env.globals["article_html"] = article_html
TEMPLATES.env.globals["attachment_url"] = attachment_url
#: How often the page asks whether its ticket changed (seconds).
POLL_SECONDS = 10


@router.get(TICKET)
def ticket_page(
    request: Request, session: DbSession, live: AgentSession, ticket_id: TicketId
) -> Response:
    sheet = ticket_sheet(session, live.actor, ticket_id)
    context = {"sheet": sheet, "section": "console", "poll": POLL_SECONDS}
    return page(request, "ticket/page.html", context, live=live)


@router.get(TICKET + "/live")
def ticket_live(
    request: Request,
    session: DbSession,
    live: AgentSession,
    ticket_id: TicketId,
    seen: Annotated[str, Query(max_length=100)] = "",
) -> Response:
    sheet = sheet_if_changed(session, live.actor, ticket_id, seen)
    if sheet is None:
        return Response(status_code=204)
    context = {"sheet": sheet, "poll": POLL_SECONDS}
    return page(request, "ticket/_live.html", context, live=live)


@router.get("/console/attachments/{attachment_id}")
def download(
    request: Request,
    session: DbSession,
    live: AgentSession,
    attachment_id: TicketId,
    inline: Annotated[bool, Query()] = False,
) -> Response:
    """The file through the core's read (same visibility as the native API). Only plain
    raster images are ever shown inline; everything else is a download (never rendered as a
    page of this site: ``attachment``, ``nosniff`` and the CSP)."""
    attachment, data = attachment_content(
        session, live.actor, runtime(request).store, attachment_id
    )
    shown = inline and attachment.content_type.lower() in INLINE_TYPES
    media = attachment.content_type if shown else "application/octet-stream"
    disposition = "inline" if shown else "attachment"
    name = quote(attachment.filename)
    headers = {"Content-Disposition": f"{disposition}; filename*=UTF-8''{name}"}
    return Response(data, media_type=media, headers=headers)
