"""Listing invoices with filters, each with its customer, company and totals.

Decisions:
- Agents only, as every invoice use case (customers are refused).
- ``subtotal`` is the sum of the lines' quantity x unit price; ``total`` adds the invoice's tax
  rate (a percentage), rounded to cents. Totals come from one grouped query per page.
- The customer filters match the invoice's customer user (ReadyDesk ``cid``); an invoice made
  out to a company only has no customer and matches no customer filter.
- Issue-date bounds are calendar days, both included.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from polydesk.authz.tickets import require_agent
from polydesk.companies.service import companies_by_ids
from polydesk.core.actor import Actor
from polydesk.core.pagination import Page, PageRequest
from polydesk.db.filters import between
from polydesk.db.listing import sorted_page
from polydesk.models.billing import Invoice, InvoiceLine
from polydesk.tickets.criteria import TextRange
from polydesk.users.listing import login_lookup, users_matching

InvoiceSort = Literal["id", "number", "issued_on", "due_on", "status", "created_at"]
Login = Annotated[str, Field(min_length=1, max_length=191)]


class InvoiceFilter(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ids: list[int] | None = Field(default=None, max_length=1000)
    customer_logins: list[Login] | None = Field(default=None, max_length=100)
    id_from: int | None = None
    id_to: int | None = None
    customer_range: TextRange | None = None  # prefix bounds on the customer login
    issued_from: date | None = None
    issued_to: date | None = None
    sort: InvoiceSort = "id"
    descending: bool = False


@dataclass(frozen=True)
class InvoiceView:
    invoice: Invoice
    customer_login: str | None
    company_name: str | None
    line_count: int
    subtotal: float
    total: float


_SORT_COLUMNS: dict[str, Any] = {
    "id": Invoice.id,
    "number": Invoice.number,
    "issued_on": Invoice.issued_on,
    "due_on": Invoice.due_on,
    "status": Invoice.status,
    "created_at": Invoice.created_at,
}


def list_invoices(
    session: Session, actor: Actor, filters: InvoiceFilter, page: PageRequest
) -> Page[InvoiceView]:
    require_agent(actor)
    query = select(Invoice).where(*_filter_clauses(filters))
    found = sorted_page(session, query, page, _SORT_COLUMNS, filters, Invoice.id)
    invoices = found.items
    sums = _line_sums(session, [invoice.id for invoice in invoices])
    login = login_lookup(session, [invoice.customer_id for invoice in invoices])
    companies = companies_by_ids(session, {i.company_id for i in invoices if i.company_id})
    views = []
    for invoice in invoices:
        count, subtotal = sums.get(invoice.id, (0, 0.0))
        company = companies.get(invoice.company_id) if invoice.company_id else None
        views.append(
            InvoiceView(
                invoice=invoice,
                customer_login=login(invoice.customer_id),
                company_name=company.name if company else None,
                line_count=count,
                subtotal=round(subtotal, 2),
                total=round(subtotal * (1 + (invoice.tax_rate or 0) / 100), 2),
            )
        )
    return Page(items=views, total=found.total)


def _filter_clauses(f: InvoiceFilter) -> list[Any]:
    clauses: list[Any] = [
        *between(Invoice.id, f.id_from, f.id_to),
        *between(Invoice.issued_on, f.issued_from, f.issued_to),
    ]
    if f.ids is not None:
        clauses.append(Invoice.id.in_(f.ids))
    customers = users_matching(f.customer_logins, f.customer_range)
    if customers is not None:
        clauses.append(Invoice.customer_id.in_(customers))
    return clauses


def _line_sums(session: Session, invoice_ids: list[int]) -> dict[int, tuple[int, float]]:
    """Per invoice: its number of lines and the sum of quantity x unit price."""
    if not invoice_ids:
        return {}
    rows = session.execute(
        select(
            InvoiceLine.invoice_id,
            func.count(),
            func.coalesce(func.sum(InvoiceLine.quantity * InvoiceLine.unit_price), 0),
        )
        .where(InvoiceLine.invoice_id.in_(invoice_ids))
        .group_by(InvoiceLine.invoice_id)
    )
    return {
        invoice_id: (count, float(amount))
        for invoice_id, count, amount in rows
        if invoice_id is not None
    }
