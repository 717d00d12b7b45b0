"""``get_time``: time entries across tickets (spec B.4). ``cid`` is required (``*`` for all)
and names the customer who requested the entry's ticket; ``start_cid``/``end_cid`` bound that
login by prefix; ``start_date``/``end_date`` bound when the work started. ``tid`` and ``uid``
(the technician) are accepted as well (our additions). Output variables were not retrieved;
ours are listed in SPEC.md ("Back office"): durations in minutes."""

from __future__ import annotations

from functools import partial

from polydesk.dialects.readydesk.context import Context
from polydesk.dialects.readydesk.listing import core_page, list_request, page_reply
from polydesk.dialects.readydesk.ops.billing import number
from polydesk.dialects.readydesk.registry import Action
from polydesk.dialects.readydesk.wire import Field, Item, Reply
from polydesk.timetracking.service import (
    TimeEntryFilter,
    TimeEntrySort,
    TimeEntryView,
    find_time_entries,
)

ORDER: dict[str, TimeEntrySort] = {
    "ID": "id", "DATE": "started_at", "START_DATE": "started_at", "DATE_ADDED": "created_at",
    "DURATION": "duration", "TID": "ticket_id",
}  # fmt: skip


def get_time(ctx: Context) -> Reply:
    params = ctx.params
    params.required("cid")
    request = list_request(params, id_vars=("id", "cid"), columns=ORDER)
    window = params.window()
    filters = TimeEntryFilter(
        ids=params.id_list("id"),
        ticket_ids=params.id_list("tid"),
        user_logins=params.text_list("uid"),
        customer_logins=params.text_list("cid"),
        customer_range=params.text_range("start_cid", "end_cid"),
        started_after=window.after if window else None,
        started_before=window.before if window else None,
        sort=request.order or "id",
        descending=request.descending,
    )
    found = find_time_entries(ctx.session, ctx.actor, filters, core_page(request))
    return page_reply(request, found, ("time", "entry"), partial(_record, ctx))


def _record(ctx: Context, view: TimeEntryView) -> list[Item]:
    entry = view.entry
    return [
        Field("id", str(entry.id)),
        Field("tid", str(entry.ticket_id or 0)),
        Field("uid", view.user_login or "", encoded=True),
        Field("cid", view.customer_login or "", encoded=True),
        Field("date", ctx.date(entry.started_at)),
        Field("duration", number(entry.duration_seconds / 60)),
        Field("time_unit", "Minutes"),
        Field("billable", "Y" if entry.is_billable else "N"),
        Field("private", "N" if entry.is_public else "Y"),
        Field("category", entry.category, encoded=True),
        Field("notes", entry.description, encoded=True),
        Field("date_added", ctx.date(entry.created_at)),
    ]


ACTIONS: dict[str, Action] = {"get_time": get_time}
