"""TicketUpdate (spec §5.3): change ticket fields, add articles, dynamic fields and
attachments; every check runs before anything is written."""

from __future__ import annotations

from typing import Any

from polydesk.authz.tickets import can_change
from polydesk.core.pagination import PageRequest
from polydesk.dialects.znuny.auth import Caller
from polydesk.dialects.znuny.context import Context
from polydesk.dialects.znuny.errors import OperationError
from polydesk.dialects.znuny.ops.article import PartsReader
from polydesk.dialects.znuny.ops.common import caller_or_fail, require_credentials
from polydesk.dialects.znuny.ops.ticket_create import lock_values
from polydesk.dialects.znuny.ops.ticket_fields import TicketPlan, TicketReader
from polydesk.dialects.znuny.ops.ticket_get import full_ticket
from polydesk.dialects.znuny.ops.writing import article_list, write_article, write_fields
from polydesk.dialects.znuny.render import Lookups
from polydesk.dialects.znuny.values import text
from polydesk.models.tickets import Ticket
from polydesk.tickets.schemas import TicketFilter, TicketUpdate
from polydesk.tickets.service import get_ticket, list_tickets, update_ticket

OP = "TicketUpdate"
#: The attribute checks of ``_CheckUpdatePermissions``, in its order, with its messages.
GUARDED = (
    ("helpdesk_id", "queue"),
    ("owner_id", "owner"),
    ("responsible_id", "responsibe"),
    ("priority_id", "priority"),
    ("status_id", "state"),
)
_INCLUDED = {"DynamicFields": 1, "AllArticles": 1, "Attachments": 1}


def run(ctx: Context, data: Any) -> dict[str, Any]:
    if not isinstance(data, dict) or not set(data) - {"RequestMethod"}:
        raise OperationError(f"{OP}.EmptyRequest", f"{OP}: The request data is invalid!")
    if not text(data, "TicketID") and not text(data, "TicketNumber"):
        raise _missing("TicketID or TicketNumber is required!")
    require_credentials(data, OP)
    caller = caller_or_fail(ctx, data, f"{OP}.AuthFail", f"{OP}: User could not be authenticated!")
    ticket = _ticket(ctx, caller, data)
    plan = _ticket_plan(ctx, data)
    _check_permissions(caller, ticket, plan)
    given_articles = _articles(data)
    parts = PartsReader(ctx.session, OP, is_customer=not caller.is_agent, spaced=False)
    articles = [parts.article(article) for article in given_articles]
    fields = parts.dynamic_fields(data["DynamicField"]) if "DynamicField" in data else {}
    files = parts.attachments(data["Attachment"]) if "Attachment" in data else []
    if files and not articles:
        raise _missing("To create an attachment an article is needed!")
    if plan.values:
        ticket = update_ticket(ctx.session, caller.actor, ticket.id, TicketUpdate(**plan.values))
    comments = [
        write_article(ctx, caller, ticket, article, files if index == 0 else [])
        for index, article in enumerate(articles)
    ]
    write_fields(ctx, caller, ticket, fields, OP)
    answer: dict[str, Any] = {"TicketID": data.get("TicketID") or str(ticket.id)}
    answer["TicketNumber"] = ticket.number
    if len(comments) == 1:
        answer["ArticleID"] = str(comments[0].id)
    elif comments:
        answer["ArticleIDs"] = [str(comment.id) for comment in comments]
    if ctx.config.include_ticket_data:
        lookups = Lookups.load(ctx.session, [ticket])
        answer["Ticket"] = full_ticket(ctx, caller, ticket, lookups, _INCLUDED)
    return answer


def _missing(message: str) -> OperationError:
    return OperationError(f"{OP}.MissingParameter", f"{OP}: {message}")


def _denied(message: str = "User does not have access to the ticket!") -> OperationError:
    return OperationError(f"{OP}.AccessDenied", f"{OP}: {message}")


def _ticket(ctx: Context, caller: Caller, data: dict[str, Any]) -> Ticket:
    """By TicketID, else by TicketNumber; an unknown ticket is answered as no access."""
    ident = text(data, "TicketID")
    if ident:
        ticket = get_ticket(ctx.session, caller.actor, int(ident)) if ident.isdigit() else None
    else:
        number = TicketFilter(number=text(data, "TicketNumber"))
        found = list_tickets(ctx.session, caller.actor, number, PageRequest(limit=1)).items
        ticket = found[0] if found else None
    if ticket is None:
        raise _denied()
    return ticket


def _ticket_plan(ctx: Context, data: dict[str, Any]) -> TicketPlan:
    given = data.get("Ticket")
    if given is None or given == "":
        return TicketPlan()
    if not isinstance(given, dict):
        raise OperationError(f"{OP}.InvalidParameter", f"{OP}: Ticket parameter is not valid!")
    plan = TicketReader(ctx.session, OP, given, required=False).read()
    if plan.state_type.startswith("pending"):
        if not plan.has_pending_time:
            raise _missing("Can't set a ticket on a pending state without pendig time!")
        plan.values["pending_until"] = plan.pending_until
    if plan.lock or plan.state_type in ("closed", "removed", "merged"):
        locking = lock_values(plan, owner_given=False)
        plan.extra.update(locking.pop("extra", {"znuny.lock": None}))
        plan.values.update(locking)
    if plan.extra:
        plan.values["extra"] = plan.extra
    return plan


def _check_permissions(caller: Caller, ticket: Ticket, plan: TicketPlan) -> None:
    if not plan.values or can_change(caller.actor, ticket):
        return
    for key, name in GUARDED:
        if key in plan.values:
            raise _denied(f"Does not have permissions to update {name}!")
    raise _denied()


def _articles(data: dict[str, Any]) -> list[dict[str, Any]]:
    if "Article" not in data or data["Article"] in (None, ""):
        return []
    articles = article_list(data["Article"])
    if articles is None:
        raise OperationError(f"{OP}.InvalidParameter", f"{OP}: Article parameter is not valid!")
    return articles
