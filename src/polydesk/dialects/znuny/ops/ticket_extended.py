"""TicketGet's ``Extended=1`` keys (``Kernel/System/Ticket.pm`` ``_TicketGetExtended``), each
present only when it applies, as in Znuny:

- ``FirstResponse``: when the first article an agent wrote visible to the customer was made
  (``YYYY-MM-DD HH:MM:SS``); with an SLA first-response time also ``FirstResponseInMin`` (the
  working minutes from creation to it) and ``FirstResponseDiffInMin`` (the target less those;
  negative when late).
- ``Closed``: the latest moment the ticket entered a state of type ``closed`` (its last
  StateUpdate or NewTicket history line in such a state; it stays after a reopening, as
  Znuny's query over the history does), with ``SolutionInMin`` (working minutes from creation
  to it) and, with an SLA solution time, ``SolutionDiffInMin``.
- ``FirstLock``: when the ticket was first locked (its first Lock history line).

Minutes are whole (Perl's ``int``: toward zero) JSON numbers; the times are text. Working
minutes follow the SLA's business calendar; without an SLA (Polydesk has no system-wide working
hours) or with a round-the-clock one they are plain minutes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from polydesk.catalogs.service import list_catalog
from polydesk.core.actor import Actor
from polydesk.dialects.znuny.context import Context
from polydesk.dialects.znuny.mapping import state_type
from polydesk.dialects.znuny.ops.common import ticket_comments
from polydesk.dialects.znuny.ops.ticket_history import history_lines
from polydesk.dialects.znuny.render import Lookups, number, timestamp
from polydesk.models.catalogs import Status
from polydesk.models.comments import SenderType
from polydesk.models.tickets import Ticket
from polydesk.sla.business_time import WorkCalendar, business_minutes_between
from polydesk.sla.policy import load_policy

CLOSING_LINES = ("StateUpdate", "NewTicket")


def extended(ctx: Context, actor: Actor, ticket: Ticket, lookups: Lookups) -> dict[str, Any]:
    policy = load_policy(ctx.session, ticket.sla_id)
    calendar = policy.calendar if policy is not None else WorkCalendar.always()
    sla = policy.sla if policy is not None else None
    data: dict[str, Any] = {}
    lines = history_lines(ctx, actor, ticket)
    closed = _closed(ctx, lookups, lines)
    if closed:
        data["Closed"] = closed
        worked = _worked(calendar, ticket, closed)
        data["SolutionInMin"] = int(worked)
        if sla is not None and sla.resolution_minutes:
            data["SolutionDiffInMin"] = int(sla.resolution_minutes - worked)
    first = _first_response(ctx, actor, ticket)
    if first:
        data["FirstResponse"] = first
        if sla is not None and sla.first_response_minutes:
            worked = _worked(calendar, ticket, first)
            data["FirstResponseInMin"] = int(worked)
            data["FirstResponseDiffInMin"] = int(sla.first_response_minutes - worked)
    locks = [line["CreateTime"] for line in lines if line["HistoryType"] == "Lock"]
    if locks:
        data["FirstLock"] = locks[0]
    return data


def _closed(ctx: Context, lookups: Lookups, lines: list[dict[str, Any]]) -> str:
    """The latest closing line's time ("" when none)."""
    closed_states = {
        number(lookups.states.code(row.id))
        for row in list_catalog(ctx.session, "status")
        if isinstance(row, Status)
        and state_type(lookups.states.code(row.id), row.category) == "closed"
    }
    moments = [
        line["CreateTime"]
        for line in lines
        if line["HistoryType"] in CLOSING_LINES and line["StateID"] in closed_states
    ]
    return max(moments, default="")


def _first_response(ctx: Context, actor: Actor, ticket: Ticket) -> str:
    answers = [
        comment.created_at
        for comment in ticket_comments(ctx.session, actor, ticket.id)
        if comment.sender_type is SenderType.AGENT and comment.is_public
    ]
    return timestamp(min(answers)) if answers else ""


def _worked(calendar: WorkCalendar, ticket: Ticket, until: str) -> float:
    """Working minutes from the ticket's creation to ``until`` (a rendered timestamp, so both
    ends count whole seconds, as Znuny's do)."""
    created = ticket.created_at.replace(microsecond=0)
    end = datetime.fromisoformat(until).replace(tzinfo=created.tzinfo)
    return business_minutes_between(calendar, created, end)
