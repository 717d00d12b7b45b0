"""Billing service: create invoices with lines, look them up, find the last number."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from polydesk.billing.service import (
    InvoiceCreate,
    create_invoice,
    get_invoice_by_number,
    invoice_lines,
    last_invoice_number,
)
from polydesk.core.actor import SYSTEM, Actor, Role
from polydesk.core.clock import frozen
from polydesk.core.errors import Conflict, NotFound, PermissionDenied
from polydesk.models.billing import Invoice, InvoiceLine
from tests.factories import actor, make_company, make_helpdesk, make_ticket, make_user

NOW = datetime(2026, 3, 14, 23, 30, tzinfo=UTC)


def _cmd(company_id: int, number: str = "INV-1", **fields: Any) -> InvoiceCreate:
    fields.setdefault("lines", [{"description": "Support", "amount": 100.0}])
    fields.setdefault("currency", "EUR")
    return InvoiceCreate(number=number, company_id=company_id, **fields)


def _invoice(session: Session, company_id: int, number: str, **fields: Any) -> Invoice:
    return create_invoice(session, SYSTEM, _cmd(company_id, number, **fields))


def _count(session: Session, model: type[Invoice] | type[InvoiceLine]) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def _customer(session: Session) -> Actor:
    return actor(session, make_user(session, Role.CUSTOMER, company=make_company(session)))


# -- create_invoice ------------------------------------------------------------------------------


def test_create_stores_fields_lines_and_defaults(session: Session) -> None:
    user = make_user(session)
    company = make_company(session)
    cmd = _cmd(
        company.id,
        "2026/001",
        currency="usd",
        tax_rate=21,
        language="es",
        reference="PO-77",
        lines=[
            {"description": "On-site visit", "amount": 250.5},
            {"description": "Discount", "amount": -50},
            {"description": "Spare parts", "amount": 12.25},
        ],
    )
    with frozen(NOW):
        invoice = create_invoice(session, actor(session, user), cmd)
    assert invoice.id is not None and invoice.number == "2026/001"
    assert invoice.company_id == company.id and invoice.ticket_id is None
    assert invoice.created_by_id == user.id  # defaults to the acting user
    assert (invoice.currency, invoice.tax_rate, invoice.language) == ("USD", 21, "es")
    assert (invoice.status, invoice.direction, invoice.reference) == ("pending", "issued", "PO-77")
    assert invoice.issued_on == date(2026, 3, 14)  # today, in UTC
    assert invoice.locked_at is None and invoice.locked_by_id is None
    lines = invoice_lines(session, invoice.id)
    assert [(line.position, line.description, line.unit_price) for line in lines] == [
        (0, "On-site visit", 250.5),
        (1, "Discount", -50),
        (2, "Spare parts", 12.25),
    ]
    assert all(line.quantity == 1 and line.invoice_id == invoice.id for line in lines)
    assert all(line.created_at == NOW for line in lines)


def test_create_keeps_explicit_values(session: Session) -> None:
    company, creator = make_company(session), make_user(session)
    ticket = make_ticket(session)
    invoice = create_invoice(
        session,
        SYSTEM,
        _cmd(
            company.id,
            created_by_id=creator.id,
            ticket_id=ticket.id,
            issued_on=date(2025, 12, 31),
            paid_on=date(2026, 1, 5),
            status="paid",
            direction="received",
            description="Quarterly",
            internal_note="late",
        ),
    )
    assert invoice.created_by_id == creator.id and invoice.ticket_id == ticket.id
    assert (invoice.issued_on, invoice.paid_on) == (date(2025, 12, 31), date(2026, 1, 5))
    assert (invoice.status, invoice.direction) == ("paid", "received")
    assert (invoice.description, invoice.internal_note) == ("Quarterly", "late")


def test_system_actor_leaves_the_creator_empty(session: Session) -> None:
    invoice = _invoice(session, make_company(session).id, "SYS-1")
    assert invoice.created_by_id is None


def test_locked_invoice_records_when_and_by_whom(session: Session) -> None:
    company, agent_user, locker = make_company(session), make_user(session), make_user(session)
    agent = actor(session, agent_user)
    with frozen(NOW):
        explicit = create_invoice(
            session, agent, _cmd(company.id, "L-1", is_locked=True, locked_by_id=locker.id)
        )
        implicit = create_invoice(session, agent, _cmd(company.id, "L-2", is_locked=True))
    assert (explicit.locked_at, explicit.locked_by_id) == (NOW, locker.id)
    assert (implicit.locked_at, implicit.locked_by_id) == (NOW, agent_user.id)


def test_unlocked_invoice_keeps_no_lock_owner(session: Session) -> None:
    company, locker = make_company(session), make_user(session)
    invoice = _invoice(session, company.id, "U-1", locked_by_id=locker.id)
    assert invoice.locked_at is None and invoice.locked_by_id is None


def test_number_already_used_is_a_conflict(session: Session) -> None:
    company = make_company(session)
    _invoice(session, company.id, "DUP-1")
    with pytest.raises(Conflict) as caught:
        _invoice(session, make_company(session).id, "DUP-1")
    assert caught.value.code == "invoice.number_taken"
    assert (_count(session, Invoice), _count(session, InvoiceLine)) == (1, 1)  # nothing added


@pytest.mark.parametrize(
    ("field", "code"),
    [
        ("company_id", "company.not_found"),
        ("created_by_id", "user.not_found"),
        ("locked_by_id", "user.not_found"),
        ("ticket_id", "ticket.not_found"),
    ],
)
def test_missing_references_are_not_found(session: Session, field: str, code: str) -> None:
    values: dict[str, Any] = {"company_id": make_company(session).id, field: 999_999}
    with pytest.raises(NotFound) as caught:
        create_invoice(session, SYSTEM, _cmd(number="NF-1", **values))
    assert caught.value.code == code
    assert caught.value.details == {"id": "999999"}
    assert _count(session, Invoice) == 0


def test_checks_run_in_the_documented_order(session: Session) -> None:
    company = make_company(session)
    _invoice(session, company.id, "ORD-1")
    faults: dict[str, Any] = {
        "company_id": 999_991,
        "created_by_id": 999_992,
        "locked_by_id": 999_993,
        "ticket_id": 999_994,
    }
    with pytest.raises(Conflict):
        create_invoice(session, SYSTEM, _cmd(number="ORD-1", **faults))
    fixes = {"company_id": company.id, "created_by_id": None, "locked_by_id": None}
    expected = ["company.not_found", "user.not_found", "user.not_found", "ticket.not_found"]
    for field, code in zip(faults.copy(), expected, strict=True):
        with pytest.raises(NotFound) as caught:
            create_invoice(session, SYSTEM, _cmd(number="ORD-2", **faults))
        assert (caught.value.code, caught.value.details["id"]) == (code, str(faults[field]))
        faults[field] = fixes.get(field)
    assert create_invoice(session, SYSTEM, _cmd(number="ORD-2", **faults)).number == "ORD-2"


def test_agent_cannot_bill_a_ticket_it_cannot_read(session: Session) -> None:
    mine, other = make_helpdesk(session), make_helpdesk(session)
    agent = actor(session, make_user(session, helpdesks=[mine]))
    company = make_company(session)
    visible = make_ticket(session, helpdesk_id=mine.id)
    hidden = make_ticket(session, helpdesk_id=other.id)
    invoice = create_invoice(session, agent, _cmd(company.id, "T-1", ticket_id=visible.id))
    assert invoice.ticket_id == visible.id
    with pytest.raises(NotFound) as caught:
        create_invoice(session, agent, _cmd(company.id, "T-2", ticket_id=hidden.id))
    assert caught.value.code == "ticket.not_found"


def test_admin_may_create(session: Session) -> None:
    admin = actor(session, make_user(session, Role.ADMIN))
    invoice = create_invoice(session, admin, _cmd(make_company(session).id, "ADM-1"))
    assert get_invoice_by_number(session, admin, "ADM-1") is invoice


def test_customers_are_refused_everywhere(session: Session) -> None:
    company = make_company(session)
    _invoice(session, company.id, "C-1")
    customer = _customer(session)
    with pytest.raises(PermissionDenied) as caught:
        create_invoice(session, customer, _cmd(company.id, "C-2"))
    assert caught.value.code == "permission_denied"
    with pytest.raises(PermissionDenied):
        get_invoice_by_number(session, customer, "C-1")
    with pytest.raises(PermissionDenied):
        last_invoice_number(session, customer)
    assert _count(session, Invoice) == 1


@pytest.mark.parametrize(
    "fields",
    [
        {"lines": []},
        {"lines": [{"description": "x", "amount": 1}] * 21},
        {"lines": [{"description": "x" * 1001, "amount": 1}]},
        {"lines": [{"description": "x", "amount": float("inf")}]},
        {"lines": [{"description": "x", "amount": 1, "quantity": 2}]},
        {"currency": "EU"},
        {"currency": "EURO"},
        {"tax_rate": -1},
        {"tax_rate": 1000.5},
        {"status": "overdue"},
        {"direction": "sideways"},
        {"language": "x" * 17},
        {"due_on": "2026-01-01"},
    ],
)
def test_command_rejects_bad_input(fields: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        _cmd(1, **fields)


@pytest.mark.parametrize("number", ["", "x" * 101])
def test_command_rejects_bad_numbers(number: str) -> None:
    with pytest.raises(ValidationError):
        _cmd(1, number)


def test_command_accepts_the_limits() -> None:
    cmd = _cmd(1, "x" * 100, lines=[{"description": "x" * 1000, "amount": 0}] * 20, tax_rate=1000)
    assert len(cmd.lines) == 20 and cmd.status == "pending" and cmd.direction == "issued"


# -- lookups -------------------------------------------------------------------------------------


def test_get_invoice_by_number(session: Session) -> None:
    invoice = _invoice(session, make_company(session).id, "FIND-1")
    agent = actor(session, make_user(session))
    assert get_invoice_by_number(session, agent, "FIND-1") is invoice
    assert get_invoice_by_number(session, agent, "find-1") is None  # numbers are exact
    assert get_invoice_by_number(session, agent, "NOPE") is None


def test_invoice_lines_belong_to_one_invoice(session: Session) -> None:
    company = make_company(session)
    first = _invoice(session, company.id, "A", lines=[{"description": "a", "amount": 1}])
    second = _invoice(
        session,
        company.id,
        "B",
        lines=[{"description": "b0", "amount": 2}, {"description": "b1", "amount": 3}],
    )
    assert [line.description for line in invoice_lines(session, first.id)] == ["a"]
    assert [line.description for line in invoice_lines(session, second.id)] == ["b0", "b1"]
    assert invoice_lines(session, 999_999) == []


def test_last_invoice_number_orders_by_date_then_number(session: Session) -> None:
    company = make_company(session)
    agent = actor(session, make_user(session))
    assert last_invoice_number(session, agent) is None
    _invoice(session, company.id, "2026-009", issued_on=date(2026, 2, 1))
    _invoice(session, company.id, "2026-010", issued_on=date(2026, 2, 1))
    _invoice(session, company.id, "2025-999", issued_on=date(2025, 12, 31))
    _invoice(session, company.id, "R-1", issued_on=date(2027, 1, 1), direction="received")
    assert last_invoice_number(session, agent) == "2026-010"
    assert last_invoice_number(session, agent, "issued") == "2026-010"
    assert last_invoice_number(session, agent, direction="received") == "R-1"
    _invoice(session, company.id, "2026-001", issued_on=date(2026, 3, 1))
    assert last_invoice_number(session, agent) == "2026-001"  # newer date beats higher number


def test_last_invoice_number_without_received_invoices(session: Session) -> None:
    _invoice(session, make_company(session).id, "I-1")
    assert last_invoice_number(session, SYSTEM, direction="received") is None
