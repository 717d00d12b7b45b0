"""Counts and figures: get_stats, get_incidents_summary, get_tickets_count, cron and mail
queue (spec §3.30, §3.31, §3.34, §3.35, §7)."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

from polydesk.core.clock import utcnow
from polydesk.dialects.integria import writers
from polydesk.dialects.integria.context import Context
from polydesk.dialects.integria.ops.registry import op
from polydesk.dialects.integria.replies import EMPTY, Reply
from polydesk.dialects.integria.request import Params
from polydesk.dialects.integria.rows import Lookups
from polydesk.jobs.service import periodic_run_times, queued_mail_count
from polydesk.tickets.schemas import TicketFilter
from polydesk.tickets.stats import GroupField, TicketMetrics, count_by, ticket_metrics
from polydesk.users.service import get_user_by_login, users_by_ids

#: Status constants of the product, in its order (1..7), then the two totals.
SUMMARY = ("new", "unconfirmed", "assigned", "reopened", "verified", "pending_third_person",
           "closed")  # fmt: skip
CLOSED = "7"


def _stats_filter(ctx: Context, params: Params) -> TicketFilter:
    """Positional filters p1..p6 plus the HTTP ``search_priority`` (spec §3.30), with the
    intended meaning: the status list is a list, group 1 is every group."""
    f = TicketFilter()
    look = Lookups.load(ctx.session, ctx.zone)
    if params.get(1):
        f.query = params.get(1)
    statuses = [s.strip() for s in params.get(2).split(",") if s.strip()]
    if statuses:
        f.status_ids = look.shown_as("status", statuses)
    if params.get(3):
        owner = get_user_by_login(ctx.session, params.get(3))
        f.owner_ids = [owner.id if owner else -1]
    group = writers.php_int(params.get(4, "1"))
    if group != 1:
        f.helpdesk_ids = [group]
    if writers.php_int(params.get(5)):
        f.company_ids = [writers.php_int(params.get(5))]
    if writers.php_int(params.get(6)):
        f.inventory_ids = [writers.php_int(params.get(6))]
    priority = ctx.call.text("search_priority", "-1")
    if priority != "-1":
        f.priority_ids = look.shown_as("priority", [priority])
    return f


def _metric(name: str, m: TicketMetrics) -> writers.Value:
    if name == "total_incidents":
        return m.total
    if name == "opened":
        return m.open
    if name == "closed":
        return m.closed
    if name == "avg_life":
        return round(m.average_life_seconds or 0)
    if name == "avg_worktime":
        return round(m.average_work_seconds or 0)
    if name == "avg_scoring":
        return "N/A" if m.average_rating is None else m.average_rating
    if name == "sla_compliance":
        return 100.0 if m.sla_met_percent is None else m.sla_met_percent
    return None


@op("get_stats")
def get_stats(ctx: Context, params: Params) -> Reply:
    metric = params.get(0)
    value = _metric(metric, ticket_metrics(ctx.session, ctx.actor, _stats_filter(ctx, params)))
    shown = "" if value is None else writers.php_string(value)
    return Reply(csv=lambda: shown, xml=lambda: writers.xml_plain_data(shown), lenient=True)


def _summary(ctx: Context) -> dict[str, int]:
    counts = count_by(ctx.session, ctx.actor, TicketFilter(), "status_id")
    statuses = Lookups.load(ctx.session, ctx.zone).statuses
    by_code: Counter[str] = Counter()
    for status_id, count in counts.items():
        by_code[statuses.get(status_id, "0")] += count
    summary = {name: by_code[str(code)] for code, name in enumerate(SUMMARY, 1)}
    total = sum(counts.values())
    summary["not_closed"] = total - by_code[CLOSED]
    summary["total"] = total
    return summary


@op("get_incidents_summary")
def get_incidents_summary(ctx: Context, params: Params) -> Reply:
    summary = _summary(ctx)
    field = params.whole
    if field:
        if field not in summary:
            return Reply(csv=lambda: "", xml=lambda: writers.xml_plain_data(""))
        return Reply(
            csv=lambda: str(summary[field]), xml=lambda: writers.xml_plain_data(summary[field])
        )
    return Reply(
        csv=lambda: "".join(f"{name.upper()},{count}\n" for name, count in summary.items()),
        xml=lambda: (
            "<xml>\n"
            + "".join(f"<{name}>{count}</{name}>\n" for name, count in summary.items())
            + "</xml>\n"
        ),
    )


_COUNT_FIELDS: dict[str, GroupField] = {
    "prioridad": "priority_id",
    "estado": "status_id",
    "id_grupo": "helpdesk_id",
    "id_usuario": "owner_id",
}


@op("get_tickets_count")
def get_tickets_count(ctx: Context, params: Params) -> Reply:
    """Always JSON: ``[{"<field>": value, "n_incidents": N}]`` over the tickets created in the
    last ``days`` days (all tickets when days is 0 or missing)."""
    field = params.get(0)
    column = _COUNT_FIELDS.get(field)
    if column is None:
        return EMPTY
    since = _days_ago(writers.php_int(params.get(1)))
    counts = count_by(ctx.session, ctx.actor, TicketFilter(created_after=since), column)
    shown = _count_labels(ctx, column, list(counts))
    items = sorted((shown[key], count) for key, count in counts.items())
    body = writers.php_json([{field: value, "n_incidents": count} for value, count in items])
    return Reply(csv=lambda: body, xml=lambda: body, json=lambda: body, lenient=True)


def _days_ago(days: int) -> datetime | None:
    """The start of the last ``days`` days; None (all tickets) for 0, negative, or more days
    than a date can go back (PHP's ``strtotime`` would give a date before any ticket)."""
    now = utcnow()
    if days <= 0 or days >= (now - datetime.min.replace(tzinfo=now.tzinfo)).days:
        return None
    return now - timedelta(days=days)


def _count_labels(
    ctx: Context, column: GroupField, keys: list[int | None]
) -> dict[int | None, str]:
    look = Lookups.load(ctx.session, ctx.zone)
    if column == "owner_id":
        users = users_by_ids(ctx.session, [k for k in keys if k is not None])
        return {k: users[k].login if k in users else "" for k in keys}
    table = {"priority_id": look.priorities, "status_id": look.statuses}.get(column)
    if table is None:
        return {k: str(k or 0) for k in keys}
    return {k: table.get(k or 0, "0") for k in keys}


def _minutes_since(moment: datetime | None) -> int:
    if moment is None:
        return -1
    return round((utcnow() - moment).total_seconds() / 60)


def _cron_reply(tag: str, moment: datetime | None) -> Reply:
    minutes = _minutes_since(moment)
    xml = writers.xml_block("cronjob", {tag: minutes}, cdata=False)
    return Reply(csv=lambda: str(minutes), xml=lambda: xml, lenient=True)


@op("get_last_cron_execution")
def get_last_cron_execution(ctx: Context, params: Params) -> Reply:
    return _cron_reply("last_exec", periodic_run_times(ctx.session)[0])


@op("get_previous_cron_execution")
def get_previous_cron_execution(ctx: Context, params: Params) -> Reply:
    return _cron_reply("previous_exec", periodic_run_times(ctx.session)[1])


@op("get_num_queued_emails")
def get_num_queued_emails(ctx: Context, params: Params) -> Reply:
    count = queued_mail_count(ctx.session)
    xml = writers.xml_block("pending_mail", {"num": count}, cdata=False)
    return Reply(csv=lambda: str(count), xml=lambda: xml, lenient=True)
