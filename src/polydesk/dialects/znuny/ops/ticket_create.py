"""TicketCreate (spec §5.2): a ticket with its first article, dynamic fields and attachments,
checked in the product's order (credentials, Article, Ticket, the DynamicField / Attachment
structure, the Ticket fields, the create permission, each article, each dynamic field, each
attachment), then written by one call of the core's ``open_ticket``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from polydesk.authz.tickets import can_create_in
from polydesk.dialects.znuny.auth import Caller
from polydesk.dialects.znuny.context import Context
from polydesk.dialects.znuny.errors import OperationError
from polydesk.dialects.znuny.ops.article import ArticlePlan, FilePlan, PartsReader
from polydesk.dialects.znuny.ops.common import caller_or_fail, require_credentials
from polydesk.dialects.znuny.ops.customer_limits import refuse_customer_only_fields
from polydesk.dialects.znuny.ops.ticket_fields import TicketPlan, TicketReader
from polydesk.dialects.znuny.ops.ticket_get import article_entries, full_ticket
from polydesk.dialects.znuny.ops.writing import (
    answer_article_ids,
    article_draft,
    article_list,
    field_errors,
    queue_name,
)
from polydesk.dialects.znuny.render import Lookups
from polydesk.flows.commands import OpenTicket
from polydesk.flows.opening import open_ticket
from polydesk.models.comments import Comment
from polydesk.models.tickets import Ticket
from polydesk.tickets.schemas import TicketCreate
from polydesk.tickets.service import CUSTOMER_FIELDS

OP = "TicketCreate"
CLOSED_TYPES = ("closed", "removed", "merged")


@dataclass
class Request:
    """Everything TicketCreate will write, read and checked before the first write."""

    ticket: TicketPlan
    articles: list[ArticlePlan]
    fields: dict[int, str]
    files: list[FilePlan]


def run(ctx: Context, data: Any) -> dict[str, Any]:
    data = data if isinstance(data, dict) else {}
    require_credentials(data, OP)
    caller = caller_or_fail(ctx, data, f"{OP}.AuthFail", f"{OP}: User could not be authenticated!")
    request = _read(ctx, caller, data)
    with field_errors(OP):
        opened = open_ticket(
            ctx.session, caller.actor, ctx.runtime.resources, _open(ctx, caller, request)
        )
    return _answer(ctx, caller, opened.ticket, opened.articles, with_files=bool(request.files))


def _open(ctx: Context, caller: Caller, request: Request) -> OpenTicket:
    """The articles (attachments on the first) from the customer user to the queue."""
    to = queue_name(ctx, request.ticket.values.get("helpdesk_id"))
    articles = [
        article_draft(
            caller,
            _addressed(article, request.ticket.customer_address, to),
            request.files if index == 0 else [],
        )
        for index, article in enumerate(request.articles)
    ]
    return OpenTicket(
        ticket=_command(caller, request), articles=articles, custom_values=request.fields
    )


def _read(ctx: Context, caller: Caller, data: dict[str, Any]) -> Request:
    given_articles = article_list(data.get("Article"))
    if given_articles is None:
        raise _missing("Article parameter is missing or not valid!")
    given_ticket = data.get("Ticket")
    if not isinstance(given_ticket, dict) or not given_ticket:
        raise _missing("Ticket parameter is missing or not valid!")
    parts = PartsReader(ctx.session, OP, is_customer=not caller.is_agent, spaced=True)
    parts.check_structure(data)
    plan = TicketReader(ctx.session, OP, given_ticket, required=True).read()
    if caller.is_agent and not can_create_in(caller.actor, plan.values.get("helpdesk_id")):
        raise OperationError(
            f"{OP}.AccessDenied", f"{OP}: Can not create tickets in given Queue or QueueID!"
        )
    articles = [parts.article(article) for article in given_articles]
    if "owner_id" in plan.values and "NoAgentNotify" not in given_articles[0]:
        articles[0] = _agents_not_notified(articles[0])
    fields = parts.dynamic_fields(data.get("DynamicField"))
    files = parts.attachments(data.get("Attachment"))
    refuse_customer_only_fields(OP, caller, plan, given_articles)
    return Request(plan, articles, fields, files)


def _agents_not_notified(article: ArticlePlan) -> ArticlePlan:
    """A given Owner makes ``NoAgentNotify`` default to 1 (spec §5.2, side effects)."""
    comment = article.comment.model_copy(update={"no_agent_notify": True})
    return ArticlePlan(comment, article.time_seconds, article.mailing)


def _missing(message: str) -> OperationError:
    return OperationError(f"{OP}.MissingParameter", f"{OP}: {message}")


def _command(caller: Caller, request: Request) -> TicketCreate:
    plan = request.ticket
    values = dict(plan.values)
    values["description"] = request.articles[0].comment.body
    values["description_mime_type"] = request.articles[0].comment.mime_type
    if not caller.is_agent:
        # Customers: the core lets them set these only, and makes them the requester.
        return TicketCreate(**{k: v for k, v in values.items() if k in CUSTOMER_FIELDS})
    values.setdefault("owner_id", caller.user.id)
    values.update(lock_values(plan, owner_given="owner_id" in plan.values))
    if plan.state_type.startswith("pending") and plan.pending_until is not None:
        values["pending_until"] = plan.pending_until
    extra = {k: v for k, v in {**plan.extra, **values.pop("extra", {})}.items() if v is not None}
    if extra:
        values["extra"] = extra
    return TicketCreate(**values)


def lock_values(plan: TicketPlan, *, owner_given: bool) -> dict[str, Any]:
    """An explicit Lock wins; a given Owner locks; closed states always unlock."""
    lock = plan.lock or ("lock" if owner_given else "unlock")
    if plan.state_type in CLOSED_TYPES:
        lock = "unlock"
    values: dict[str, Any] = {"is_locked": lock != "unlock"}
    if lock == "tmp_lock":
        values["extra"] = {"znuny.lock": "tmp_lock"}
    return values


def _addressed(article: ArticlePlan, customer_address: str, queue: str) -> ArticlePlan:
    """Without ArticleSend the article comes from the customer user (unless ``From`` is given)
    and goes to the queue; Znuny drops ``To``, ``Cc`` and ``Bcc`` then."""
    if article.mailing is not None:
        return article
    comment = article.comment.model_copy(
        update={
            "from_address": article.comment.from_address or customer_address,
            "to_addresses": queue,
            "cc_addresses": "",
            "bcc_addresses": "",
        }
    )
    return ArticlePlan(comment, article.time_seconds, article.mailing)


def _answer(
    ctx: Context, caller: Caller, ticket: Ticket, comments: list[Comment], *, with_files: bool
) -> dict[str, Any]:
    ids = answer_article_ids(caller, comments, with_files=with_files)
    answer: dict[str, Any] = {
        "ArticleID": ids[0] if len(ids) == 1 else ids,
        "TicketID": str(ticket.id),
        "TicketNumber": ticket.number,
    }
    if ctx.config.include_ticket_data:
        lookups = Lookups.load(ctx.session, caller.actor, [ticket])
        included = full_ticket(ctx, caller, ticket, lookups, {"DynamicFields": 1})
        articles = article_entries(ctx, caller, ticket, lookups, comments)
        # One article is an object (Znuny 6); several are a list (the multi-article patch).
        included["Article"] = articles[0] if len(articles) == 1 else articles
        answer["Ticket"] = included
    return answer
