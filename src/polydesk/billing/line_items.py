"""Billing line items: charges entered one by one, on a ticket and/or for a customer, before
they are invoiced (ReadyDesk line items; any edge's per-ticket charges).

Decisions (ARCHITECTURE.md: "write the decision down next to the code"):
- Agents only, as for invoices: customers are refused (``permission_denied``).
- A line bills a ticket, a customer, or both; with a ticket and no customer given on create,
  the ticket's requester (when a customer user) is the customer billed.
- People are given by id or by login (matched ignoring case). The customer must be a customer
  user and the worker an agent or admin; anyone else is reported as not found. The worker
  defaults to the acting user on create.
- ``cost`` is the unit price and ``quantity`` (ReadyDesk ``duration``) the number of units, so
  the line's amount is their product, as on an invoice line. Costs keep two decimals; more is
  refused rather than rounded.
- A line on a locked invoice no longer changes (``invoice.locked``).
- Non-admin agents see and change lines of tickets they can read, and lines with no ticket.
- The ticket is checked like any ticket change (``require_change``): billing a ticket is
  working on it.
- Every filter but ``keyword`` reads an index (ids, ticket, worker, customer via the users'
  login index, date). A substring cannot use a b-tree index, so ``keyword`` is checked on the
  rows the other filters leave; the page itself is always capped.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator
from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from polydesk.authz.tickets import readable_tickets, require_agent, require_change
from polydesk.billing.people import resolve_person
from polydesk.core.actor import Actor, Role
from polydesk.core.clock import utcnow
from polydesk.core.errors import Conflict, ValidationFailed, not_found
from polydesk.core.pagination import Page, PageRequest
from polydesk.core.validation import AwareDatetime
from polydesk.db.filters import between, has_words
from polydesk.db.listing import sorted_page
from polydesk.models.billing import Invoice, InvoiceLine, TimeUnit
from polydesk.models.tickets import Ticket
from polydesk.models.users import User
from polydesk.tickets.access import require_ticket
from polydesk.tickets.criteria import TextRange
from polydesk.users.listing import login_lookup, users_matching

Money = Annotated[Decimal, Field(max_digits=14, decimal_places=2, allow_inf_nan=False)]
Login = Annotated[str, Field(min_length=1, max_length=191)]
LineItemSort = Literal["id", "ticket_id", "occurred_at", "created_at", "title", "cost", "quantity"]
_AGENTS = (Role.AGENT, Role.ADMIN)
_CUSTOMERS = (Role.CUSTOMER,)


class LineItemFields(BaseModel):
    """Fields settable on create and update. A person is given by id or by login, not both."""

    model_config = ConfigDict(extra="forbid")

    ticket_id: int | None = None
    user_id: int | None = None
    user_login: Login | None = None
    customer_id: int | None = None
    customer_login: Login | None = None
    cost: Money | None = None
    occurred_at: AwareDatetime | None = None
    title: str | None = Field(default=None, max_length=255)
    category: str | None = Field(default=None, max_length=50)
    quantity: float | None = Field(default=None, ge=0, le=1e9, allow_inf_nan=False)
    time_unit: TimeUnit | None = None
    notes: str | None = Field(default=None, max_length=100_000)

    @model_validator(mode="after")
    def _one_reference_per_person(self) -> Self:
        for person in ("user", "customer"):
            if getattr(self, f"{person}_id") is not None and getattr(self, f"{person}_login"):
                raise ValueError(f"give {person}_id or {person}_login, not both")
        return self


class LineItemCreate(LineItemFields):
    """A new line: every field is optional, but it must bill a ticket or a customer."""


#: Columns that cannot be empty: an update may leave them out but not clear them.
_REQUIRED_ON_UPDATE = ("cost", "title", "category", "quantity", "notes")


class LineItemUpdate(LineItemFields):
    """Only the fields given change; ``None`` clears a ticket, person, date or time unit."""

    @model_validator(mode="after")
    def _no_clearing_required(self) -> Self:
        cleared = [
            f
            for f in _REQUIRED_ON_UPDATE
            if f in self.model_fields_set and getattr(self, f) is None
        ]
        if cleared:
            raise ValueError(f"{', '.join(cleared)} cannot be cleared")
        return self


class LineItemFilter(BaseModel):
    """Every filter given narrows the list; text values ignore case and take ``*`` wildcards."""

    model_config = ConfigDict(extra="forbid")

    ids: list[int] | None = Field(default=None, max_length=1000)
    ticket_ids: list[int] | None = Field(default=None, max_length=1000)
    user_logins: list[Login] | None = Field(default=None, max_length=100)
    customer_logins: list[Login] | None = Field(default=None, max_length=100)
    keyword: str | None = Field(default=None, max_length=500)  # title and notes
    id_from: int | None = None
    id_to: int | None = None
    customer_range: TextRange | None = None  # prefix bounds on the customer login
    occurred_after: AwareDatetime | None = None
    occurred_before: AwareDatetime | None = None
    sort: LineItemSort = "id"
    descending: bool = False


@dataclass(frozen=True)
class LineItemView:
    line: InvoiceLine
    user_login: str | None
    customer_login: str | None


def add_line_item(session: Session, actor: Actor, cmd: LineItemCreate) -> InvoiceLine:
    require_agent(actor)
    values = _resolved(session, actor, cmd)
    ticket = _ticket(session, actor, values.get("ticket_id"))
    values.setdefault("user_id", actor.user_id)
    if "customer_id" not in values and ticket is not None:
        values["customer_id"] = _requester_if_customer(session, ticket)
    now = utcnow()
    line = InvoiceLine(
        description="",
        quantity=1,
        unit_price=0,
        occurred_at=now,
        category="",
        notes="",
        created_at=now,
    )
    _apply(line, values)
    _require_billed(line)
    session.add(line)
    session.flush()
    return line


def update_line_item(
    session: Session, actor: Actor, line_id: int, cmd: LineItemUpdate
) -> InvoiceLine:
    require_agent(actor)
    line = require_line_item(session, actor, line_id)
    if line.invoice_id is not None:
        invoice = session.get(Invoice, line.invoice_id)
        if invoice is not None and invoice.locked_at is not None:
            raise Conflict("invoice.locked", f"line item {line_id} is on a locked invoice")
    _ticket(session, actor, line.ticket_id)  # changing a ticket's charges changes the ticket
    values = _resolved(session, actor, cmd)
    if values.get("ticket_id") is not None:
        _ticket(session, actor, values["ticket_id"])
    _apply(line, values)
    _require_billed(line)
    line.updated_at = utcnow()
    session.flush()
    return line


def require_line_item(session: Session, actor: Actor, line_id: int) -> InvoiceLine:
    """The line if the actor may see it (agents only); else ``line_item.not_found``."""
    require_agent(actor)
    query = _visible(actor).where(InvoiceLine.id == line_id)
    line = session.scalars(query).first()
    if line is None:
        raise not_found("line_item", line_id)
    return line


def list_line_items(
    session: Session, actor: Actor, filters: LineItemFilter, page: PageRequest
) -> Page[LineItemView]:
    require_agent(actor)
    query = _visible(actor).where(*_filter_clauses(filters))
    found = sorted_page(session, query, page, _SORT_COLUMNS, filters, InvoiceLine.id)
    login = login_lookup(session, [i for ln in found.items for i in (ln.user_id, ln.customer_id)])
    views = [
        LineItemView(line, login(line.user_id), login(line.customer_id)) for line in found.items
    ]
    return Page(items=views, total=found.total)


_SORT_COLUMNS: dict[str, Any] = {
    "id": InvoiceLine.id,
    "ticket_id": InvoiceLine.ticket_id,
    "occurred_at": InvoiceLine.occurred_at,
    "created_at": InvoiceLine.created_at,
    "title": InvoiceLine.description,
    "cost": InvoiceLine.unit_price,
    "quantity": InvoiceLine.quantity,
}


def _visible(actor: Actor) -> Select[InvoiceLine]:
    query = select(InvoiceLine)
    if actor.is_admin:
        return query
    readable = select(Ticket.id).where(readable_tickets(actor))
    return query.where(or_(InvoiceLine.ticket_id.is_(None), InvoiceLine.ticket_id.in_(readable)))


def _filter_clauses(f: LineItemFilter) -> list[Any]:
    clauses: list[Any] = [
        *between(InvoiceLine.id, f.id_from, f.id_to),
        *between(InvoiceLine.occurred_at, f.occurred_after, f.occurred_before),
    ]
    if f.ids is not None:
        clauses.append(InvoiceLine.id.in_(f.ids))
    if f.ticket_ids is not None:
        clauses.append(InvoiceLine.ticket_id.in_(f.ticket_ids))
    workers = users_matching(f.user_logins)
    if workers is not None:
        clauses.append(InvoiceLine.user_id.in_(workers))
    customers = users_matching(f.customer_logins, f.customer_range)
    if customers is not None:
        clauses.append(InvoiceLine.customer_id.in_(customers))
    words = has_words([InvoiceLine.description, InvoiceLine.notes], f.keyword)
    if words is not None:
        clauses.append(words)
    return clauses


def _resolved(session: Session, actor: Actor, cmd: LineItemFields) -> dict[str, Any]:
    """The fields given, as column values: people resolved to ids, cost as a number."""
    given = cmd.model_dump(exclude_unset=True)
    values: dict[str, Any] = {}
    for person, roles in (("user", _AGENTS), ("customer", _CUSTOMERS)):
        id_key, login_key = f"{person}_id", f"{person}_login"
        if id_key in given or login_key in given:
            ref = given.get(id_key) if given.get(id_key) is not None else given.get(login_key)
            values[id_key] = resolve_person(session, person, ref, roles)
    for key in ("ticket_id", "occurred_at", "category", "quantity", "time_unit", "notes"):
        if key in given:
            values[key] = given[key]
    if "title" in given:
        values["description"] = given["title"]
    if "cost" in given:
        values["unit_price"] = float(given["cost"])
    return values


def _ticket(session: Session, actor: Actor, ticket_id: int | None) -> Ticket | None:
    if ticket_id is None:
        return None
    ticket = require_ticket(session, actor, ticket_id, lock=True)
    require_change(actor, ticket)
    return ticket


def _requester_if_customer(session: Session, ticket: Ticket) -> int | None:
    if ticket.requester_id is None:
        return None
    requester = session.get(User, ticket.requester_id)
    return requester.id if requester is not None and requester.role is Role.CUSTOMER else None


def _apply(line: InvoiceLine, values: dict[str, Any]) -> None:
    for key, value in values.items():
        setattr(line, key, value)


def _require_billed(line: InvoiceLine) -> None:
    if line.ticket_id is None and line.customer_id is None:
        raise ValidationFailed(
            "line_item.unbilled", "a line item needs a ticket or a customer to bill"
        )
