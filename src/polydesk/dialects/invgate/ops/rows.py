"""Requests and comments as InvGate renders them, for one request or a page: the comments,
attachments and custom field values of the whole page come in one query each (no N+1).

Field names and types follow the seed, misspelling included (``date_ocurred``). Decisions:
- ``closed_reason`` is a string in ``GET``/``PUT /incident`` and an integer in the lists (as
  the seed types it), and ``null`` unless the request is Closed; ``rating`` is left out when
  there is none. The ``PUT`` answer has its own table's fields: ``location_id``, and no
  ``pretty_id``, SLA or sentiment fields.
- ``custom_fields`` is an object keyed by field id (an empty object, not PHP's ``[]``);
  values are the core's display text.
- ``sla_incident_first_reply`` / ``sla_incident_resolution`` are the SLA's due dates, in the
  request's date format (the product's format is undocumented).
- ``attachments`` are the request's own files; files added with a comment are listed on the
  comment. Comment flags are 0/1 inside a request and true/false in ``/incident.comment``, as
  live instances send them; ``reference`` is the comment this one answers by the mail
  threading the core keeps (``comments.replies``, among the comments the caller sees), else
  ``null``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from typing import Any

from polydesk.automation.workflows import process_ids
from polydesk.comments.replies import reply_targets
from polydesk.dialects.invgate.context import Context
from polydesk.dialects.invgate.mapping import CLOSED_STATUS, Codes
from polydesk.dialects.invgate.params import DateFormat, Params
from polydesk.dialects.invgate.render import date_value, text_value
from polydesk.models.comments import Comment
from polydesk.models.tickets import Ticket
from polydesk.tickets.digest import TicketDigest

#: The PUT answer's table lists location_id and leaves these out.
NOT_ON_UPDATE = (
    "pretty_id",
    "sla_incident_first_reply",
    "sla_incident_resolution",
    "request_customer_sentiment_initial",
    "request_customer_sentiment_current",
)


@dataclass(frozen=True)
class View:
    fmt: DateFormat = DateFormat.EPOCH
    zone: tzinfo = UTC  # of ISO-8601 dates
    decoded: bool = False
    with_comments: bool = False
    reason_as_text: bool = False  # GET / PUT /incident: closed_reason is a STRING
    for_update: bool = False  # the PUT answer's field set (see UPDATE_ONLY / NOT_ON_UPDATE)


def view_for(ctx: Context, params: Params, **options: bool) -> View:
    """The view a read asks for: ``date_format`` (in the instance zone) and the options."""
    fmt = params.date_format()
    return View(fmt=fmt, zone=ctx.zone_for(fmt), **options)


@dataclass(frozen=True)
class Parts:
    """What hangs off a page of tickets, grouped by ticket."""

    files: dict[int, list[int]]  # ticket -> its own attachment ids
    comment_files: dict[int, list[int]]  # comment -> attachment ids
    comments: dict[int, list[Comment]]  # ticket -> comments in order
    fields: dict[int, dict[int, str]]
    processes: dict[int, int]  # ticket -> its workflow instance (``process_id``)


def load_parts(ctx: Context, tickets: Sequence[Ticket], *, with_comments: bool) -> Parts:
    """The parts of readable tickets the caller may see, from the shared read model
    (``tickets.digest``; a customer: the public part)."""
    if not tickets:
        return Parts({}, {}, {}, {}, {})
    digest = TicketDigest(ctx.session, ctx.actor, tickets)
    files: dict[int, list[int]] = {}
    comment_files: dict[int, list[int]] = {}
    for ticket_id, attachments in digest.attachments.items():
        for row in attachments:
            if row.comment_id is None:
                files.setdefault(ticket_id, []).append(row.id)
            else:
                comment_files.setdefault(row.comment_id, []).append(row.id)
    comments = digest.comments if with_comments else {}
    processes = process_ids(ctx.session, [ticket.id for ticket in tickets])
    return Parts(files, comment_files, comments, digest.custom_values, processes)


def request_rows(ctx: Context, tickets: Sequence[Ticket], view: View) -> list[dict[str, Any]]:
    parts = load_parts(ctx, tickets, with_comments=view.with_comments)
    codes = Codes(ctx.session)
    return [request_row(ticket, codes, parts, view) for ticket in tickets]


def request_row(ticket: Ticket, codes: Codes, parts: Parts, view: View) -> dict[str, Any]:
    def when(moment: datetime | None) -> int | str | None:
        return date_value(moment, view.fmt, view.zone)

    status = codes.code("status", ticket.status_id)
    row: dict[str, Any] = {
        "id": ticket.id,
        "pretty_id": ticket.number,
        "title": ticket.title,
        "description": text_value(ticket.description, view.decoded),
        "type_id": codes.code("type", ticket.type_id),
        "priority_id": codes.code("priority", ticket.priority_id),
        "status_id": status,
        "category_id": ticket.category_id,
        "source_id": codes.code("source", ticket.source_id),
        "creator_id": ticket.creator_id,
        "user_id": ticket.requester_id,
        "assigned_id": ticket.owner_id,
        "assigned_group_id": ticket.helpdesk_id,
        "date_ocurred": when(ticket.occurred_at),
        "created_at": when(ticket.created_at),
        "last_update": when(ticket.updated_at),
        "solved_at": when(ticket.solved_at),
        "closed_at": when(ticket.closed_at),
        "closed_reason": _closed_reason(ticket, codes, status, view),
        "process_id": parts.processes.get(ticket.id),
        "sla_incident_first_reply": when(ticket.first_response_due_at),
        "sla_incident_resolution": when(ticket.resolution_due_at),
        "request_customer_sentiment_initial": _sentiment(ticket.sentiment_initial),
        "request_customer_sentiment_current": _sentiment(ticket.sentiment_current),
        "custom_fields": {str(k): v for k, v in parts.fields.get(ticket.id, {}).items()},
        "attachments": parts.files.get(ticket.id, []),
    }
    if ticket.rating is not None:
        row["rating"] = ticket.rating
    if view.for_update:
        row["location_id"] = ticket.location_id
        for name in NOT_ON_UPDATE:
            del row[name]
    if view.with_comments:
        row["comments"] = comment_rows(parts, parts.comments.get(ticket.id, []), view, True)
    return row


def comment_rows(
    parts: Parts, comments: Sequence[Comment], view: View, embedded: bool
) -> list[dict[str, Any]]:
    """Comments in order; ``msg_num`` is the 1-based position among those the caller sees."""
    answers = reply_targets(comments)
    return [
        comment_row(
            comment,
            number,
            parts.comment_files.get(comment.id, []),
            view,
            embedded,
            answers.get(comment.id),
        )
        for number, comment in enumerate(comments, start=1)
    ]


def comment_row(
    comment: Comment,
    msg_num: int,
    files: list[int],
    view: View,
    embedded: bool,
    reference: int | None = None,
) -> dict[str, Any]:
    return {
        "id": comment.id,
        "incident_id": comment.ticket_id,
        "author_id": comment.author_id,
        "message": text_value(comment.body, view.decoded),
        "created_at": date_value(comment.created_at, view.fmt, view.zone),
        "customer_visible": _flag(comment.is_public, embedded),
        "is_solution": _flag(comment.is_solution, embedded),
        "msg_num": msg_num,
        "reference": reference,
        "attachments": files,
    }


def _flag(value: bool, as_number: bool) -> int | bool:
    return int(value) if as_number else value


def _sentiment(value: Any) -> str | None:
    return None if value is None else str(value.value)


def _closed_reason(ticket: Ticket, codes: Codes, status: int | None, view: View) -> Any:
    if status is None or str(status) != CLOSED_STATUS:
        return None
    reason = codes.code("close_reason", ticket.close_reason_id)
    if reason is None or not view.reason_as_text:
        return reason
    return str(reason)
