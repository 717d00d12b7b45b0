"""What an agent does to a ticket from the console (slice T2): assign (or take it), change
status / priority / help desk and level, log time, propose a solution, merge into another
ticket; and the list's bulk change. Each POST is one core call with the core's permission
checks (no change rights: a 403 page), then a 303 back to the ticket page (``back=actions``:
to the actions page itself), or ``HX-Redirect`` for htmx.

``GET /console/tickets/{id}/actions`` renders the forms: the fragment the ticket page's
``ticket/_actions.html`` loads with htmx, or a page of its own without JavaScript."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Form, Path, Request, Response
from pydantic import Field

from polydesk.core.errors import ValidationFailed
from polydesk.tickets.assigning import set_ticket_owner
from polydesk.tickets.bulk import MAX_BULK, BulkChange, change_tickets
from polydesk.tickets.choices import ticket_choices
from polydesk.tickets.merging import merge_ticket
from polydesk.tickets.reassign import reassign_ticket
from polydesk.tickets.schemas import TicketUpdate
from polydesk.tickets.service import update_ticket
from polydesk.tickets.solution import propose_solution
from polydesk.timetracking.service import TimeEntryCreate, log_time
from polydesk.web.deps import AgentSession, CheckedSession, DbSession
from polydesk.web.errors import WebRoute, redirect
from polydesk.web.paths import CONSOLE
from polydesk.web.render import page

router = APIRouter(route_class=WebRoute, include_in_schema=False)

TICKET = CONSOLE + "/tickets/{ticket_id}"
TicketId = Annotated[int, Path(ge=1, le=2**31 - 1)]
Id = Annotated[int, Form(ge=1, le=2**31 - 1)]
IdValue = Annotated[int, Field(ge=1, le=2**31 - 1)]
#: An owner in a form: an agent's id (ids are 32-bit: at most 9 digits here), "me", or
#: "" / "none" for nobody.
OwnerField = Annotated[str, Form(max_length=9, pattern=r"^([0-9]{1,9}|me|none|)$")]
#: An optional id in the bulk form ("" keeps the value).
OptionalId = Annotated[str, Form(max_length=9, pattern=r"^[0-9]{0,9}$")]
#: Minutes of work in one entry: up to a week, as the core allows.
MAX_MINUTES = 7 * 24 * 60


class Back(StrEnum):
    TICKET = "ticket"  # the ticket page (T1)
    ACTIONS = "actions"  # the actions page (no JavaScript, or opened on its own)


BackField = Annotated[Back, Form()]


def _back(request: Request, ticket_id: int, back: Back) -> Response:
    path = TICKET.format(ticket_id=ticket_id)
    return redirect(request, path + "/actions" if back is Back.ACTIONS else path)


def owner_id(value: str, me: int | None) -> int | None:
    """The owner a form names: "me" is the signed-in agent, "" and "none" nobody."""
    if value == "me":
        return me
    return int(value) if value not in ("", "none") else None


@router.get(TICKET + "/actions")
def ticket_actions(
    request: Request, session: DbSession, live: AgentSession, ticket_id: TicketId
) -> Response:
    choices = ticket_choices(session, live.actor, ticket_id)
    htmx = request.headers.get("HX-Request") == "true"
    template = "ticket/_action_forms.html" if htmx else "ticket/actions.html"
    context = {"choices": choices, "back": Back.TICKET if htmx else Back.ACTIONS,
               "max_minutes": MAX_MINUTES, "section": "console"}  # fmt: skip
    return page(request, template, context, live=live)


@router.post(TICKET + "/assign")
def assign(
    request: Request, session: DbSession, live: CheckedSession, ticket_id: TicketId,
    owner: OwnerField, back: BackField = Back.TICKET,
) -> Response:  # fmt: skip
    set_ticket_owner(session, live.actor, ticket_id, owner_id(owner, live.actor.user_id))
    return _back(request, ticket_id, back)


@router.post(TICKET + "/status")
def change_status(
    request: Request, session: DbSession, live: CheckedSession, ticket_id: TicketId,
    status_id: Id, back: BackField = Back.TICKET,
) -> Response:  # fmt: skip
    update_ticket(session, live.actor, ticket_id, TicketUpdate(status_id=status_id))
    return _back(request, ticket_id, back)


@router.post(TICKET + "/priority")
def change_priority(
    request: Request, session: DbSession, live: CheckedSession, ticket_id: TicketId,
    priority_id: Id, back: BackField = Back.TICKET,
) -> Response:  # fmt: skip
    update_ticket(session, live.actor, ticket_id, TicketUpdate(priority_id=priority_id))
    return _back(request, ticket_id, back)


@router.post(TICKET + "/helpdesk")
def move_to_helpdesk(
    request: Request, session: DbSession, live: CheckedSession, ticket_id: TicketId,
    place: Annotated[str, Form(pattern=r"^[0-9]{1,10}:[0-9]{1,2}$")],
    back: BackField = Back.TICKET,
) -> Response:  # fmt: skip
    desk, level = (int(part) for part in place.split(":"))
    reassign_ticket(session, live.actor, ticket_id, helpdesk_id=desk, level=level)
    return _back(request, ticket_id, back)


@router.post(TICKET + "/time")
def log_work_time(
    request: Request, session: DbSession, live: CheckedSession, ticket_id: TicketId,
    minutes: Annotated[int, Form(ge=1, le=MAX_MINUTES)],
    note: Annotated[str, Form(max_length=10_000)] = "",
    billable: Annotated[bool, Form()] = False,
    back: BackField = Back.TICKET,
) -> Response:  # fmt: skip
    entry = TimeEntryCreate(duration_seconds=minutes * 60, is_billable=billable,
                            description=note.strip())  # fmt: skip
    log_time(session, live.actor, ticket_id, entry)
    return _back(request, ticket_id, back)


@router.post(TICKET + "/solution")
def propose(
    request: Request, session: DbSession, live: CheckedSession, ticket_id: TicketId,
    solution: Annotated[str, Form(min_length=1, max_length=100_000)],
    back: BackField = Back.TICKET,
) -> Response:  # fmt: skip
    if not solution.strip():
        raise ValidationFailed("solution.empty", "Write the solution first.")
    propose_solution(session, live.actor, ticket_id, solution.strip())
    return _back(request, ticket_id, back)


@router.post(TICKET + "/merge")
def merge(
    request: Request, session: DbSession, live: CheckedSession, ticket_id: TicketId,
    into: Annotated[str, Form(min_length=1, max_length=64)],
    back: BackField = Back.TICKET,
) -> Response:  # fmt: skip
    target = merge_ticket(session, live.actor, ticket_id, into)
    return _back(request, target.id, back)  # the ticket that lives on


@router.post(CONSOLE + "/bulk")
def bulk(
    request: Request, session: DbSession, live: CheckedSession,
    ticket: Annotated[list[IdValue], Form(max_length=MAX_BULK)] = [],  # noqa: B006 (FastAPI copies)
    status_id: OptionalId = "",
    priority_id: OptionalId = "",
    owner: OwnerField = "",
    back: Annotated[str, Form(max_length=2000)] = CONSOLE,
) -> Response:  # fmt: skip
    change = BulkChange()
    if status_id:
        change.status_id = int(status_id)
    if priority_id:
        change.priority_id = int(priority_id)
    if owner:
        change.owner_id = owner_id(owner, live.actor.user_id)
    change_tickets(session, live.actor, ticket, change)
    return redirect(request, back if _is_console(back) else CONSOLE)


def _is_console(path: str) -> bool:
    """Only back to a console list of this site (no open redirect)."""
    return (path == CONSOLE or path.startswith(CONSOLE + "?")) and "\\" not in path
