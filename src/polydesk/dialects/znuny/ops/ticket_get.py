"""TicketGet / TicketGetList (spec §5.4): one or more tickets, optionally with their dynamic
fields, articles and attachments."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from polydesk.customfields.service import ticket_values
from polydesk.dialects.znuny.auth import Caller
from polydesk.dialects.znuny.context import Context
from polydesk.dialects.znuny.errors import OperationError
from polydesk.dialects.znuny.ops.common import (
    caller_or_fail,
    ticket_attachments,
    ticket_comments,
    ticket_ids,
)
from polydesk.dialects.znuny.render import (
    Lookups,
    article_data,
    attachment_data,
    dynamic_fields,
    ticket_data,
)
from polydesk.dialects.znuny.values import as_list, scalar_text, text, truthy
from polydesk.models.tickets import Ticket
from polydesk.tickets.service import get_ticket
from polydesk.timetracking.service import entries_by_comment

#: Tickets per request (Znuny has no limit); more is answered as a wrong structure.
MAX_TICKETS = 200


def run(ctx: Context, data: Any) -> dict[str, Any]:
    caller = caller_or_fail(ctx, data, "TicketGet.AuthFail", "TicketGet: Authorization failing!")
    if not text(data, "TicketID") and not isinstance(data.get("TicketID"), list):
        raise OperationError(
            "TicketGet.MissingParameter", "TicketGet: TicketID parameter is missing!"
        )
    ids = ticket_ids(data.get("TicketID"))
    if not ids or len(ids) > MAX_TICKETS:
        raise OperationError(
            "TicketGet.WrongStructure", "TicketGet: Structure for TicketID is not correct!"
        )
    tickets = [_readable(ctx, caller, ident) for ident in ids]
    lookups = Lookups.load(ctx.session, tickets)
    return {"Ticket": [full_ticket(ctx, caller, ticket, lookups, data) for ticket in tickets]}


def _readable(ctx: Context, caller: Caller, ident: str) -> Ticket:
    ticket = get_ticket(ctx.session, caller.actor, int(ident)) if ident.isdigit() else None
    if ticket is None:
        raise OperationError(
            "TicketGet.AccessDenied", "TicketGet: User does not have access to the ticket!"
        )
    return ticket


def full_ticket(
    ctx: Context, caller: Caller, ticket: Ticket, lookups: Lookups, options: Any
) -> dict[str, Any]:
    """The ticket with what the options ask for (TicketCreate's IncludeTicketData reuses it)."""
    data = ticket_data(ticket, lookups)
    if truthy(options.get("DynamicFields")):
        values = ticket_values(ctx.session, caller.actor, ticket.id)
        data["DynamicField"] = dynamic_fields(ctx.session, values)
    if truthy(options.get("AllArticles")):
        data["Article"] = articles(ctx, caller, ticket, lookups, options)
    return data


def articles(
    ctx: Context, caller: Caller, ticket: Ticket, lookups: Lookups, options: Any
) -> list[dict[str, Any]]:
    comments = ticket_comments(ctx.session, caller.actor, ticket.id)
    numbered = list(enumerate(comments, start=1))
    senders = {scalar_text(s) for s in as_list(options.get("ArticleSenderType"))} - {""}
    if senders:
        numbered = [(n, c) for n, c in numbered if c.sender_type.value in senders]
    if text(options, "ArticleOrder").upper() == "DESC":
        numbered.reverse()
    limit = text(options, "ArticleLimit")
    if limit.isdigit() and int(limit) > 0:
        numbered = numbered[: int(limit)]
    times = entries_by_comment(ctx.session, [c.id for _, c in numbered])
    files = _attachments_by_comment(ctx, caller, ticket, options)
    rendered = []
    for number, comment in numbered:
        seconds = sum(entry.duration_seconds for entry in times.get(comment.id, []))
        article = article_data(comment, number, seconds, lookups.users)
        if files is not None:
            article["Attachment"] = files.get(comment.id, [])
        rendered.append(article)
    return rendered


def _attachments_by_comment(
    ctx: Context, caller: Caller, ticket: Ticket, options: Any
) -> dict[int, list[dict[str, Any]]] | None:
    if not truthy(options.get("Attachments")):
        return None
    # Defaults to 1; a query ``=0`` arrives as "" and switches it off, as in Perl.
    with_content = "GetAttachmentContents" not in options or truthy(
        options["GetAttachmentContents"]
    )
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
