"""What a customer caller may not set through TicketCreate / TicketUpdate, refused instead of
dropped (issue 17: nothing accepted may be dropped).

Znuny runs a customer's request as ``CustomerPanelUserID`` and applies every field; in
Polydesk a customer acts as itself, and the core lets a customer set only the fields an
end user may (``tickets.service.CUSTOMER_FIELDS``). TicketCreate needs ``State`` and
``CustomerUser`` (Znuny requires them), so values that change nothing are welcome: the caller
itself as ``CustomerUser``, its own company as ``CustomerID``, a state of type ``new`` (every
customer ticket opens new). Anything else a customer asks for - another customer user or
company, another state, an owner, a responsible, a lock, a pending time, an SLA, time units,
an article hidden from the customer - is answered ``<Operation>.AccessDenied`` naming the
field, and nothing is written."""

from __future__ import annotations

from typing import Any

from polydesk.dialects.znuny.auth import Caller
from polydesk.dialects.znuny.errors import OperationError
from polydesk.dialects.znuny.ops.ticket_fields import TicketPlan
from polydesk.dialects.znuny.values import scalar_text, truthy

#: Core value -> the Ticket parameter a customer may not set with it.
_AGENTS_ONLY = (
    ("owner_id", "Owner"),
    ("responsible_id", "Responsible"),
    ("sla_id", "SLA"),
)


def refuse_customer_only_fields(
    operation: str, caller: Caller, plan: TicketPlan, articles: list[dict[str, Any]]
) -> None:
    """Raise ``AccessDenied`` for the first thing a customer caller asked for and may not
    have; agents pass."""
    if caller.is_agent:
        return
    name = _ticket_field(caller, plan) or _article_field(articles)
    if name:
        raise OperationError(
            f"{operation}.AccessDenied",
            f"{operation}: A customer user can not set {name}!",
        )


def refuse_customer_article_fields(
    operation: str, caller: Caller, articles: list[dict[str, Any]]
) -> None:
    """TicketUpdate: a customer's ticket fields meet the update permission checks already;
    its articles' hidden flag and time units are refused here."""
    refuse_customer_only_fields(operation, caller, TicketPlan(), articles)


def _ticket_field(caller: Caller, plan: TicketPlan) -> str:
    values = plan.values
    if "requester_id" in values and values["requester_id"] != caller.user.id:
        return "Ticket->CustomerUser"
    if "contact_email" in values:
        return "Ticket->CustomerUser"
    free_text = plan.extra.get("znuny.customer_id")
    if free_text or ("company_id" in values and values["company_id"] != caller.user.company_id):
        return "Ticket->CustomerID"
    if "status_id" in values and plan.state_type != "new":
        return "Ticket->State"
    for key, name in _AGENTS_ONLY:
        if key in values:
            return f"Ticket->{name}"
    if plan.lock:
        return "Ticket->Lock"
    if plan.has_pending_time:
        return "Ticket->PendingTime"
    return ""


def _article_field(articles: list[dict[str, Any]]) -> str:
    for article in articles:
        visible = article.get("IsVisibleForCustomer")
        if visible is not None and not truthy(visible):
            return "Article->IsVisibleForCustomer"
        if scalar_text(article.get("TimeUnit")) not in ("", "0"):
            return "Article->TimeUnit"
    return ""
