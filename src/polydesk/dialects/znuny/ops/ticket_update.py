"""TicketUpdate (spec §5.3): change ticket fields, add articles, dynamic fields and
attachments. The checks run in ``TicketUpdate.pm``'s order (request, TicketID, credentials,
access, the Ticket / DynamicField / Attachment structure, the Ticket fields, each article, the
dynamic fields, each attachment, then the update permissions and the pending time) and all of
them before anything is written. Values equal to the current ones change nothing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from polydesk.authz.tickets import can_change
from polydesk.core.errors import NotFound, PermissionDenied
from polydesk.core.pagination import PageRequest
from polydesk.dialects._kit.hostile import row_id
from polydesk.dialects.znuny.auth import Caller
from polydesk.dialects.znuny.context import Context
from polydesk.dialects.znuny.errors import OperationError
from polydesk.dialects.znuny.ops.article import ArticlePlan, FilePlan, PartsReader, perl_true
from polydesk.dialects.znuny.ops.common import caller_or_fail, require_credentials
from polydesk.dialects.znuny.ops.customer_limits import refuse_customer_article_fields
from polydesk.dialects.znuny.ops.ticket_create import CLOSED_TYPES, lock_values
from polydesk.dialects.znuny.ops.ticket_fields import TicketPlan, TicketReader, user_address
from polydesk.dialects.znuny.ops.ticket_get import article_entries, full_ticket
from polydesk.dialects.znuny.ops.writing import (
    answer_article_ids,
    article_draft,
    article_list,
    field_errors,
)
from polydesk.dialects.znuny.render import Lookups
from polydesk.dialects.znuny.values import text, truthy
from polydesk.flows.changing import change_ticket
from polydesk.flows.commands import ChangeTicket
from polydesk.models.comments import Channel, Comment
from polydesk.models.tickets import Ticket
from polydesk.tickets.schemas import TicketFilter, TicketUpdate
from polydesk.tickets.service import get_ticket, list_tickets
from polydesk.users.service import get_user

OP = "TicketUpdate"
#: The attribute checks of ``_CheckUpdatePermissions``, in its order, with its messages.
GUARDED = (
    ("helpdesk_id", "queue"),
    ("owner_id", "owner"),
    ("responsible_id", "responsibe"),
    ("priority_id", "priority"),
    ("status_id", "state"),
)
#: ``_TicketUpdate`` changes attributes in this order, one call each, so the history lines
#: follow it too (the core applies one command's fields in its own order).
STEPS = (
    ("title",),
    ("helpdesk_id",),
    ("is_locked",),
    ("type_id",),
    ("status_id", "pending_until"),
    ("category_id",),
    ("sla_id",),
    ("requester_id", "contact_email", "company_id"),
    ("priority_id",),
    ("owner_id",),
    ("responsible_id",),
    ("extra",),
)
PENDING_WITHOUT_TIME = "Can't set a ticket on a pending state without pendig time!"


@dataclass
class Request:
    ticket: TicketPlan
    articles: list[ArticlePlan]
    fields: dict[int, str]
    files: list[FilePlan]


def run(ctx: Context, data: Any) -> dict[str, Any]:
    if not isinstance(data, dict) or not data:
        raise OperationError(f"{OP}.EmptyRequest", f"{OP}: The request data is invalid!")
    if not truthy(data.get("TicketID")) and not truthy(data.get("TicketNumber")):
        raise _missing(f"{OP}: TicketID or TicketNumber is required!")
    require_credentials(data, OP)
    caller = caller_or_fail(ctx, data, f"{OP}.AuthFail", f"{OP}: User could not be authenticated!")
    ticket = _ticket(ctx, caller, data)
    request = _read(ctx, caller, ticket, data)
    changes = _changes(ticket, _plan_values(request.ticket))
    _check_permissions(caller, ticket, request, changes)
    if request.ticket.state_type.startswith("pending") and not request.ticket.has_pending_time:
        raise _missing(PENDING_WITHOUT_TIME)  # sic, and without the operation's prefix
    try:
        ticket, comments = _write(ctx, caller, ticket, request, changes)
    except (PermissionDenied, NotFound) as denied:
        # E.g. moved out of the caller's reach before the article is written (rolled back).
        raise _denied() from denied
    return _answer(ctx, caller, ticket, comments, data, with_files=bool(request.files))


def _write(
    ctx: Context, caller: Caller, ticket: Ticket, request: Request, changes: dict[str, Any]
) -> tuple[Ticket, list[Comment]]:
    """Ticket attributes first (in ``STEPS``), then the articles (attachments on the first),
    then the dynamic fields: one call of the core's ``change_ticket``."""
    articles = [
        article_draft(caller, _addressed(ctx, caller, ticket, a), request.files if i == 0 else [])
        for i, a in enumerate(request.articles)
    ]
    command = ChangeTicket(
        fields=[TicketUpdate(**step) for step in _steps(changes)],
        articles=articles,
        custom_values=request.fields,
    )
    with field_errors(OP):
        changed = change_ticket(
            ctx.session, caller.actor, ctx.runtime.resources, ticket.id, command
        )
    return changed.ticket, changed.articles


def _missing(message: str) -> OperationError:
    return OperationError(f"{OP}.MissingParameter", message)


def _denied(message: str = "User does not have access to the ticket!") -> OperationError:
    return OperationError(f"{OP}.AccessDenied", f"{OP}: {message}")


def _ticket(ctx: Context, caller: Caller, data: dict[str, Any]) -> Ticket:
    """By TicketNumber when given (it wins), else by TicketID; unknown means no access."""
    number = text(data, "TicketNumber")
    if number:
        found = list_tickets(
            ctx.session, caller.actor, TicketFilter(number=number), PageRequest(limit=1)
        ).items
        ticket = found[0] if found else None
    else:
        ident = text(data, "TicketID")
        ticket = get_ticket(ctx.session, caller.actor, row_id(ident))
    if ticket is None:
        raise _denied()
    return ticket


def _read(ctx: Context, caller: Caller, ticket: Ticket, data: dict[str, Any]) -> Request:
    given = data.get("Ticket")
    if given is not None and (not isinstance(given, dict) or not given):
        raise OperationError(f"{OP}.InvalidParameter", f"{OP}: Ticket parameter is not valid!")
    parts = PartsReader(ctx.session, OP, is_customer=not caller.is_agent, spaced=False)
    parts.check_structure(data)
    plan = TicketPlan()
    if given:
        plan = TicketReader(ctx.session, OP, given, False, ticket.category_id).read()
    articles, fields = [], {}
    given_articles = _given_articles(data)
    for article in given_articles:
        articles.append(parts.article(article))
        if perl_true(article.get("DynamicField")):
            fields.update(parts.dynamic_fields(article["DynamicField"]))
    fields.update(parts.dynamic_fields(data.get("DynamicField")))
    files = parts.attachments(data.get("Attachment"), has_article=bool(articles))
    refuse_customer_article_fields(OP, caller, given_articles)
    return Request(plan, articles, fields, files)


def _given_articles(data: dict[str, Any]) -> list[dict[str, Any]]:
    if data.get("Article") is None:
        return []
    articles = article_list(data["Article"])
    if articles is None:
        raise OperationError(f"{OP}.InvalidParameter", f"{OP}: Article parameter is not valid!")
    return articles


def _plan_values(plan: TicketPlan) -> dict[str, Any]:
    """The core values the Ticket hash asks for: pending time, lock and extras included."""
    values = dict(plan.values)
    extra = dict(plan.extra)
    if plan.state_type.startswith("pending") and plan.has_pending_time:
        values["pending_until"] = plan.pending_until
    if plan.lock or plan.state_type in CLOSED_TYPES:
        locking = lock_values(plan, owner_given=False)
        extra.update(locking.pop("extra", {"znuny.lock": None}))
        values.update(locking)
    if extra:
        values["extra"] = extra
    return values


def _changes(ticket: Ticket, values: dict[str, Any]) -> dict[str, Any]:
    """Only what differs from the ticket: an equal value is a no-op (no history line)."""
    changes: dict[str, Any] = {}
    for key, value in values.items():
        if key == "extra":
            current = ticket.extra or {}
            if any(current.get(name) != item for name, item in value.items()):
                changes[key] = value
        elif getattr(ticket, key) != value:
            changes[key] = value
    return changes


def _steps(changes: dict[str, Any]) -> list[dict[str, Any]]:
    """The changes split into ``STEPS``; anything not listed there goes last."""
    steps = [{key: changes[key] for key in step if key in changes} for step in STEPS]
    listed = {key for step in STEPS for key in step}
    steps.append({key: value for key, value in changes.items() if key not in listed})
    return [step for step in steps if step]


def _check_permissions(
    caller: Caller, ticket: Ticket, request: Request, changes: dict[str, Any]
) -> None:
    """``_CheckUpdatePermissions``: the attributes given, then (Polydesk; Znuny's own article
    and dynamic field checks never fire) articles, dynamic fields and any other change."""
    if can_change(caller.actor, ticket):
        return
    for key, name in GUARDED:
        if key in request.ticket.values:
            raise _denied(f"Does not have permissions to update {name}!")
    if request.articles and caller.is_agent:
        raise _denied("Does not have permissions to create new articles!")
    if request.fields:
        raise _denied("Does not have permissions to update dynamic fields!")
    if changes:
        raise _denied()


def _addressed(ctx: Context, caller: Caller, ticket: Ticket, article: ArticlePlan) -> ArticlePlan:
    """``From``: given, else the caller (customer: ``"Name" <email>``, agent: the full name);
    ArticleSend uses the queue's address instead. ``To`` on the Email channel falls back to
    the ticket's customer user."""
    comment = article.comment
    update: dict[str, str] = {}
    if article.mailing is None and not comment.from_address:
        user = caller.user
        update["from_address"] = user.full_name if caller.is_agent else user_address(user)
    if article.mailing is None and not comment.to_addresses and comment.channel is Channel.EMAIL:
        update["to_addresses"] = _customer_address(ctx, ticket)
    if not update:
        return article
    return ArticlePlan(comment.model_copy(update=update), article.time_seconds, article.mailing)


def _customer_address(ctx: Context, ticket: Ticket) -> str:
    requester = get_user(ctx.session, ticket.requester_id) if ticket.requester_id else None
    return user_address(requester) if requester is not None else ticket.contact_email


def _answer(
    ctx: Context,
    caller: Caller,
    ticket: Ticket,
    comments: list[Comment],
    data: dict[str, Any],
    *,
    with_files: bool,
) -> dict[str, Any]:
    # The TicketID echoes the request (a number stays a number), unless a number was looked up.
    echo = str(ticket.id) if text(data, "TicketNumber") else data["TicketID"]
    answer: dict[str, Any] = {"TicketID": echo, "TicketNumber": ticket.number}
    ids = answer_article_ids(caller, comments, with_files=with_files)
    if len(ids) == 1:
        answer["ArticleID"] = ids[0]
    elif ids:
        answer["ArticleIDs"] = ids
    if ctx.config.include_ticket_data:
        lookups = Lookups.load(ctx.session, caller.actor, [ticket])
        included = full_ticket(ctx, caller, ticket, lookups, {"DynamicFields": 1})
        articles = article_entries(ctx, caller, ticket, lookups, comments)
        if len(articles) == 1:
            included["Article"] = articles[0]
        elif articles:
            included["Articles"] = articles
        answer["Ticket"] = included
    return answer
