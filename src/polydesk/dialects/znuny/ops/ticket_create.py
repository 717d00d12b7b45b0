"""TicketCreate (spec §5.2): a ticket with its first article, dynamic fields and attachments,
checked in the product's order, written in one transaction."""

from __future__ import annotations

from typing import Any

from polydesk.authz.tickets import can_create_in
from polydesk.dialects.znuny.auth import Caller
from polydesk.dialects.znuny.context import Context
from polydesk.dialects.znuny.errors import OperationError
from polydesk.dialects.znuny.ops.article import ArticlePlan, FilePlan, PartsReader
from polydesk.dialects.znuny.ops.common import caller_or_fail, require_credentials
from polydesk.dialects.znuny.ops.ticket_fields import TicketPlan, TicketReader
from polydesk.dialects.znuny.ops.ticket_get import full_ticket
from polydesk.dialects.znuny.ops.writing import article_list, write_article, write_fields
from polydesk.dialects.znuny.render import Lookups
from polydesk.models.tickets import Ticket
from polydesk.tickets.schemas import TicketCreate
from polydesk.tickets.service import CUSTOMER_FIELDS, create_ticket

OP = "TicketCreate"
_INCLUDED = {"DynamicFields": 1, "AllArticles": 1, "Attachments": 1}


def run(ctx: Context, data: Any) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise OperationError(
            f"{OP}.MissingParameter", f"{OP}: Ticket parameter is missing or not valid!"
        )
    require_credentials(data, OP)
    caller = caller_or_fail(ctx, data, f"{OP}.AuthFail", f"{OP}: User could not be authenticated!")
    given_ticket, given_articles = data.get("Ticket"), article_list(data.get("Article"))
    if not isinstance(given_ticket, dict) or not given_ticket:
        raise OperationError(
            f"{OP}.MissingParameter", f"{OP}: Ticket parameter is missing or not valid!"
        )
    if given_articles is None:
        raise OperationError(
            f"{OP}.MissingParameter", f"{OP}: Article parameter is missing or not valid!"
        )
    plan = TicketReader(ctx.session, OP, given_ticket, required=True).read()
    if caller.is_agent and not can_create_in(caller.actor, plan.values.get("helpdesk_id")):
        raise OperationError(
            f"{OP}.AccessDenied", f"{OP}: Can not create tickets in given Queue or QueueID!"
        )
    parts = PartsReader(ctx.session, OP, is_customer=not caller.is_agent, spaced=True)
    articles = [parts.article(article) for article in given_articles]
    fields = parts.dynamic_fields(data["DynamicField"]) if "DynamicField" in data else {}
    files = parts.attachments(data["Attachment"]) if "Attachment" in data else []
    ticket = create_ticket(ctx.session, caller.actor, _command(caller, plan, articles[0]))
    comments = [
        write_article(ctx, caller, ticket, article, files if index == 0 else [], initial=index == 0)
        for index, article in enumerate(articles)
    ]
    write_fields(ctx, caller, ticket, fields, OP)
    return _answer(ctx, caller, ticket, [c.id for c in comments], data)


def _command(caller: Caller, plan: TicketPlan, first: ArticlePlan) -> TicketCreate:
    values = dict(plan.values)
    values["description"] = first.comment.body
    values["description_mime_type"] = first.comment.mime_type
    if caller.is_agent:
        values.setdefault("owner_id", caller.user.id)
        values.update(lock_values(plan, owner_given="owner_id" in plan.values))
        if plan.state_type.startswith("pending") and plan.pending_until is not None:
            values["pending_until"] = plan.pending_until
        extra = {
            k: v for k, v in {**plan.extra, **values.pop("extra", {})}.items() if v is not None
        }
        if extra:
            values["extra"] = extra
    else:  # customers: Znuny acts as its panel user; the core lets customers set these only
        values = {k: v for k, v in values.items() if k in CUSTOMER_FIELDS}
    return TicketCreate(**values)


def lock_values(plan: TicketPlan, *, owner_given: bool) -> dict[str, Any]:
    """An explicit Lock wins; a given Owner locks; closed states always unlock."""
    lock = plan.lock or ("lock" if owner_given else "unlock")
    if plan.state_type in ("closed", "removed", "merged"):
        lock = "unlock"
    values: dict[str, Any] = {"is_locked": lock != "unlock"}
    if lock == "tmp_lock":
        values["extra"] = {"znuny.lock": "tmp_lock"}
    return values


def _answer(
    ctx: Context, caller: Caller, ticket: Ticket, article_ids: list[int], data: dict[str, Any]
) -> dict[str, Any]:
    ids = [str(ident) for ident in article_ids]
    answer: dict[str, Any] = {
        "ArticleID": ids[0] if len(ids) == 1 else ids,
        "TicketID": str(ticket.id),
        "TicketNumber": ticket.number,
    }
    if ctx.config.include_ticket_data:
        lookups = Lookups.load(ctx.session, [ticket])
        included = full_ticket(ctx, caller, ticket, lookups, _INCLUDED)
        articles = included.pop("Article", [])
        included["Article"] = articles[0] if len(articles) == 1 else articles
        answer["Ticket"] = included
    return answer


__all__ = ["FilePlan", "run"]
