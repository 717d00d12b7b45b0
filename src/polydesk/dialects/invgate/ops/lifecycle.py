"""Request life cycle: waiting states (``incident.waitingfor.*``), the solution's answer
(``incident.solution.accept`` / ``.reject``), ``incident.cancel``, ``incident.reject``,
``incident.reopen`` and ``incident.reassign``. Each is one core call (``tickets.waiting``,
``tickets.solution``, ``tickets.reassign``); the rules and history are the core's.

Decisions where the seed is silent:
- The waiting and solution operations name no author: the caller acts. ``author_id`` acts as
  that user (``Context.acting_as``) on cancel, reject, reopen (optional there) and reassign.
- ``rating`` is InvGate's 1..5 and is stored as given (the core keeps 0..10 and the request
  renders the stored value back as ``rating``); below 4 ``comment`` is required (428).
- ``timestamp`` is epoch seconds; a date that has passed is refused by the core
  (``waiting.date_in_past``).
- Mutations answer ``{"status": "OK", "info": ...}`` (§2.4: mutations carry ``info``).
"""

from __future__ import annotations

from typing import Any

from polydesk.dialects.invgate.context import Context
from polydesk.dialects.invgate.errors import bad_parameter
from polydesk.dialects.invgate.params import Params, missing
from polydesk.dialects.invgate.render import ok
from polydesk.models.tickets import WaitingFor
from polydesk.tickets import solution
from polydesk.tickets.reassign import reassign_ticket
from polydesk.tickets.waiting import start_waiting

MIN_RATING, MAX_RATING = 1, 5
#: Below this rating the customer must say why (seed: "required if the rating is less than 4").
RATING_NEEDING_COMMENT = 4


def set_waiting_for_agent(ctx: Context, params: Params) -> dict[str, Any]:
    return _wait(ctx, params, WaitingFor.AGENT)


def set_waiting_for_customer(ctx: Context, params: Params) -> dict[str, Any]:
    return _wait(ctx, params, WaitingFor.CUSTOMER)


def set_waiting_for_date(ctx: Context, params: Params) -> dict[str, Any]:
    until = params.epoch("timestamp")
    if until is None:
        raise missing("timestamp")
    return _wait(ctx, params, WaitingFor.DATE, until=until)


def set_waiting_for_external_entity(ctx: Context, params: Params) -> dict[str, Any]:
    link_id = params.required_integer("entity_link_id")
    return _wait(ctx, params, WaitingFor.EXTERNAL_ENTITY, entity_link_id=link_id)


def set_waiting_for_request(ctx: Context, params: Params) -> dict[str, Any]:
    other = params.required_integer("wait_request_id")
    return _wait(ctx, params, WaitingFor.TICKET, other_ticket_id=other)


def _wait(ctx: Context, params: Params, kind: WaitingFor, **target: Any) -> dict[str, Any]:
    ticket_id = params.required_integer("request_id")
    start_waiting(ctx.session, ctx.actor, ticket_id, kind, **target)
    return ok(f"Request {ticket_id} is waiting for {kind.value.replace('_', ' ')}")


def accept_solution(ctx: Context, params: Params) -> dict[str, Any]:
    ticket_id = params.required_integer("id")
    rating = params.required_integer("rating")
    if not MIN_RATING <= rating <= MAX_RATING:
        raise bad_parameter(f"rating must be between {MIN_RATING} and {MAX_RATING}")
    comment = (params.text("comment") or "").strip()
    if rating < RATING_NEEDING_COMMENT and not comment:
        raise missing("comment")
    solution.accept_solution(ctx.session, ctx.actor, ticket_id, rating=rating, comment=comment)
    return ok("Solution accepted")


def reject_solution(ctx: Context, params: Params) -> dict[str, Any]:
    ticket_id = params.required_integer("id")
    reason = params.required_text("comment")
    solution.reject_solution(ctx.session, ctx.actor, ticket_id, reason)
    return ok("Solution rejected")


def cancel_request(ctx: Context, params: Params) -> dict[str, Any]:
    author = ctx.acting_as(params.required_integer("author_id"))
    ticket_id = params.required_integer("request_id")
    solution.cancel_ticket(ctx.session, author, ticket_id, reason=params.text("comment") or "")
    return ok("Request cancelled")


def reject_request(ctx: Context, params: Params) -> dict[str, Any]:
    author = ctx.acting_as(params.required_integer("author_id"))
    solution.reject_ticket(ctx.session, author, params.required_integer("request_id"))
    return ok("Request rejected")


def reopen_request(ctx: Context, params: Params) -> dict[str, Any]:
    author = ctx.acting_as(params.integer("author_id"))
    solution.reopen_ticket(ctx.session, author, params.required_integer("request_id"))
    return ok("Request reopened")


def reassign_request(ctx: Context, params: Params) -> dict[str, Any]:
    author = ctx.acting_as(params.required_integer("author_id"))
    ticket_id = params.required_integer("request_id")
    reassign_ticket(
        ctx.session,
        author,
        ticket_id,
        helpdesk_id=params.required_integer("group_id"),
        owner_id=params.integer("agent_id"),
    )
    return ok("Request reassigned")
