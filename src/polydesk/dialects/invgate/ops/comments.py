"""``/incident.comment``: add a reply (POST, one ``flows.articles.post_article`` call: the
comment and its files) and list a request's replies (GET).

Decisions: ``customer_visible`` defaults to 1 (public); files come as multipart
``attachments[]`` and belong to the new comment; ``is_propagation`` (default 0) is kept as the
comment's mark (``comments.is_propagation``, shown by the native API; InvGate's comment has no
such output field). What a comment does to the
request's life cycle (a solution, the customer's reply ending a wait) is the core's business.
``GET`` lists at most ``MAX_PARTS`` comments (oldest first), the customer's own view for
customers; ``msg_num`` counts the comments the caller may see."""

from __future__ import annotations

from typing import Any

from polydesk.comments.schemas import CommentCreate
from polydesk.dialects.invgate.context import Context
from polydesk.dialects.invgate.ops.requests import files_sent
from polydesk.dialects.invgate.ops.rows import comment_rows, load_parts, view_for
from polydesk.dialects.invgate.params import Params
from polydesk.dialects.invgate.render import ok
from polydesk.flows.articles import post_article
from polydesk.flows.commands import ArticleDraft
from polydesk.models.comments import Channel
from polydesk.tickets.service import require_ticket


def add_comment(ctx: Context, params: Params) -> dict[str, Any]:
    author = ctx.acting_as(params.required_integer("author_id"))
    ticket_id = params.required_integer("request_id")
    command = CommentCreate(
        body=params.required_text("comment"),
        is_public=flag_or(params, "customer_visible", True),
        is_solution=flag_or(params, "is_solution", False),
        is_propagation=flag_or(params, "is_propagation", False),
        channel=Channel.API,
        mime_type="text/html",
    )
    draft = ArticleDraft(command, files=files_sent(params))
    comment = post_article(ctx.session, author, ctx.resources, ticket_id, draft)
    return ok("Comment added", id=comment.id)


def list_comments(ctx: Context, params: Params) -> list[dict[str, Any]]:
    ticket = require_ticket(ctx.session, ctx.actor, params.required_integer("request_id"))
    view = view_for(ctx, params, decoded=bool(params.flag("decoded_special_characters")))
    solution = params.flag("is_solution")
    parts = load_parts(ctx, [ticket], with_comments=True)
    rows = comment_rows(parts, parts.comments.get(ticket.id, []), view, embedded=False)
    if solution is None:
        return rows
    return [row for row in rows if row["is_solution"] is solution]


def flag_or(params: Params, name: str, default: bool) -> bool:
    value = params.flag(name)
    return default if value is None else value
