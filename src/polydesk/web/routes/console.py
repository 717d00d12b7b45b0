"""The agent console: the tickets this agent may read (``/console``), in queues (mine,
unassigned, my help desks, waiting, breaching SLA, all) with live counts, and the bulk form."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from polydesk.core.clock import utcnow
from polydesk.tickets.console import console_page
from polydesk.tickets.queues import LABELS, Queue, count_queues
from polydesk.web.deps import AgentSession, DbSession
from polydesk.web.errors import WebRoute
from polydesk.web.listing import ConsoleQuery, list_context, list_template
from polydesk.web.paths import CONSOLE
from polydesk.web.render import page

router = APIRouter(route_class=WebRoute, include_in_schema=False)
#: How often the queue counts refresh themselves (htmx polling), in seconds.
COUNTS_EVERY = 30


@router.get(CONSOLE)
def console(
    request: Request, session: DbSession, live: AgentSession, query: ConsoleQuery
) -> Response:
    now = utcnow()
    found = console_page(session, live.actor, query.filters(live.actor, now), query.page(), now)
    context = list_context(query, found.rows, CONSOLE, section="console")
    context |= {
        "queues": _queues(found.counts),
        "view": query.view,
        "bulk": found,
        "back": query.link(CONSOLE, cursor=query.cursor),
        "counts_every": COUNTS_EVERY,
    }
    return page(request, list_template(request, "console.html"), context, live=live)


@router.get(CONSOLE + "/queues")
def queue_counts(
    request: Request,
    session: DbSession,
    live: AgentSession,
    view: Annotated[Queue, Query()] = Queue.ALL,
) -> Response:
    """The queue navigation alone, with fresh counts (the console polls it)."""
    counts = count_queues(session, live.actor, utcnow())
    context = {"queues": _queues(counts), "view": view, "counts_every": COUNTS_EVERY}
    return page(request, "console/_queues.html", context, live=live)


def _queues(counts: dict[Queue, int]) -> list[tuple[Queue, str, int]]:
    order = (Queue.MINE, Queue.UNASSIGNED, Queue.DESKS, Queue.WAITING, Queue.BREACHING, Queue.ALL)
    return [(queue, LABELS[queue], counts[queue]) for queue in order]
