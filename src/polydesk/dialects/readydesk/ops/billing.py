"""Billing: ``get_line_items``, ``add_line_item``, ``update_line_item`` and ``get_invoices``.

Line items are the core's billing lines (``billing.line_items``): ``cost`` is the unit price
and ``duration`` the quantity (spec B.4: "also used as quantity"), ``time_unit`` one of
``Minutes``, ``Hours``, ``Days`` exactly (case-sensitive, as the product). ``uid`` is a
technician's login, ``cid`` a customer's. ``start_tid``/``end_tid`` bound line-item ids and,
for invoices, invoice ids (the product reuses the names). Output variables were not
retrieved for either list; ours are listed in SPEC.md ("Back office").
"""

from __future__ import annotations

from datetime import date, datetime
from functools import partial
from typing import Any

from polydesk.billing.invoice_list import InvoiceFilter, InvoiceSort, InvoiceView, list_invoices
from polydesk.billing.line_items import (
    LineItemCreate,
    LineItemFilter,
    LineItemSort,
    LineItemUpdate,
    LineItemView,
    add_line_item,
    list_line_items,
    update_line_item,
)
from polydesk.dialects.readydesk.context import Context
from polydesk.dialects.readydesk.errors import invalid
from polydesk.dialects.readydesk.listing import core_page, list_request, page_reply
from polydesk.dialects.readydesk.params import Params, to_int
from polydesk.dialects.readydesk.registry import Action
from polydesk.dialects.readydesk.wire import Field, Item, Reply, answer
from polydesk.models.billing import TimeUnit

TIME_UNITS = {"Minutes": TimeUnit.MINUTES, "Hours": TimeUnit.HOURS, "Days": TimeUnit.DAYS}
UNIT_NAMES = {unit: name for name, unit in TIME_UNITS.items()}
INVOICE_STATUS = {"pending": "Pending", "paid": "Paid", "canceled": "Canceled"}

LINE_ORDER: dict[str, LineItemSort] = {
    "ID": "id", "TID": "ticket_id", "DATE": "occurred_at", "DATE_ADDED": "created_at",
    "TITLE": "title", "COST": "cost", "DURATION": "quantity",
}  # fmt: skip
INVOICE_ORDER: dict[str, InvoiceSort] = {
    "ID": "id", "INVOICE_NUMBER": "number", "DATE": "issued_on", "DUE_DATE": "due_on",
    "STATUS": "status", "DATE_ADDED": "created_at",
}  # fmt: skip


# --- line items ----------------------------------------------------------------------------------


def get_line_items(ctx: Context) -> Reply:
    params = ctx.params
    request = list_request(params, id_vars=("id", "tid"), columns=LINE_ORDER)
    window = params.window()
    filters = LineItemFilter(
        ids=params.id_list("id"),
        ticket_ids=params.id_list("tid"),
        user_logins=params.text_list("uid"),
        customer_logins=params.text_list("cid"),
        keyword=params.text("keyword") or None,
        id_from=params.integer("start_tid"),
        id_to=params.integer("end_tid"),
        customer_range=params.text_range("start_cid", "end_cid"),
        occurred_after=window.after if window else None,
        occurred_before=window.before if window else None,
        sort=request.order or "id",
        descending=request.descending,
    )
    found = list_line_items(ctx.session, ctx.actor, filters, core_page(request))
    return page_reply(request, found, ("line_items", "line_item"), partial(_line_record, ctx))


def _line_record(ctx: Context, view: LineItemView) -> list[Item]:
    line = view.line
    return [
        Field("id", str(line.id)),
        Field("tid", str(line.ticket_id or 0)),
        Field("uid", view.user_login or "", encoded=True),
        Field("cid", view.customer_login or "", encoded=True),
        Field("cost", f"{line.unit_price:.2f}"),
        Field("date", ctx.date(line.occurred_at)),
        Field("title", line.description, encoded=True),
        Field("category", line.category, encoded=True),
        Field("duration", number(line.quantity)),
        Field("time_unit", UNIT_NAMES.get(line.time_unit, "") if line.time_unit else ""),
        Field("total", f"{line.unit_price * line.quantity:.2f}"),
        Field("notes", line.notes, encoded=True),
        Field("invoice_id", str(line.invoice_id or 0)),
        Field("date_added", ctx.date(line.created_at)),
    ]


def add_line_item_action(ctx: Context) -> Reply:
    values = _line_values(ctx.params, adding=True)
    line = add_line_item(ctx.session, ctx.actor, LineItemCreate(**values))
    return answer("added_line_item", line.id)


def update_line_item_action(ctx: Context) -> Reply:
    line_id = to_int("id", ctx.params.required("id"))
    values = _line_values(ctx.params, adding=False)
    line = update_line_item(ctx.session, ctx.actor, line_id, LineItemUpdate(**values))
    return answer("updated_line_item", line.id)


def _line_values(params: Params, *, adding: bool) -> dict[str, Any]:
    """The variables supplied, as core fields. On update an empty ``tid``/``uid``/``cid``/
    ``date``/``time_unit`` (or ``tid=0``) clears it; on add an empty variable is not given."""
    values: dict[str, Any] = {}
    for variable in ("uid", "tid", "cid", "cost", "date", "title", "category", "duration"):
        raw = params.raw(variable)
        if raw is None or (adding and not raw.strip()):
            continue
        values.update(_line_value(params, variable, raw.strip()))
    for variable, target in (("notes", "notes"), ("time_unit", "time_unit")):
        raw = params.raw(variable)
        if raw is not None and (raw.strip() or not adding):
            values[target] = raw if variable == "notes" else _time_unit(raw.strip())
    return values


def _line_value(params: Params, variable: str, text: str) -> dict[str, Any]:
    if variable == "uid":
        return {"user_login": text or None}
    if variable == "cid":
        return {"customer_login": text or None}
    if variable == "tid":
        return {"ticket_id": to_int("tid", text) if text not in ("", "0") else None}
    if variable == "date":
        return {"occurred_at": params.date("date")}
    if variable == "duration":
        return {"quantity": decimal_number("duration", text)}
    if variable == "cost":
        return {"cost": text}  # the core parses it: two decimals at most
    return {variable: text}  # title, category


def _time_unit(text: str) -> TimeUnit | None:
    if not text:
        return None
    if text not in TIME_UNITS:
        raise invalid("time_unit", "use Minutes, Hours or Days")
    return TIME_UNITS[text]


# --- invoices ------------------------------------------------------------------------------------


def get_invoices(ctx: Context) -> Reply:
    params = ctx.params
    params.required("cid")
    request = list_request(params, id_vars=("id", "cid"), columns=INVOICE_ORDER)
    window = params.window()
    filters = InvoiceFilter(
        ids=params.id_list("id"),
        customer_logins=params.text_list("cid"),
        id_from=params.integer("start_tid"),
        id_to=params.integer("end_tid"),
        customer_range=params.text_range("start_cid", "end_cid"),
        issued_from=_local_day(ctx, window.after if window else None),
        issued_to=_local_day(ctx, window.before if window else None),
        sort=request.order or "id",
        descending=request.descending,
    )
    found = list_invoices(ctx.session, ctx.actor, filters, core_page(request))
    return page_reply(request, found, ("invoices", "invoice"), partial(_invoice_record, ctx))


def _invoice_record(ctx: Context, view: InvoiceView) -> list[Item]:
    invoice = view.invoice
    return [
        Field("id", str(invoice.id)),
        Field("invoice_number", invoice.number, encoded=True),
        Field("cid", view.customer_login or "", encoded=True),
        Field("company_id", str(invoice.company_id or 0)),
        Field("company_name", view.company_name or "", encoded=True),
        Field("tid", str(invoice.ticket_id or 0)),
        Field("date", _day(ctx, invoice.issued_on)),
        Field("due_date", _day(ctx, invoice.due_on)),
        Field("status", INVOICE_STATUS.get(invoice.status, invoice.status)),
        Field("paid", "Y" if invoice.status == "paid" else "N"),
        Field("date_paid", _day(ctx, invoice.paid_on)),
        Field("line_items", str(view.line_count)),
        Field("subtotal", f"{view.subtotal:.2f}"),
        Field("tax_rate", number(invoice.tax_rate or 0)),
        Field("total", f"{view.total:.2f}"),
        Field("currency", invoice.currency),
        Field("description", invoice.description, encoded=True),
    ]


def _day(ctx: Context, day: date | None) -> str:
    """A calendar day as the product prints a DateTime at midnight (``4/24/2014 12:00:00 AM``)."""
    if day is None:
        return ""
    return ctx.date(datetime(day.year, day.month, day.day, tzinfo=ctx.zone))


def _local_day(ctx: Context, moment: datetime | None) -> date | None:
    return moment.astimezone(ctx.zone).date() if moment is not None else None


# --- shared by the back-office actions -----------------------------------------------------------


def number(value: float) -> str:
    """``1.5``, ``2``: up to four decimals, without trailing zeros."""
    return f"{value:.4f}".rstrip("0").rstrip(".")


def decimal_number(name: str, text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise invalid(name, f"{text!r} is not a number") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise invalid(name, f"{text!r} is not a number")
    return value


ACTIONS: dict[str, Action] = {
    "get_line_items": get_line_items,
    "add_line_item": add_line_item_action,
    "update_line_item": update_line_item_action,
    "get_invoices": get_invoices,
}
