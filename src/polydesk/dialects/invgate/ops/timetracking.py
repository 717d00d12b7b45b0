"""Time tracking: ``GET``/``DELETE /timetracking``, ``GET /timetracking.attributes.category``
and the extension ``POST /timetracking`` (in InvGate's endpoint index, not in the seed),
through ``timetracking.spans``.

Decisions where the seed is silent:
- ``from``/``to`` are ISO-8601 (``2024-05-04T10:00:00-03:00``; also ``2024-05-04 10:00``);
  without an offset they are in the zone of setting ``invgate.timezone``. A listed entry is one
  that *started* in the interval. Answers: ``iso8601noT`` (default, ``2024-05-04 10:00``, in
  that zone) or ``iso8601``.
- ``status`` is always 1: a deleted entry is gone, everywhere (it is an Integria workunit too).
- ``timetracking_category_id`` is the entry's time category (``timetracking.categories``,
  defined by admins with ``POST /polydesk/v1/time-categories``), null when none; an unknown one
  is refused on POST (``time_category.not_found``). ``timetracking.attributes.category`` lists
  them by id (agents), ``cost_per_hour`` a number or null.
- ``POST /timetracking`` takes ``request_id``, ``user_id`` (who logged it: an admin may name
  anyone, others only themselves), ``from``, ``to`` and optional ``comment`` and
  ``timetracking_category_id``; it answers ``{"status": "OK", "info", "timetracking_id"}``.
- ``DELETE`` acts as ``user_id``: the entry's author, or an admin, may delete it.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from polydesk.dialects.invgate.context import Context
from polydesk.dialects.invgate.errors import bad_parameter
from polydesk.dialects.invgate.params import DateFormat, Params, missing
from polydesk.dialects.invgate.render import date_value, ok
from polydesk.models.timetracking import TimeEntry
from polydesk.timetracking.categories import list_time_categories
from polydesk.timetracking.spans import (
    TimeSpan,
    ended_at,
    log_span,
    time_spans,
)
from polydesk.timetracking.spans import (
    delete_time_entry as core_delete,
)

NO_T = "iso8601noT"


def _moment(params: Params, name: str, zone: tzinfo) -> datetime | None:
    value = params.text(name)
    if value is None or not value.strip():
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise bad_parameter(f"{name} must be an ISO-8601 date and time") from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=zone)


def _zone(ctx: Context) -> tzinfo:
    return ctx.zone_for(DateFormat.ISO8601)


def _format(params: Params) -> str:
    value = (params.text("date_format") or "").strip()
    if value in ("", NO_T):
        return NO_T
    if value == DateFormat.ISO8601.value:
        return value
    raise bad_parameter(f"date_format must be '{NO_T}' or 'iso8601'")


def list_time_entries(ctx: Context, params: Params) -> list[dict[str, Any]]:
    zone = _zone(ctx)
    fmt = _format(params)
    ticket_id = params.integer("request_id")
    start, end = _moment(params, "from", zone), _moment(params, "to", zone)
    if ticket_id is None and start is None:
        raise missing("from")
    if ticket_id is None and end is None:
        end = datetime.now(zone)
    entries = time_spans(ctx.session, ctx.actor, ticket_id=ticket_id, start=start, end=end)
    return [_row(entry, fmt, zone) for entry in entries]


def _when(moment: datetime, fmt: str, zone: tzinfo) -> str | int | None:
    if fmt == NO_T:
        return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")
    return date_value(moment, DateFormat.ISO8601, zone)


def _row(entry: TimeEntry, fmt: str, zone: tzinfo) -> dict[str, Any]:
    return {
        "timetracking_id": entry.id,
        "incident": entry.ticket_id,
        "user_id": entry.user_id,
        "from": _when(entry.started_at, fmt, zone),
        "to": _when(ended_at(entry), fmt, zone),
        "total": str(entry.duration_seconds),
        "comment": entry.description or "",
        "timetracking_category_id": int(entry.category) if entry.category.isdigit() else None,
        "status": 1,
    }


def log_time_entry(ctx: Context, params: Params) -> dict[str, Any]:
    zone = _zone(ctx)
    author = ctx.acting_as(params.required_integer("user_id"))
    ticket_id = params.required_integer("request_id")
    start, end = _moment(params, "from", zone), _moment(params, "to", zone)
    if start is None:
        raise missing("from")
    if end is None:
        raise missing("to")
    category = params.integer("timetracking_category_id")
    span = TimeSpan(started_at=start, ended_at=end, comment=params.text("comment") or "",
                    category_id=category)  # fmt: skip
    entry = log_span(ctx.session, author, ticket_id, span)
    return ok("Time logged", timetracking_id=entry.id)


def delete_time_entry(ctx: Context, params: Params) -> dict[str, Any]:
    author = ctx.acting_as(params.required_integer("user_id"))
    entry_id = params.required_integer("timetracking_id")
    core_delete(ctx.session, author, params.required_integer("request_id"), entry_id)
    return {"status": "OK"}


def list_time_tracking_categories(ctx: Context, params: Params) -> list[dict[str, Any]]:
    wanted = params.integer("id")
    found = list_time_categories(ctx.session, ctx.actor, category_id=wanted)
    return [
        {
            "id": row.id,
            "parent_id": row.parent_id,
            "name": row.name,
            "cost_per_hour": row.cost_per_hour,
        }
        for row in found
    ]
