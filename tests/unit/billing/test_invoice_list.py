"""Listing invoices: filters, totals, customers and companies, paging."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy.orm import Session

from polydesk.billing.invoice_list import InvoiceFilter, list_invoices
from polydesk.billing.service import InvoiceCreate, create_invoice
from polydesk.core.actor import SYSTEM, Role
from polydesk.core.errors import NotFound, PermissionDenied
from polydesk.core.pagination import PageRequest
from polydesk.models.billing import Invoice
from polydesk.models.companies import Company
from polydesk.models.users import User
from tests.factories import actor, make_company, make_user

PAGE = PageRequest(limit=50)


def _invoice(
    session: Session, company: Company, number: str, customer: User | None = None, **fields: Any
) -> Invoice:
    fields.setdefault("lines", [{"description": "Support", "amount": 100.0}])
    cmd = InvoiceCreate(
        number=number,
        company_id=company.id,
        customer_id=customer.id if customer else None,
        currency="EUR",
        **fields,
    )
    return create_invoice(session, SYSTEM, cmd)


def _ids(session: Session, **filters: Any) -> list[int]:
    return [
        v.invoice.id for v in list_invoices(session, SYSTEM, InvoiceFilter(**filters), PAGE).items
    ]


@pytest.fixture
def invoices(session: Session) -> list[Invoice]:
    acme = make_company(session, "Acme")
    alice = make_user(session, Role.CUSTOMER, login="alice")
    bob = make_user(session, Role.CUSTOMER, login="bob")
    return [
        _invoice(session, acme, "A-1", alice, issued_on=date(2026, 1, 5), tax_rate=21),
        _invoice(
            session,
            acme,
            "A-2",
            bob,
            issued_on=date(2026, 2, 1),
            lines=[{"description": "x", "amount": 10.5}, {"description": "y", "amount": -0.5}],
        ),
        _invoice(session, acme, "A-3", issued_on=date(2026, 3, 1)),  # a company-only invoice
    ]


def test_filters(session: Session, invoices: list[Invoice]) -> None:
    a, b, c = (invoice.id for invoice in invoices)
    assert _ids(session) == [a, b, c]
    assert _ids(session, ids=[c]) == [c]
    assert _ids(session, customer_logins=["ALICE"]) == [a]
    assert _ids(session, customer_logins=["*"]) == [a, b]  # any customer: not company-only
    assert _ids(session, id_from=b, id_to=c) == [b, c]
    assert _ids(session, customer_range={"start": "b"}) == [b]
    assert _ids(session, customer_range={"end": "a"}) == [a]
    assert _ids(session, issued_from=date(2026, 2, 1), issued_to=date(2026, 3, 1)) == [b, c]
    assert _ids(session, sort="issued_on", descending=True) == [c, b, a]


def test_views_carry_totals_customer_and_company(session: Session, invoices: list[Invoice]) -> None:
    page = list_invoices(session, SYSTEM, InvoiceFilter(), PageRequest(limit=2, with_total=True))
    assert page.total == 3
    first, second = page.items
    assert (first.customer_login, first.company_name, first.line_count) == ("alice", "Acme", 1)
    assert (first.subtotal, first.total) == (100.0, 121.0)  # 21 % tax
    assert (second.customer_login, second.subtotal, second.total) == ("bob", 10.0, 10.0)


def test_customers_are_refused_and_customer_is_checked(session: Session) -> None:
    customer = make_user(session, Role.CUSTOMER)
    with pytest.raises(PermissionDenied):
        list_invoices(session, actor(session, customer), InvoiceFilter(), PAGE)
    agent = make_user(session)
    with pytest.raises(NotFound) as caught:
        _invoice(session, make_company(session), "X-1", agent)  # an agent is not a customer
    assert caught.value.code == "customer.not_found"
