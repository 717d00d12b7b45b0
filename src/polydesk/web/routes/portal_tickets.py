"""The customer portal's tickets: open one (``/portal/new``), read one
(``/portal/tickets/{id}``: its public part), reply with files, download a file, accept or
reject a proposed solution, vote on an approval. Each route makes the one core call the native
API (or InvGate, for solutions and votes) makes for the same request, as the customer."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Path, Request, Response
from fastapi.responses import RedirectResponse

from polydesk.approvals.service import vote
from polydesk.attachments.service import read_content, require_attachment
from polydesk.comments.schemas import CommentCreate
from polydesk.flows.articles import post_article
from polydesk.flows.commands import ArticleDraft, OpenTicket
from polydesk.flows.opening import open_ticket
from polydesk.flows.portal import opening_choices, pending_ballots, ticket_view
from polydesk.models.approvals import Vote
from polydesk.tickets.schemas import TicketCreate
from polydesk.tickets.solution import accept_solution, reject_solution
from polydesk.web.deps import CheckedSession, CustomerSession, DbSession, runtime
from polydesk.web.errors import WebRoute
from polydesk.web.paths import PORTAL
from polydesk.web.portal_forms import Files, OptionalId, UseCaseResources, uploads
from polydesk.web.render import page

router = APIRouter(route_class=WebRoute, include_in_schema=False)

TicketId = Annotated[int, Path(ge=1, lt=2**31)]
#: Not blank: the pattern wants one visible character (a blank title is a 400 page).
Title = Annotated[str, Form(min_length=1, max_length=500, pattern=r"\S")]
Body = Annotated[str, Form(min_length=1, max_length=100_000, pattern=r"\S")]
Text = Annotated[str, Form(max_length=100_000)]
Note = Annotated[str, Form(max_length=2000)]


def ticket_url(ticket_id: int) -> str:
    return f"{PORTAL}/tickets/{ticket_id}"


def _back(location: str) -> Response:
    return RedirectResponse(location, status_code=303)


@router.get(f"{PORTAL}/new")
def new_request(request: Request, session: DbSession, live: CustomerSession) -> Response:
    choices = opening_choices(session, live.actor)
    return page(request, "portal/new.html", {"choices": choices, "section": "new"}, live=live)


@router.post(f"{PORTAL}/new")
def open_request(
    session: DbSession,
    live: CheckedSession,
    resources: UseCaseResources,
    title: Title,
    description: Text = "",
    helpdesk_id: Annotated[OptionalId, Form()] = None,
    category_id: Annotated[OptionalId, Form()] = None,
    priority_id: Annotated[OptionalId, Form()] = None,
    files: Files = [],  # noqa: B006 (FastAPI copies defaults)
) -> Response:
    chosen = {
        "description": description.strip() or None,
        "helpdesk_id": helpdesk_id,
        "category_id": category_id,
        "priority_id": priority_id,
    }
    # Only what was chosen is set: an unset field gets the core's default (routing, priority).
    fields = TicketCreate(
        title=title.strip(), **{name: value for name, value in chosen.items() if value is not None}
    )
    command = OpenTicket(ticket=fields, files=uploads(files, resources))
    opened = open_ticket(session, live.actor, resources, command)
    return _back(ticket_url(opened.ticket.id))


@router.get(PORTAL + "/tickets/{ticket_id}")
def ticket_page(
    request: Request, session: DbSession, live: CustomerSession, ticket_id: TicketId
) -> Response:
    view = ticket_view(session, live.actor, ticket_id)
    context = {"view": view, "section": "portal", "ticket_url": ticket_url(ticket_id)}
    return page(request, "portal/ticket.html", context, live=live)


@router.post(PORTAL + "/tickets/{ticket_id}/reply")
def reply(
    session: DbSession,
    live: CheckedSession,
    resources: UseCaseResources,
    ticket_id: TicketId,
    body: Body,
    files: Files = [],  # noqa: B006
) -> Response:
    draft = ArticleDraft(CommentCreate(body=body), files=uploads(files, resources))
    post_article(session, live.actor, resources, ticket_id, draft)
    return _back(ticket_url(ticket_id) + "#conversation")


@router.post(PORTAL + "/tickets/{ticket_id}/solution/accept")
def accept(
    session: DbSession, live: CheckedSession, ticket_id: TicketId, comment: Note = ""
) -> Response:
    accept_solution(session, live.actor, ticket_id, comment=comment.strip())
    return _back(ticket_url(ticket_id))


@router.post(PORTAL + "/tickets/{ticket_id}/solution/reject")
def reject(
    session: DbSession,
    live: CheckedSession,
    ticket_id: TicketId,
    reason: Body,
) -> Response:
    reject_solution(session, live.actor, ticket_id, reason)
    return _back(ticket_url(ticket_id) + "#conversation")


@router.get(PORTAL + "/attachments/{attachment_id}")
def attachment(
    request: Request, session: DbSession, live: CustomerSession, attachment_id: TicketId
) -> Response:
    """A file of a ticket the customer reads, when it is in the public part; always as a
    download (never rendered by the browser on this site's origin)."""
    found = require_attachment(session, live.actor, attachment_id)
    return Response(
        read_content(runtime(request).store, found),
        media_type=found.content_type,
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(found.filename)}"},
    )


@router.get(PORTAL + "/approvals")
def approvals(request: Request, session: DbSession, live: CustomerSession) -> Response:
    ballots = pending_ballots(session, live.actor)
    context = {"ballots": ballots, "section": "approvals"}
    return page(request, "portal/approvals.html", context, live=live)


@router.post(PORTAL + "/approvals/{approval_id}/vote")
def cast_vote(
    session: DbSession,
    live: CheckedSession,
    approval_id: TicketId,
    decision: Annotated[Vote, Form()],
    note: Note = "",
    back: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    approval = vote(session, live.actor, approval_id, decision, note.strip())
    # Back to the ticket when the voter came from its page (a voter may not read the ticket).
    came_from_ticket = back == ticket_url(approval.ticket_id)
    return _back(back if came_from_ticket else f"{PORTAL}/approvals")
