"""Ticket ops: list, details, create, update, delete (spec §3.1-3.6)."""

from __future__ import annotations

import struct
from collections.abc import Sequence

from polydesk.catalogs.service import codes_for
from polydesk.core.errors import NotFound, ValidationFailed
from polydesk.core.pagination import PageRequest
from polydesk.customfields.service import fields_for_type
from polydesk.dialects.integria import writers
from polydesk.dialects.integria.context import Context
from polydesk.dialects.integria.ops.registry import denied_or, op
from polydesk.dialects.integria.replies import EMPTY, Refused, Reply, scalar
from polydesk.dialects.integria.request import Params
from polydesk.dialects.integria.rows import (
    DIALECT,
    Lookups,
    Row,
    incident_row,
)
from polydesk.flows.changing import change_ticket
from polydesk.flows.commands import ChangeTicket, OpenTicket
from polydesk.flows.opening import open_ticket
from polydesk.inventory.service import link_item
from polydesk.models.tickets import Ticket
from polydesk.tickets.deletion import delete_ticket
from polydesk.tickets.digest import TicketDigest
from polydesk.tickets.schemas import SortField, TicketCreate, TicketFilter, TicketUpdate
from polydesk.tickets.service import get_ticket, list_tickets
from polydesk.users.service import get_user_by_login

LIST_LIMIT = 5000  # the product's ``LIMIT 5000``
CLOSED = "7"
FIRST_CUSTOM_FIELD = 15  # after extra_data4, as the doc says (the 2017 code used 13)


def float32_hours(seconds: int) -> float:
    """An hours value as MySQL's FLOAT(10,2) column holds it (single precision)."""
    value: float = struct.unpack("f", struct.pack("f", round(seconds / 3600, 2)))[0]
    return value


def _ticket_rows(
    ctx: Context, tickets: Sequence[Ticket], look: Lookups, *, work: bool
) -> list[Row]:
    """Rows from the shared read model (``tickets.digest``): the people the tickets name, and
    with ``work`` the time and workunits the caller may see (a customer: the public ones)."""
    digest = TicketDigest(ctx.session, ctx.actor, tickets)
    look.users.update(digest.users)
    rows = []
    for ticket in tickets:
        row = incident_row(ticket, look, comma=ctx.change_comma)
        if work:
            durations = digest.durations.get(ticket.id, ())
            row["workunits_hours"] = sum(float32_hours(s) for s in durations)
            row["workunits_count"] = digest.comment_counts.get(ticket.id, 0)
        rows.append(row)
    return rows


def _json_rows(rows: list[Row]) -> str:
    return writers.php_json(
        [{k: None if v is None else writers.php_string(v) for k, v in r.items()} for r in rows]
    )


def _user_id(ctx: Context, login: str) -> int:
    user = get_user_by_login(ctx.session, login)
    if user is None:
        raise NotFound("user.not_found", f"user {login} not found")
    return user.id


def _incident_filter(ctx: Context, params: Params, look: Lookups) -> TicketFilter:
    f = TicketFilter(sort=SortField.UPDATED_AT, descending=True)
    text, status, group = params.get(0), params.get(1), params.get(2)
    if text:
        f.query = text
    if status == "-10":
        f.status_ids = [core_id for core_id, code in look.statuses.items() if code != CLOSED]
    elif status not in ("", "0"):
        f.status_ids = look.shown_as("status", [str(writers.php_int(status))])
    if group != "1":  # 1 is the product's "All"; anything else, even empty, filters
        f.helpdesk_ids = [writers.php_int(group) if params.has(2) else -1]
    if params.get(3) not in ("", "-1"):
        f.priority_ids = look.shown_as("priority", [str(writers.php_int(params.get(3)))])
    if writers.php_int(params.get(4)):
        f.inventory_ids = [writers.php_int(params.get(4))]
    if params.get(5):
        f.owner_ids = [_user_id(ctx, params.get(5))]
    if params.get(6):
        f.creator_ids = [_user_id(ctx, params.get(6))]
    if writers.php_int(params.get(7)):
        f.ids = [writers.php_int(params.get(7))]
    return f


def _no_incidents() -> Reply:
    return Reply(csv=lambda: "", xml=lambda: "<xml></xml>", json=lambda: "[]")


@op("get_incidents", failure=_no_incidents())
def get_incidents(ctx: Context, params: Params) -> Reply:
    look = Lookups.load(ctx.session, ctx.zone)
    filters = _incident_filter(ctx, params, look)
    page = list_tickets(ctx.session, ctx.actor, filters, PageRequest(limit=LIST_LIMIT))
    rows = _ticket_rows(ctx, page.items, look, work=True)
    return Reply(
        csv=lambda: writers.csv_rows(rows),
        xml=lambda: writers.xml_records(rows, "incident"),
        json=lambda: _json_rows(rows),
    )


@op("get_incident_details")
def get_incident_details(ctx: Context, params: Params) -> Reply:
    ticket = get_ticket(ctx.session, ctx.actor, writers.mysql_int(params.whole))
    if ticket is None:
        return EMPTY
    row = _ticket_rows(ctx, [ticket], Lookups.load(ctx.session, ctx.zone), work=False)[0]
    return Reply(
        csv=lambda: writers.csv_row(row.values()),
        xml=lambda: writers.xml_record(row),
        json=lambda: _json_rows([row]),
    )


def _code_to_id(ctx: Context, kind: str, code: str) -> int:
    core_id = codes_for(ctx.session, dialect=DIALECT, kind=kind).get(code)
    if core_id is None:
        raise ValidationFailed(f"{kind}.invalid_code", f"unknown Integria {kind} {code}")
    return core_id


def _custom_values(ctx: Context, type_id: int | None, values: list[str]) -> dict[int, str]:
    fields = sorted(fields_for_type(ctx.session, type_id), key=lambda field: field.id)
    return dict(zip((field.id for field in fields), values, strict=False)) if type_id else {}


def _extra(params: Params, *positions: int) -> dict[str, object]:
    """The four free "Info_extra" texts, from the given parameter positions."""
    names = ("extra_data", "extra_data2", "extra_data3", "extra_data4")
    return {f"integria.{name}": params.get(i) for name, i in zip(names, positions, strict=True)}


@op("create_incident", failure=denied_or(scalar(-1)))
def create_incident(ctx: Context, params: Params) -> Reply:
    title = params.text(0)
    if not title:
        return EMPTY
    status_code = str(writers.php_int(params.get(9)))
    type_id = writers.php_int(params.get(5)) or None
    cmd = TicketCreate(
        title=title,
        description=params.text(3),
        helpdesk_id=writers.php_int(params.get(1)) or None,
        priority_id=_code_to_id(ctx, "priority", str(writers.php_int(params.get(2)))),
        type_id=type_id,
        cc=[address for address in _split_addresses(params.get(6))],
        owner_id=_user_id(ctx, params.get(7)) if params.get(7) else None,
        parent_id=writers.php_int(params.get(8)) or None,
        extra=_extra(params, 10, 12, 13, 14),  # p11 is the resolution
    )
    if status_code != "0":  # the product stores 0, which no status has; the default applies
        cmd.status_id = _code_to_id(ctx, "status", status_code)
    if status_code == CLOSED and writers.php_int(params.get(11)):
        cmd.close_reason_id = _code_to_id(ctx, "close_reason", str(writers.php_int(params.get(11))))
    inventory_id = writers.php_int(params.get(4))
    opening = OpenTicket(
        ticket=cmd,
        custom_values=_custom_values(ctx, type_id, params.rest(FIRST_CUSTOM_FIELD)),
        inventory_ids=[inventory_id] if inventory_id else [],
    )
    return scalar(open_ticket(ctx.session, ctx.actor, ctx.resources, opening).ticket.id)


def _split_addresses(text: str) -> list[str]:
    return [part for part in text.replace(";", " ").replace(",", " ").split() if part]


@op("update_incident", failure=denied_or(scalar("")))
def update_incident(ctx: Context, params: Params) -> Reply:
    ticket = get_ticket(ctx.session, ctx.actor, writers.php_int(params.get(0)))
    title = params.text(1)
    if ticket is None or not title:
        return EMPTY
    look = Lookups.load(ctx.session, ctx.zone)
    status_code = str(writers.php_int(params.get(7)))
    resolution_sent = params.get(6)
    status_id = ticket.status_id if status_code == "0" else _code_to_id(ctx, "status", status_code)
    resolution = writers.php_int(resolution_sent) if status_code == CLOSED else 0
    type_id = writers.php_int(params.get(10)) or None
    extra = _extra(params, 11, 12, 13, 14) | {
        "integria.old_status": writers.php_int(look.statuses.get(ticket.status_id, "0")),
        "integria.old_resolution": writers.php_int(
            look.resolutions.get(ticket.close_reason_id or 0, "0")
        ),
        "integria.old_status2": writers.php_int(status_code),
        "integria.old_resolution2": writers.php_int(resolution_sent),
    }
    cmd = TicketUpdate(
        title=title,
        description=params.text(2),
        resolution_note=params.get(3),
        helpdesk_id=writers.php_int(params.get(4)) or None,
        priority_id=_code_to_id(ctx, "priority", str(writers.php_int(params.get(5)))),
        close_reason_id=_code_to_id(ctx, "close_reason", str(resolution)) if resolution else None,
        status_id=status_id,
        owner_id=_user_id(ctx, params.get(8)) if params.get(8) else None,
        type_id=type_id,
        extra=extra,
    )
    if writers.php_int(params.get(9)):  # the parent is only ever set, never cleared
        cmd.parent_id = writers.php_int(params.get(9))
    custom = {  # an empty parameter leaves the value as it is
        field_id: value
        for field_id, value in _custom_values(ctx, type_id, params.rest(FIRST_CUSTOM_FIELD)).items()
        if value
    }
    change = ChangeTicket(fields=[cmd], custom_values=custom)
    change_ticket(ctx.session, ctx.actor, ctx.resources, ticket.id, change)
    return scalar(1)


@op("delete_incident")
def delete_incident(ctx: Context, params: Params) -> Reply:
    ticket_id = writers.mysql_int(params.whole)
    if get_ticket(ctx.session, ctx.actor, ticket_id) is None:
        # The product answers 1 to an admin for a ticket that does not exist.
        if ctx.actor.is_admin:
            return scalar(1)
        raise Refused(EMPTY)
    delete_ticket(ctx.session, ctx.actor, ticket_id)
    return scalar(1)


@op("add_inventory_to_ticket", failure=denied_or(scalar(0)))
def add_inventory_to_ticket(ctx: Context, params: Params) -> Reply:
    ticket_id, item_id = writers.php_int(params.get(0)), writers.php_int(params.get(1))
    if get_ticket(ctx.session, ctx.actor, ticket_id) is None:
        return EMPTY
    return scalar(1 if link_item(ctx.session, ctx.actor, ticket_id, item_id) else 0)
