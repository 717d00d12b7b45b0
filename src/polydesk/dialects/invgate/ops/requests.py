"""``/incident``: create (POST), read (GET) and change (PUT) one request. A create is one
``flows.opening.open_ticket`` call (the request, its files and its links), a change one
``flows.changing.change_ticket`` call (the fields and files).

Decisions where the seed is silent:
- ``creator_id`` is who creates (see ``Context.acting_as``); ``customer_id`` is the requester.
  A customer creating for themselves may not name another customer.
- Files come as multipart parts ``attachments[]`` and are attached in the same transaction;
  ``attachments`` sent as plain values (ids) are refused, as there is nothing to point at.
- ``related_to[]`` links the new request to those requests (``tickets.links``), in the same
  transaction: an unknown or unreadable id refuses the whole creation.
- ``reassignment=1`` re-runs routing and assignment on the request once its new properties
  are written (``routing.reroute.reroute_ticket``), in the same transaction.
- Descriptions are stored as HTML (``text/html``), as InvGate writes them.
"""

from __future__ import annotations

from typing import Any

from polydesk.core.errors import PermissionDenied
from polydesk.dialects.invgate.context import Context
from polydesk.dialects.invgate.errors import bad_parameter
from polydesk.dialects.invgate.mapping import API_SOURCE, Codes
from polydesk.dialects.invgate.ops.rows import request_rows, view_for
from polydesk.dialects.invgate.params import Params
from polydesk.dialects.invgate.render import ok
from polydesk.flows.changing import change_ticket
from polydesk.flows.commands import ChangeTicket, FileUpload, OpenTicket
from polydesk.flows.opening import open_ticket
from polydesk.routing.reroute import reroute_ticket
from polydesk.tickets.schemas import TicketCreate, TicketUpdate
from polydesk.tickets.service import require_ticket

_CODED = (("priority_id", "priority"), ("type_id", "type"), ("source_id", "source"))
_CUSTOMER_FORBIDDEN = ("requester_id", "source_id")


def create_request(ctx: Context, params: Params) -> dict[str, Any]:
    creator = ctx.acting_as(params.required_integer("creator_id"))
    related = params.integers("related_to") or []
    codes = Codes(ctx.session)
    values = _ticket_values(params, codes)
    values.setdefault("source_id", codes.core_id("source", API_SOURCE, "source_id"))
    if creator.is_customer:
        if values.get("requester_id") != creator.user_id:
            raise PermissionDenied(
                "ticket.field_not_allowed", "customers open requests for themselves"
            )
        for name in _CUSTOMER_FORBIDDEN:
            values.pop(name, None)
    command = OpenTicket(
        ticket=TicketCreate(**values), files=files_sent(params), linked_ticket_ids=related
    )
    opened = open_ticket(ctx.session, creator, ctx.resources, command)
    return ok("Request created", request_id=opened.ticket.id)


def get_request(ctx: Context, params: Params) -> dict[str, Any]:
    ticket = require_ticket(ctx.session, ctx.actor, params.required_integer("id"))
    view = view_for(
        ctx,
        params,
        decoded=bool(params.flag("decoded_special_characters")),
        with_comments=bool(params.flag("comments")),
        reason_as_text=True,
    )
    return request_rows(ctx, [ticket], view)[0]


def update_request(ctx: Context, params: Params) -> dict[str, Any]:
    ticket_id = params.required_integer("id")
    view = view_for(ctx, params, reason_as_text=True, for_update=True)
    values = _ticket_values(params, Codes(ctx.session))
    command = ChangeTicket(fields=[TicketUpdate(**values)], files=files_sent(params))
    ticket = change_ticket(ctx.session, ctx.actor, ctx.resources, ticket_id, command).ticket
    if params.flag("reassignment"):
        ticket = reroute_ticket(ctx.session, ctx.actor, ticket_id)
    return request_rows(ctx, [ticket], view)[0]


def files_sent(params: Params) -> list[FileUpload]:
    """The multipart ``attachments[]`` files of a request, a reply or a change."""
    if params.php.has("attachments"):
        raise bad_parameter("attachments must be sent as files (multipart attachments[])")
    return [
        FileUpload(upload.filename, upload.data, upload.content_type)
        for upload in params.uploads("attachments")
    ]


def _ticket_values(params: Params, codes: Codes) -> dict[str, Any]:
    """The core fields the parameters set (only those sent), codes translated."""
    values: dict[str, Any] = {}
    for name, kind in _CODED:
        code = params.integer(name)
        if code is not None:
            values[name] = codes.core_id(kind, code, name)
    for name, field in (("category_id", "category_id"), ("location_id", "location_id")):
        ident = params.integer(name)
        if ident is not None:
            values[field] = ident
    customer = params.integer("customer_id")
    if customer is not None:
        values["requester_id"] = customer
    occurred = params.epoch("date")
    if occurred is not None:
        values["occurred_at"] = occurred
    title = params.text("title")
    if title is not None:
        values["title"] = title
    description = params.text("description")
    if description is not None:
        values["description"] = description
        values["description_mime_type"] = "text/html"
    return values
