"""``get_history`` (the ticket's notes: comments, oldest first) and ``get_attachments``.

The ticket variables (tid, status, uid, group, cid, ranges...) select the tickets as in
``get_tickets``; ``keyword`` and ``start_date``/``end_date`` apply to the history entries.
The product's output variables for history were not retrieved (spec B.4): ours are
``id, tid, date, updated_by, updater_type, private, notes``. Attachments follow the doc:
``ticket_id, file_name, file_size`` (``32.21 kb``), ``file_date``."""

from __future__ import annotations

from typing import Any

from polydesk.dialects.readydesk.context import Context
from polydesk.dialects.readydesk.listing import core_page, list_request
from polydesk.dialects.readydesk.ops.ticket_rows import UPDATER_TYPES
from polydesk.dialects.readydesk.ops.tickets import TicketFilters
from polydesk.dialects.readydesk.registry import Action
from polydesk.dialects.readydesk.wire import Count, Field, Item, Listing, Reply
from polydesk.models.attachments import Attachment
from polydesk.models.comments import Comment
from polydesk.models.users import User
from polydesk.tickets.criteria import TicketCriteria
from polydesk.tickets.parts_search import PartQuery, count_parts, search_parts
from polydesk.users.service import users_by_ids

ORDER = {"ID": "id", "DATE": "date", "HISTORY_DATE": "date"}  # both: creation order


def get_history(ctx: Context) -> Reply:
    request = list_request(ctx.params, id_vars=("tid",), columns=ORDER)
    query = PartQuery(
        criteria=TicketCriteria(**TicketFilters(ctx, own_text_and_dates=False).criteria()),
        text=ctx.params.text("keyword") or None,
        window=ctx.params.window(),
        descending=request.descending,
        page=core_page(request),
    )
    if request.count_only:
        return Count(count_parts(ctx.session, ctx.actor, Comment, query))
    comments = search_parts(ctx.session, ctx.actor, Comment, query)
    authors = users_by_ids(ctx.session, [c.author_id for c in comments if c.author_id])
    records = [_history_record(ctx, comment, authors) for comment in comments]
    return Listing("history", "entry", records)


def _history_record(ctx: Context, comment: Comment, authors: dict[int, User]) -> list[Item]:
    author = authors.get(comment.author_id) if comment.author_id else None
    return [
        Field("id", str(comment.id)),
        Field("tid", str(comment.ticket_id)),
        Field("date", ctx.date(comment.created_at)),
        Field("updated_by", author.login if author else "", encoded=True),
        Field("updater_type", UPDATER_TYPES[author.role] if author else ""),
        Field("private", "N" if comment.is_public else "Y"),
        Field("notes", comment.body, encoded=True),
    ]


def get_attachments(ctx: Context) -> Reply:
    ctx.params.required("cid")
    request = list_request(ctx.params, id_vars=("tid",), columns={"ID": "id"})
    filters: dict[str, Any] = TicketFilters(ctx).criteria()
    query = PartQuery(criteria=TicketCriteria(**filters), page=core_page(request))
    if request.count_only:
        return Count(count_parts(ctx.session, ctx.actor, Attachment, query))
    files = search_parts(ctx.session, ctx.actor, Attachment, query)
    return Listing("attachments", "file", [_file_record(ctx, item) for item in files])


def _file_record(ctx: Context, item: Attachment) -> list[Item]:
    return [
        Field("ticket_id", str(item.ticket_id)),
        Field("file_name", item.filename, encoded=True),
        Field("file_size", f"{item.size / 1024:.2f} kb"),
        Field("file_date", ctx.date(item.created_at)),
    ]


ACTIONS: dict[str, Action] = {"get_history": get_history, "get_attachments": get_attachments}
