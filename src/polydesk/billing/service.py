"""Invoice use cases: create an invoice with its lines, look invoices up by number.

Decisions (ARCHITECTURE.md: "write the decision down next to the code"):
- Invoices are agents' business: customers are refused (``permission_denied``) everywhere.
- ``created_by_id`` defaults to the acting user; ``locked_by_id`` likewise when the invoice is
  created locked. An invoice created unlocked keeps no lock owner, whatever was sent.
- Referenced rows are checked in a fixed order, so a command with several faults always
  reports the same one: number, company, customer, creator, lock owner, ticket.
- The ticket is looked up through ticket visibility: an agent cannot bill a ticket it cannot
  read, and such a ticket is reported as not found, as everywhere else.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from polydesk.authz.tickets import require_agent
from polydesk.billing.people import resolve_person
from polydesk.core.actor import Actor, Role
from polydesk.core.clock import utcnow
from polydesk.core.errors import Conflict, not_found
from polydesk.models.billing import Invoice, InvoiceLine
from polydesk.models.companies import Company
from polydesk.models.users import User
from polydesk.tickets.access import require_ticket

InvoiceStatus = Literal["pending", "paid", "canceled"]
InvoiceDirection = Literal["issued", "received"]


class InvoiceLineIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    description: str = Field(max_length=1000)
    #: Negative amounts are allowed (discounts, credit lines); infinities and NaN are not.
    amount: float = Field(allow_inf_nan=False)


class InvoiceCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    number: str = Field(min_length=1, max_length=100)
    company_id: int
    customer_id: int | None = None  # the customer user billed, when there is one
    created_by_id: int | None = None
    ticket_id: int | None = None
    task_id: int | None = Field(default=None, ge=1, le=2**31 - 1)  # a project task (Integria)
    lines: list[InvoiceLineIn] = Field(min_length=1, max_length=20)
    tax_rate: float = Field(default=0, ge=0, le=1000)
    currency: str = Field(min_length=3, max_length=3)
    description: str = Field(default="", max_length=100_000)
    is_locked: bool = False
    locked_by_id: int | None = None
    issued_on: date | None = None
    paid_on: date | None = None
    status: InvoiceStatus = "pending"
    reference: str = Field(default="", max_length=255)
    internal_note: str = Field(default="", max_length=100_000)
    direction: InvoiceDirection = "issued"
    language: str = Field(default="", max_length=16)


#: Command fields that are not copied onto the invoice as they are.
_NOT_COPIED = {"lines", "is_locked", "created_by_id", "locked_by_id", "currency", "issued_on"}


def create_invoice(session: Session, actor: Actor, cmd: InvoiceCreate) -> Invoice:
    require_agent(actor)
    created_by_id = cmd.created_by_id if cmd.created_by_id is not None else actor.user_id
    locked_by_id = cmd.locked_by_id if cmd.locked_by_id is not None else actor.user_id
    _check_references(session, actor, cmd, created_by_id)
    now = utcnow()
    invoice = Invoice(
        **cmd.model_dump(exclude=_NOT_COPIED),
        created_by_id=created_by_id,
        currency=cmd.currency.upper(),
        issued_on=cmd.issued_on or now.date(),
        locked_at=now if cmd.is_locked else None,
        locked_by_id=locked_by_id if cmd.is_locked else None,
    )
    session.add(invoice)
    session.flush()
    session.add_all(
        InvoiceLine(
            invoice_id=invoice.id,
            position=position,
            description=line.description,
            quantity=1,
            unit_price=line.amount,
            created_at=now,
        )
        for position, line in enumerate(cmd.lines)
    )
    session.flush()
    return invoice


def _check_references(
    session: Session, actor: Actor, cmd: InvoiceCreate, created_by_id: int | None
) -> None:
    if session.scalars(select(Invoice.id).where(Invoice.number == cmd.number)).first() is not None:
        raise Conflict("invoice.number_taken", f"invoice number {cmd.number!r} is already used")
    if session.get(Company, cmd.company_id) is None:
        raise not_found("company", cmd.company_id)
    resolve_person(session, "customer", cmd.customer_id, (Role.CUSTOMER,))
    if created_by_id is not None and session.get(User, created_by_id) is None:
        raise not_found("user", created_by_id)
    if cmd.locked_by_id is not None and session.get(User, cmd.locked_by_id) is None:
        raise not_found("user", cmd.locked_by_id)
    if cmd.ticket_id is not None:
        require_ticket(session, actor, cmd.ticket_id)


def get_invoice_by_number(session: Session, actor: Actor, number: str) -> Invoice | None:
    require_agent(actor)
    return session.scalars(select(Invoice).where(Invoice.number == number)).first()


def invoice_lines(session: Session, invoice_id: int) -> list[InvoiceLine]:
    query = select(InvoiceLine).where(InvoiceLine.invoice_id == invoice_id)
    return list(session.scalars(query.order_by(InvoiceLine.position, InvoiceLine.id)))


def last_invoice_number(
    session: Session, actor: Actor, direction: InvoiceDirection = "issued"
) -> str | None:
    """The number of the newest invoice of ``direction``: latest issue date, then highest number.

    Numbers compare as text (``INV-9`` sorts after ``INV-10``); invoices without an issue date
    count as oldest.
    """
    require_agent(actor)
    query = (
        select(Invoice.number)
        .where(Invoice.direction == direction)
        .order_by(Invoice.issued_on.desc().nulls_last(), Invoice.number.desc(), Invoice.id.desc())
        .limit(1)
    )
    return session.scalars(query).first()
