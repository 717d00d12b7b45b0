"""Billing line items: add, partial update, filtered listing, visibility."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from polydesk.billing.line_items import (
    LineItemCreate,
    LineItemFilter,
    LineItemUpdate,
    add_line_item,
    list_line_items,
    update_line_item,
)
from polydesk.billing.service import InvoiceCreate, create_invoice
from polydesk.core.actor import SYSTEM, Actor, Role
from polydesk.core.clock import frozen
from polydesk.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from polydesk.core.pagination import PageRequest
from polydesk.models.billing import InvoiceLine, TimeUnit
from polydesk.models.users import User
from tests.factories import actor, make_company, make_helpdesk, make_ticket, make_user
from tests.queries import sql_statements

NOW = datetime(2026, 5, 4, 9, 30, tzinfo=UTC)
PAGE = PageRequest(limit=50)


def _add(session: Session, **fields: Any) -> InvoiceLine:
    return add_line_item(session, SYSTEM, LineItemCreate(**fields))


def _ids(
    session: Session, who: Actor = SYSTEM, page: PageRequest = PAGE, **filters: Any
) -> list[int]:
    found = list_line_items(session, who, LineItemFilter(**filters), page)
    return [view.line.id for view in found.items]


def _count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(InvoiceLine)) or 0


@pytest.fixture
def customer(session: Session) -> User:
    return make_user(session, Role.CUSTOMER, login="Demo")


# -- add ------------------------------------------------------------------------------------------


def test_add_on_a_ticket_defaults_customer_worker_and_date(
    session: Session, customer: User
) -> None:
    tech = make_user(session, Role.ADMIN, login="jsmith")
    ticket = make_ticket(session, requester_id=customer.id)
    with frozen(NOW):
        line = add_line_item(
            session,
            actor(session, tech),
            LineItemCreate(
                ticket_id=ticket.id,
                cost="12.50",
                title="On-site visit",
                category="General",
                quantity=1.5,
                time_unit="hours",
                notes="Replaced the fan",
            ),
        )
    session.expire_all()
    stored = session.get_one(InvoiceLine, line.id)
    assert (stored.ticket_id, stored.customer_id, stored.user_id) == (
        ticket.id,
        customer.id,
        tech.id,
    )
    assert (stored.description, stored.category, stored.notes) == (
        "On-site visit",
        "General",
        "Replaced the fan",
    )
    assert (stored.unit_price, stored.quantity, stored.time_unit) == (12.5, 1.5, TimeUnit.HOURS)
    assert stored.occurred_at == NOW and stored.created_at == NOW and stored.updated_at is None
    assert stored.invoice_id is None


def test_add_for_a_customer_by_login_without_ticket(session: Session, customer: User) -> None:
    make_user(session, login="tech1")
    when = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
    line = _add(session, customer_login="DEMO", user_login="Tech1", occurred_at=when, title="Fee")
    assert line.customer_id == customer.id and line.ticket_id is None
    assert line.occurred_at == when
    assert (line.unit_price, line.quantity, line.time_unit) == (0, 1, None)  # defaults


def test_a_line_bills_a_ticket_or_a_customer(session: Session) -> None:
    with pytest.raises(ValidationFailed) as caught:
        _add(session, title="Nobody to bill")
    assert caught.value.code == "line_item.unbilled"
    agent_requested = make_ticket(session, requester_id=make_user(session).id)
    line = _add(session, ticket_id=agent_requested.id)  # an agent requester is not billed
    assert line.customer_id is None
    assert _count(session) == 1


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"customer_login": "nobody"}, "customer.not_found"),
        ({"customer_login": "jsmith"}, "customer.not_found"),  # an agent is not a customer
        ({"customer_id": 987654}, "customer.not_found"),
        ({"customer_login": "demo", "user_login": "demo"}, "user.not_found"),  # nor a worker
        ({"ticket_id": 987654}, "ticket.not_found"),
    ],
)
def test_add_rejects_unknown_or_wrong_people(
    session: Session, customer: User, fields: dict[str, Any], code: str
) -> None:
    make_user(session, login="jsmith")
    with pytest.raises(NotFound) as caught:
        _add(session, **fields)
    assert caught.value.code == code
    assert _count(session) == 0


@pytest.mark.parametrize(
    "bad",
    [
        {"cost": "12.345"},  # more than cents is refused, not rounded
        {"cost": "ten"},
        {"cost": "NaN"},
        {"cost": "1e15"},
        {"time_unit": "Hours"},  # the core's units are lower case; dialects map theirs
        {"quantity": -1},
        {"quantity": float("inf")},
        {"title": "x" * 256},
        {"category": "x" * 51},
        {"customer_id": 1, "customer_login": "demo"},
        {"colour": "red"},
    ],
)
def test_commands_are_strict(bad: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        LineItemCreate.model_validate(bad)


def test_customers_may_not_bill_and_agents_only_tickets_they_change(
    session: Session, customer: User
) -> None:
    with pytest.raises(PermissionDenied):
        add_line_item(session, actor(session, customer), LineItemCreate(customer_id=customer.id))
    desk = make_helpdesk(session)
    reader = make_user(session, read_only=[desk])
    ticket = make_ticket(session, helpdesk_id=desk.id, requester_id=customer.id)
    with pytest.raises(PermissionDenied) as caught:
        add_line_item(session, actor(session, reader), LineItemCreate(ticket_id=ticket.id))
    assert caught.value.code == "ticket.permission_denied"
    outsider = make_user(session)
    with pytest.raises(NotFound):
        add_line_item(session, actor(session, outsider), LineItemCreate(ticket_id=ticket.id))
    assert _count(session) == 0


# -- update ---------------------------------------------------------------------------------------


def test_update_changes_only_the_fields_given(session: Session, customer: User) -> None:
    ticket = make_ticket(session, requester_id=customer.id)
    line = _add(session, ticket_id=ticket.id, cost="10", title="Visit", notes="n", quantity=2)
    with frozen(NOW):
        update_line_item(session, SYSTEM, line.id, LineItemUpdate(cost="7.25", time_unit="days"))
    session.expire_all()
    stored = session.get_one(InvoiceLine, line.id)
    assert (stored.unit_price, stored.time_unit, stored.quantity) == (7.25, TimeUnit.DAYS, 2)
    assert (stored.description, stored.notes, stored.customer_id) == ("Visit", "n", customer.id)
    assert stored.updated_at == NOW


def test_update_may_move_or_detach_but_not_leave_a_line_unbilled(
    session: Session, customer: User
) -> None:
    first, second = make_ticket(session), make_ticket(session)
    line = _add(session, ticket_id=first.id, customer_id=customer.id)
    update_line_item(session, SYSTEM, line.id, LineItemUpdate(ticket_id=second.id))
    assert line.ticket_id == second.id
    update_line_item(session, SYSTEM, line.id, LineItemUpdate(ticket_id=None))
    assert (line.ticket_id, line.customer_id) == (None, customer.id)
    with pytest.raises(ValidationFailed) as caught:
        update_line_item(session, SYSTEM, line.id, LineItemUpdate(customer_login=None))
    assert caught.value.code == "line_item.unbilled"


def test_update_rejects_clearing_required_fields_and_unknown_lines(session: Session) -> None:
    for field in ("cost", "title", "quantity", "category", "notes"):
        with pytest.raises(ValidationError):
            LineItemUpdate.model_validate({field: None})
    with pytest.raises(NotFound) as caught:
        update_line_item(session, SYSTEM, 987654, LineItemUpdate(title="x"))
    assert caught.value.code == "line_item.not_found"


def test_lines_on_a_locked_invoice_do_not_change(session: Session, customer: User) -> None:
    invoice = create_invoice(
        session,
        SYSTEM,
        InvoiceCreate(
            number="L-1",
            company_id=make_company(session).id,
            currency="EUR",
            is_locked=True,
            lines=[{"description": "Locked", "amount": 5}],
        ),
    )
    line = session.scalars(select(InvoiceLine).where(InvoiceLine.invoice_id == invoice.id)).one()
    with pytest.raises(Conflict) as caught:
        update_line_item(session, SYSTEM, line.id, LineItemUpdate(title="Changed"))
    assert caught.value.code == "invoice.locked"


# -- list -----------------------------------------------------------------------------------------


@pytest.fixture
def three_lines(session: Session, customer: User) -> list[InvoiceLine]:
    other = make_user(session, Role.CUSTOMER, login="zed")
    tech = make_user(session, login="tech1")
    ticket = make_ticket(session, requester_id=customer.id)
    day = datetime(2026, 1, 10, 12, tzinfo=UTC)
    return [
        _add(session, ticket_id=ticket.id, title="Printer repair", cost="30", occurred_at=day),
        _add(
            session,
            customer_id=other.id,
            user_login="tech1",
            title="Travel",
            notes="Printer cable",
            cost="5",
            occurred_at=day + timedelta(days=1),
        ),
        _add(session, customer_id=customer.id, user_id=tech.id, title="Misc", cost="99.99"),
    ]


def test_list_filters(session: Session, three_lines: list[InvoiceLine]) -> None:
    a, b, c = (line.id for line in three_lines)
    day = datetime(2026, 1, 10, tzinfo=UTC)
    assert _ids(session) == [a, b, c]
    assert _ids(session, ids=[c, a]) == [a, c]
    assert _ids(session, ticket_ids=[three_lines[0].ticket_id]) == [a]
    assert _ids(session, user_logins=["TECH1"]) == [b, c]
    assert _ids(session, customer_logins=["demo"]) == [a, c]
    assert _ids(session, customer_logins=["d*"]) == [a, c]
    assert _ids(session, customer_logins=["d_mo"]) == []  # _ is literal
    assert _ids(session, keyword="printer") == [a, b]  # title or notes
    assert _ids(session, keyword="printer cable") == [b]  # every word
    assert _ids(session, id_from=b) == [b, c]
    assert _ids(session, id_from=a, id_to=b) == [a, b]
    assert _ids(session, customer_range={"start": "e"}) == [b]
    assert _ids(session, customer_range={"end": "d"}) == [
        a,
        c,
    ]  # prefix bound: "demo" starts with "d"
    assert _ids(session, occurred_after=day, occurred_before=day + timedelta(hours=23)) == [a]
    assert _ids(session, sort="cost", descending=True) == [c, a, b]


def test_list_views_paging_and_total(session: Session, three_lines: list[InvoiceLine]) -> None:
    page = list_line_items(
        session, SYSTEM, LineItemFilter(sort="id"), PageRequest(limit=2, offset=1, with_total=True)
    )
    assert page.total == 3
    assert [v.line.id for v in page.items] == [three_lines[1].id, three_lines[2].id]
    assert [(v.user_login, v.customer_login) for v in page.items] == [
        ("tech1", "zed"),
        ("tech1", "Demo"),
    ]


def test_list_costs_a_fixed_number_of_queries(
    session: Session, three_lines: list[InvoiceLine]
) -> None:
    with sql_statements(session.get_bind()) as seen:
        found = list_line_items(session, SYSTEM, LineItemFilter(), PAGE)
    assert len(found.items) == 3 and len(seen) == 2  # the lines, then their people


def test_agents_see_lines_of_readable_tickets_and_lines_without_ticket(
    session: Session, customer: User
) -> None:
    desk, hidden_desk = make_helpdesk(session), make_helpdesk(session)
    agent = actor(session, make_user(session, helpdesks=[desk]))
    seen = _add(
        session, ticket_id=make_ticket(session, helpdesk_id=desk.id).id, customer_id=customer.id
    )
    loose = _add(session, customer_id=customer.id)
    hidden = _add(session, ticket_id=make_ticket(session, helpdesk_id=hidden_desk.id).id)
    assert _ids(session, agent) == [seen.id, loose.id]
    with pytest.raises(NotFound):
        update_line_item(session, agent, hidden.id, LineItemUpdate(title="x"))
    with pytest.raises(PermissionDenied):
        list_line_items(session, actor(session, customer), LineItemFilter(), PAGE)


def test_cost_keeps_cents(session: Session, customer: User) -> None:
    line = _add(session, customer_id=customer.id, cost=Decimal("0.10"), quantity=3)
    session.expire_all()
    assert session.get_one(InvoiceLine, line.id).unit_price == pytest.approx(0.10)
