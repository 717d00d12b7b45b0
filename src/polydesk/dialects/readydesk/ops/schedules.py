"""``get_schedules``, ``add_schedule`` and ``update_schedule`` (spec B.4; the doc's page for
the list is headed ``get_kb_articles`` by mistake, B.6 item 9).

- ``status``: ``A`` active, ``H`` on hold, ``C`` canceled, ``D`` complete (any case).
- ``cids``, ``uids``, ``groups``: comma lists of customer logins, technician logins and
  technician group names; on update a list given replaces that list (empty: none).
- Recurrence: ``recurring=Y`` with ``recurrence_type=I`` (``interval`` + ``interval_unit``
  MINUTES..YEARS) or ``W`` (``weekdays``: day numbers as .NET's DayOfWeek, 0 = Sunday ..
  6 = Saturday: the product is a .NET application; the doc does not say). ``recurring=N``
  removes the rule. On update, recurrence variables not given keep their current values.
- The update selector is ``id``; answers ``added_schedule`` / ``updated_schedule``.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from polydesk.dialects.readydesk.context import Context
from polydesk.dialects.readydesk.errors import invalid
from polydesk.dialects.readydesk.listing import core_page, list_request, page_reply
from polydesk.dialects.readydesk.params import Params, to_int
from polydesk.dialects.readydesk.registry import Action
from polydesk.dialects.readydesk.wire import Field, Item, Reply, answer
from polydesk.models.schedules import RepeatKind, RepeatUnit, Schedule, ScheduleStatus
from polydesk.schedules.schemas import ScheduleCreate, ScheduleFilter, ScheduleSort, ScheduleUpdate
from polydesk.schedules.service import (
    ScheduleView,
    add_schedule,
    list_schedules,
    require_schedule,
    update_schedule,
)

STATUS_CODES = {
    "A": ScheduleStatus.ACTIVE,
    "H": ScheduleStatus.ON_HOLD,
    "C": ScheduleStatus.CANCELED,
    "D": ScheduleStatus.COMPLETED,
}
STATUS_OF = {status: code for code, status in STATUS_CODES.items()}
KIND_CODES = {"I": RepeatKind.INTERVAL, "W": RepeatKind.WEEKDAYS}
KIND_OF = {kind: code for code, kind in KIND_CODES.items()}
ORDER: dict[str, ScheduleSort] = {
    "ID": "id", "TITLE": "title", "STATUS": "status", "START_DATE": "starts_at",
    "END_DATE": "ends_at", "DATE_ADDED": "created_at",
}  # fmt: skip
_LISTS = {"cids": "customer_logins", "uids": "tech_logins", "groups": "group_names"}
_DATES = {"start_date": "starts_at", "end_date": "ends_at", "date_completed": "completed_at"}
_RECURRENCE = ("recurring", "recurrence_type", "interval", "interval_unit", "weekdays")


def get_schedules(ctx: Context) -> Reply:
    params = ctx.params
    request = list_request(params, id_vars=("id", "tid"), columns=ORDER)
    filters = ScheduleFilter(
        ids=params.id_list("id"),
        ticket_ids=params.id_list("tid"),
        customer_logins=params.text_list("cid"),
        tech_logins=params.text_list("uid"),
        group_names=params.text_list("groups"),
        sort=request.order or "id",
        descending=request.descending,
    )
    found = list_schedules(ctx.session, ctx.actor, filters, core_page(request))
    return page_reply(request, found, ("schedules", "schedule"), partial(_record, ctx))


def _record(ctx: Context, view: ScheduleView) -> list[Item]:
    schedule = view.schedule
    kind = schedule.repeat_kind
    return [
        Field("id", str(schedule.id)),
        Field("title", schedule.title, encoded=True),
        Field("category", schedule.category, encoded=True),
        Field("status", STATUS_OF[schedule.status]),
        Field("tid", str(schedule.ticket_id or 0)),
        Field("cids", ",".join(view.customer_logins), encoded=True),
        Field("uids", ",".join(view.tech_logins), encoded=True),
        Field("groups", ",".join(view.group_names), encoded=True),
        Field("start_date", ctx.date(schedule.starts_at)),
        Field("end_date", ctx.date(schedule.ends_at)),
        Field("date_completed", ctx.date(schedule.completed_at)),
        Field("recurring", "Y" if kind else "N"),
        Field("recurrence_type", KIND_OF[kind] if kind else ""),
        Field("interval", str(schedule.repeat_every or "")),
        Field("interval_unit", schedule.repeat_unit.name if schedule.repeat_unit else ""),
        Field("weekdays", ",".join(str(day % 7) for day in schedule.repeat_weekdays)),
        Field("added_by", view.creator_login or ""),
        Field("date_added", ctx.date(schedule.created_at)),
        Field("last_updated", ctx.date(schedule.updated_at)),
    ]


def add_schedule_action(ctx: Context) -> Reply:
    params = ctx.params
    params.required("title")
    params.required("start_date")
    values = _values(params, adding=True)
    if any(params.given(name) for name in _RECURRENCE):
        values["repeat"] = _rule(params, {})
    schedule = add_schedule(ctx.session, ctx.actor, ScheduleCreate(**values))
    return answer("added_schedule", schedule.id)


def update_schedule_action(ctx: Context) -> Reply:
    params = ctx.params
    schedule_id = to_int("id", params.required("id"))
    values = _values(params, adding=False)
    if any(params.raw(name) is not None for name in _RECURRENCE):
        current = require_schedule(ctx.session, ctx.actor, schedule_id)
        values["repeat"] = _rule(params, _current_rule(current))
    schedule = update_schedule(ctx.session, ctx.actor, schedule_id, ScheduleUpdate(**values))
    return answer("updated_schedule", schedule.id)


def _values(params: Params, *, adding: bool) -> dict[str, Any]:
    """Supplied variables as core fields; on add an empty one is not given, on update an empty
    ``tid``/``end_date``/``date_completed`` clears it and an empty list empties it."""
    values: dict[str, Any] = {}
    supplied = {n: v.strip() for n, v in params.values.items() if not adding or v.strip()}
    for name in ("title", "category"):
        if name in supplied:
            values[name] = supplied[name]
    if "status" in supplied:
        code = supplied["status"].upper()
        if code not in STATUS_CODES:
            raise invalid("status", "use A, H, C or D")
        values["status"] = STATUS_CODES[code]
    if "tid" in supplied:
        values["ticket_id"] = (
            to_int("tid", supplied["tid"]) if supplied["tid"] not in ("", "0") else None
        )
    for name, target in _DATES.items():
        if name in supplied:
            values[target] = params.date(name)
    for name, target in _LISTS.items():
        if name in supplied:
            values[target] = [item.strip() for item in supplied[name].split(",") if item.strip()]
    return values


def _current_rule(schedule: Schedule) -> dict[str, Any]:
    if schedule.repeat_kind is None:
        return {}
    return {
        "kind": schedule.repeat_kind,
        "every": schedule.repeat_every,
        "unit": schedule.repeat_unit,
        "weekdays": list(schedule.repeat_weekdays),
    }


def _rule(params: Params, current: dict[str, Any]) -> dict[str, Any] | None:
    """The repetition rule from the variables given, over the current one."""
    recurring = params.yes_no("recurring", default=bool(current))
    if not recurring:
        return None
    rule = dict(current)
    code = params.text("recurrence_type").upper()
    if code:
        if code not in KIND_CODES:
            raise invalid("recurrence_type", "use I (interval) or W (weekdays)")
        if KIND_CODES[code] is not rule.get("kind"):
            rule = {"kind": KIND_CODES[code]}
    if "kind" not in rule:
        raise invalid("recurrence_type", "a recurring schedule needs I or W")
    if params.given("interval"):
        rule["every"] = params.integer("interval")
    unit = params.text("interval_unit").upper()
    if unit:
        if unit not in RepeatUnit.__members__:
            raise invalid("interval_unit", "use MINUTES, HOURS, DAYS, WEEKS, MONTHS or YEARS")
        rule["unit"] = RepeatUnit[unit]
    if params.given("weekdays"):
        rule["weekdays"] = [_weekday(day) for day in params.text("weekdays").split(",")]
    return rule


def _weekday(text: str) -> int:
    """.NET DayOfWeek (0 = Sunday .. 6 = Saturday) to ISO (1 = Monday .. 7 = Sunday)."""
    day = text.strip()
    if len(day) != 1 or day not in "0123456":
        raise invalid("weekdays", "use day numbers 0 (Sunday) to 6 (Saturday)")
    return int(day) or 7


ACTIONS: dict[str, Action] = {
    "get_schedules": get_schedules,
    "add_schedule": add_schedule_action,
    "update_schedule": update_schedule_action,
}
