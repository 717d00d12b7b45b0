"""TicketGet / TicketGetList (spec §5.4): one or more tickets, optionally with their dynamic
fields, articles and attachments.

Keys appear as in ``TicketGet.pm``: ``DynamicField`` only when ticket fields are defined,
``Article`` only when the ticket has articles the caller may see, ``Attachment`` only on
articles that have attachments."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from polydesk.customfields.service import fields_for_type, ticket_values
from polydesk.dialects._kit.hostile import MAX_INT64, bounded_int, row_id
from polydesk.dialects.znuny.auth import Caller
from polydesk.dialects.znuny.context import Context
from polydesk.dialects.znuny.errors import OperationError
from polydesk.dialects.znuny.ops.common import (
    caller_or_fail,
    ticket_attachments,
    ticket_comments,
    ticket_ids,
)
from polydesk.dialects.znuny.ops.ticket_extended import extended
from polydesk.dialects.znuny.render import (
    Lookups,
    article_data,
    attachment_data,
    dynamic_fields,
    ticket_data,
)
from polydesk.dialects.znuny.values import as_list, scalar_text, text, truthy
from polydesk.models.comments import Comment
from polydesk.models.tickets import Ticket
from polydesk.tickets.service import get_ticket
from polydesk.timetracking.service import entries_by_comment

OP = "TicketGet"
#: Tickets per request (Znuny has no limit); more is answered as a wrong structure.
MAX_TICKETS = 200


def run(ctx: Context, data: Any) -> dict[str, Any]:
    data = data if isinstance(data, dict) else {}
    caller = caller_or_fail(ctx, data, f"{OP}.AuthFail", f"{OP}: Authorization failing!")
    given = data.get("TicketID")
    if not isinstance(given, list | dict) and not truthy(given):
        raise OperationError(f"{OP}.MissingParameter", f"{OP}: TicketID parameter is missing!")
    ids = ticket_ids(given)
    if not ids or len(ids) > MAX_TICKETS:
        raise OperationError(
            f"{OP}.WrongStructure", f"{OP}: Structure for TicketID is not correct!"
        )
    tickets = [_readable(ctx, caller, ident) for ident in ids]
    lookups = Lookups.load(ctx.session, caller.actor, tickets)
    return {"Ticket": [full_ticket(ctx, caller, ticket, lookups, data) for ticket in tickets]}


def _readable(ctx: Context, caller: Caller, ident: str) -> Ticket:
    ticket = get_ticket(ctx.session, caller.actor, row_id(ident))
    if ticket is None:
        raise OperationError(
            f"{OP}.AccessDenied", f"{OP}: User does not have access to the ticket!"
        )
    return ticket


def full_ticket(
    ctx: Context, caller: Caller, ticket: Ticket, lookups: Lookups, options: Any
) -> dict[str, Any]:
    """The ticket with what the options ask for (IncludeTicketData reuses it)."""
    data = ticket_data(ticket, lookups)
    if truthy(options.get("DynamicFields")):
        defined = fields_for_type(ctx.session, ticket.type_id)
        values = ticket_values(ctx.session, caller.actor, ticket.id)
        entries = dynamic_fields(defined, values)
        if entries:
            data["DynamicField"] = entries
    if truthy(options.get("AllArticles")):
        articles = _articles(ctx, caller, ticket, lookups, options)
        if articles:
            data["Article"] = articles
    if truthy(options.get("Extended")):
        data.update(extended(ctx, caller.actor, ticket, lookups))
    return data


def _articles(
    ctx: Context, caller: Caller, ticket: Ticket, lookups: Lookups, options: Any
) -> list[dict[str, Any]]:
    """Oldest first; ``ArticleSenderType`` filters, ``ArticleLimit`` keeps the first N after
    ``ArticleOrder`` (DESC reverses)."""
    numbered = list(enumerate(ticket_comments(ctx.session, caller.actor, ticket.id), start=1))
    senders = {scalar_text(s) for s in as_list(options.get("ArticleSenderType"))} - {""}
    if senders:
        numbered = [(n, c) for n, c in numbered if c.sender_type.value in senders]
    if text(options, "ArticleOrder") == "DESC":
        numbered.reverse()
    limit = text(options, "ArticleLimit")
    wanted = bounded_int(limit, maximum=MAX_INT64)
    if wanted:
        numbered = numbered[:wanted]
    files = None
    if truthy(options.get("Attachments")):
        # Defaults to 1; a query ``=0`` arrives as "" and switches it off, as in Perl.
        given = options.get("GetAttachmentContents")
        files = _attachments(ctx, caller, ticket, with_content=given is None or truthy(given))
    return _render(ctx, caller, lookups, numbered, files)


def article_entries(
    ctx: Context, caller: Caller, ticket: Ticket, lookups: Lookups, comments: list[Comment]
) -> list[dict[str, Any]]:
    """Just these articles (those an operation wrote), with their attachments' contents."""
    wanted = {comment.id for comment in comments}
    every = ticket_comments(ctx.session, caller.actor, ticket.id)
    numbered = [(n, c) for n, c in enumerate(every, start=1) if c.id in wanted]
    files = _attachments(ctx, caller, ticket, with_content=True)
    return _render(ctx, caller, lookups, numbered, files)


def _render(
    ctx: Context,
    caller: Caller,
    lookups: Lookups,
    numbered: list[tuple[int, Comment]],
    files: dict[int, list[dict[str, Any]]] | None,
) -> list[dict[str, Any]]:
    times = entries_by_comment(ctx.session, caller.actor, [c.id for _, c in numbered])
    rendered = []
    for number, comment in numbered:
        seconds = sum(entry.duration_seconds for entry in times.get(comment.id, []))
        article = article_data(comment, number, seconds, lookups.users)
        if files is not None and files.get(comment.id):
            article["Attachment"] = files[comment.id]
        rendered.append(article)
    return rendered


def _attachments(
    ctx: Context, caller: Caller, ticket: Ticket, *, with_content: bool
) -> dict[int, list[dict[str, Any]]]:
    grouped: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for attachment in ticket_attachments(ctx.session, caller.actor, ticket.id):
        if attachment.comment_id is None:
            continue
        files = grouped[attachment.comment_id]
        files.append(
            attachment_data(
                attachment, len(files) + 1, ctx.runtime.store, with_content=with_content
            )
        )
    return grouped
