"""What hangs off a ticket: workunits, files, tracking, inventory (spec §3.7-3.12, §3.24,
§3.33)."""

from __future__ import annotations

import base64
import binascii
import re

from polydesk.attachments.service import (
    add_attachment,
    delete_attachment,
    find_ticket_attachment,
    list_attachments,
    read_content,
    require_attachment,
)
from polydesk.comments.service import list_comments
from polydesk.core.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from polydesk.core.pagination import PageRequest
from polydesk.dialects.integria import writers
from polydesk.dialects.integria.context import Context
from polydesk.dialects.integria.ops.registry import op
from polydesk.dialects.integria.replies import EMPTY, Refused, Reply, raw, scalar
from polydesk.dialects.integria.request import Params
from polydesk.dialects.integria.rows import (
    Lookups,
    attachment_row,
    inventory_row,
    workunit_row,
)
from polydesk.dialects.integria.tracking import tracking_rows
from polydesk.history.service import list_events
from polydesk.inventory.service import ticket_items
from polydesk.models.comments import Comment
from polydesk.tickets.service import get_ticket, require_ticket
from polydesk.timetracking.service import WorkLog, entries_by_comment, log_work

PART_LIMIT = 5000  # the product lists everything; this caps one answer
_HOURS = re.compile(r"\s*\d+(\.\d+)?\s*")


def _ticket_id(ctx: Context, params: Params) -> int:
    """The ticket named by the whole ``params``; an invisible one ends the call silently."""
    ticket = get_ticket(ctx.session, ctx.actor, writers.mysql_int(params.whole))
    if ticket is None:
        raise Refused(EMPTY)
    return ticket.id


@op("get_incident_workunits")
def get_incident_workunits(ctx: Context, params: Params) -> Reply:
    ticket_id = _ticket_id(ctx, params)
    page = list_comments(ctx.session, ctx.actor, ticket_id, PageRequest(limit=PART_LIMIT))
    comments = sorted(page.items, key=lambda comment: comment.id, reverse=True)
    entries = entries_by_comment(ctx.session, ctx.actor, (c.id for c in comments))
    look = Lookups.load(ctx.session, ctx.zone)
    look.add_users(comment.author_id for comment in comments)
    rows = []
    for comment in comments:
        mine = entries.get(comment.id, [])
        flags: dict[str, int] = {
            "billable": any(entry.is_billable for entry in mine),
            "remote": any(entry.is_remote for entry in mine),
            "profile": next((int(e.category) for e in mine if e.category.isdigit()), 0),
        }
        seconds = sum(entry.duration_seconds for entry in mine)
        rows.append(workunit_row(comment, seconds, flags, look, comma=ctx.change_comma))
    if not rows:
        return EMPTY
    return Reply(csv=lambda: writers.csv_rows(rows), xml=lambda: writers.xml_list(rows, "workunit"))


def _duration_seconds(text: str) -> int:
    if not text:
        return 0
    if not _HOURS.fullmatch(text):
        raise ValidationFailed("workunit.invalid_duration", f"not a number of hours: {text}")
    return round(float(text) * 3600)


def _flag(text: str, default: bool) -> bool:
    return default if text == "" else writers.php_int(text) != 0


def _has_description(ctx: Context, ticket_id: int, description: str) -> bool:
    page = list_comments(ctx.session, ctx.actor, ticket_id, PageRequest(limit=PART_LIMIT))
    return any(comment.body == description for comment in page.items)


@op("create_workunit")
def create_workunit(ctx: Context, params: Params) -> Reply:
    ticket_id = writers.php_int(params.get(0))
    if get_ticket(ctx.session, ctx.actor, ticket_id) is None:
        return EMPTY
    description = params.text(1)
    if _has_description(ctx, ticket_id, description):
        return raw(0)  # the product's duplicate guard, printed before any formatting
    comment: Comment = log_work(
        ctx.session,
        ctx.actor,
        ticket_id,
        WorkLog(
            description=description or " ",
            duration_seconds=_duration_seconds(params.get(2)),
            is_billable=_flag(params.get(3), False),
            is_public=_flag(params.get(4), True),
            category=str(writers.php_int(params.get(5))),
        ),
    )
    return scalar(comment.id)


@op("get_incident_files")
def get_incident_files(ctx: Context, params: Params) -> Reply:
    ticket_id = _ticket_id(ctx, params)
    page = list_attachments(ctx.session, ctx.actor, ticket_id, PageRequest(limit=PART_LIMIT))
    look = Lookups.load(ctx.session, ctx.zone)
    look.add_users(attachment.uploaded_by_id for attachment in page.items)
    rows = [attachment_row(attachment, look) for attachment in page.items]
    return Reply(csv=lambda: writers.csv_rows(rows), xml=lambda: writers.xml_list(rows, "file"))


@op("download_file")
def download_file(ctx: Context, params: Params) -> Reply:
    attachment = require_attachment(ctx.session, ctx.actor, writers.mysql_int(params.whole))
    try:
        data = read_content(ctx.store, attachment)
    except FileNotFoundError:
        return scalar("")
    return scalar(base64.b64encode(data).decode("ascii"))


def _decode_base64(text: str) -> bytes:
    # A '+' sent without percent-encoding arrives as a space; the product turns it back.
    cleaned = re.sub(r"\s", "", text.replace(" ", "+"))
    try:
        return base64.b64decode(cleaned, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValidationFailed("attachment.invalid_base64", "file content is not base64") from exc


@op("attach_file", failure=scalar(-1))
def attach_file(ctx: Context, params: Params) -> Reply:
    ticket_id = writers.php_int(params.get(0))
    if get_ticket(ctx.session, ctx.actor, ticket_id) is None:
        return EMPTY
    filename = params.get(1)
    if find_ticket_attachment(ctx.session, ctx.actor, ticket_id, filename) is not None:
        return raw(0)  # duplicate guard: same name on the same ticket
    data = _decode_base64(params.get(4))
    add_attachment(
        ctx.session,
        ctx.actor,
        ctx.store,
        ticket_id=ticket_id,
        filename=filename,
        data=data,
        max_bytes=ctx.max_upload_bytes,
        description=params.get(3),
        declared_size=writers.php_int(params.get(2)),
    )
    return scalar(0)


def _delete_file_failure(error: DomainError) -> Reply:
    return scalar(-1) if isinstance(error, PermissionDenied) else scalar(-2)


@op("delete_file", failure=_delete_file_failure)
def delete_file(ctx: Context, params: Params) -> Reply:
    attachment_id = writers.mysql_int(params.whole)
    try:
        delete_attachment(ctx.session, ctx.actor, attachment_id)
    except NotFound:
        raise Refused(scalar(-2)) from None
    return scalar(0)


@op("get_incident_tracking")
def get_incident_tracking(ctx: Context, params: Params) -> Reply:
    ticket_id = _ticket_id(ctx, params)
    events = list_events(ctx.session, ctx.actor, ticket_id, PageRequest(limit=PART_LIMIT)).items
    look = Lookups.load(ctx.session, ctx.zone)
    rows = tracking_rows(ctx.session, ctx.actor, ticket_id, events, look)
    if not rows:
        return EMPTY
    return Reply(csv=lambda: writers.csv_rows(rows), xml=lambda: writers.xml_list(rows, "tracking"))


@op("get_incident_inventories")
def get_incident_inventories(ctx: Context, params: Params) -> Reply:
    ticket = require_ticket(ctx.session, ctx.actor, writers.php_int(params.get(0)))
    items = ticket_items(ctx.session, ctx.actor, ticket.id)
    look = Lookups.load(ctx.session, ctx.zone)
    look.add_users(item.owner_id for item in items)
    rows = [inventory_row(item, look) for item in items]
    return Reply(
        csv=lambda: writers.csv_rows(rows), xml=lambda: writers.xml_records(rows, "inventory")
    )
