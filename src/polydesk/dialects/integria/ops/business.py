"""Leads, invoices, companies, newsletter addresses (spec §3.18-3.23)."""

from __future__ import annotations

from datetime import date

from pydantic import ValidationError

from polydesk.billing.service import (
    InvoiceCreate,
    InvoiceLineIn,
    create_invoice,
    get_invoice_by_number,
    invoice_lines,
    last_invoice_number,
)
from polydesk.companies.service import CompanyCreate, create_company
from polydesk.core.clock import utcnow
from polydesk.core.errors import Conflict, DomainError
from polydesk.crm.service import LeadCreate, add_newsletter_address, create_lead, lead_email_taken
from polydesk.dialects.integria import writers
from polydesk.dialects.integria.context import Context
from polydesk.dialects.integria.ops.registry import op
from polydesk.dialects.integria.replies import Refused, Reply, lenient_scalar, scalar
from polydesk.dialects.integria.request import Params
from polydesk.dialects.integria.rows import Lookups, Row, encode
from polydesk.models.billing import Invoice
from polydesk.users.service import get_user_by_login

LANGUAGES = ("en_GB", "es", "ru", "fr", "zh_CN", "de", "pl")  # tlanguage on a fresh install
DUPED = " (DUPED LEAD!)"
DIRECTIONS = {"Submitted": "issued", "Received": "received"}


def _login_id(ctx: Context, login: str) -> int | None:
    user = get_user_by_login(ctx.session, login) if login else None
    return user.id if user else None


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


@op("create_lead", failure=scalar(0))
def create_lead_op(ctx: Context, params: Params) -> Reply:
    p = [part.strip() for part in params.parts]
    full_name, email, language = params.text(0).strip(), params.get(2).strip(), params.get(10)
    estimated_sale = _number(params.get(4).strip() or "0")
    if not full_name or not email or language.strip() not in LANGUAGES or estimated_sale is None:
        return scalar(0)  # a non-number sale is MySQL's strict-mode INSERT error: 0
    description = params.text(11).strip()
    if lead_email_taken(ctx.session, email):
        full_name, description = full_name + DUPED, description + DUPED
    separator = params.get(15)
    tags = params.get(16).split(separator) if separator else [params.get(16)]
    create_lead(
        ctx.session,
        ctx.actor,
        LeadCreate(
            full_name=full_name,
            company_name=p[1] if len(p) > 1 else "",
            email=email,
            country=params.get(3).strip(),
            estimated_sale=estimated_sale,
            progress=writers.php_int(params.get(5)),
            phone=params.get(6).strip(),
            mobile=params.get(7).strip(),
            position=params.get(8).strip(),
            owner_id=_login_id(ctx, params.get(9).strip()),
            language=language.strip(),
            description=description,
            company_id=writers.php_int(params.get(13)) or None,
            category_id=writers.php_int(params.get(12)) or None,
            campaign_id=writers.php_int(params.get(14)) or None,
            tags=[tag.strip() for tag in tags if tag.strip()],
        ),
    )
    return scalar(1)


@op("get_last_invoice_id")
def get_last_invoice_id(ctx: Context, params: Params) -> Reply:
    number = last_invoice_number(ctx.session, ctx.actor, "issued")
    text = encode(number) if number else ""
    xml = writers.xml_block("last_invoice_id", {"id": text}, cdata=True)
    return lenient_scalar(text, lambda: xml)


def invoice_row(invoice: Invoice, look: Lookups, amounts: list[tuple[str, float]]) -> Row:
    """The 28 ``tinvoice`` fields the API prints, in its order (spec §3.20)."""
    padded = (amounts + [("", 0.0)] * 5)[:5]
    row: Row = {
        "id": invoice.id,
        "id_user": look.login(invoice.created_by_id),
        "id_task": invoice.task_id or "",
        "id_company": invoice.company_id or 0,
        "bill_id": encode(invoice.number),
    }
    row |= {f"concept{i}": encode(concept) for i, (concept, _) in enumerate(padded, 1)}
    row |= {f"amount{i}": f"{amount:.2f}" for i, (_, amount) in enumerate(padded, 1)}
    row |= {
        "tax": f"{invoice.tax_rate:.2f}",
        "currency": invoice.currency,
        "description": encode(invoice.description),
        "id_attachment": 0,
        "locked": int(invoice.locked_at is not None),
        "locked_id_user": look.login(invoice.locked_by_id),
        "invoice_create_date": writers.mysql_date(invoice.issued_on),
        "invoice_payment_date": writers.mysql_date(invoice.paid_on),
        "status": invoice.status,
        "reference": encode(invoice.reference),
        "internal_note": encode(invoice.internal_note),
        "invoice_type": "Received" if invoice.direction == "received" else "Submitted",
        "id_language": invoice.language,
    }
    return row


@op("get_invoice")
def get_invoice(ctx: Context, params: Params) -> Reply:
    invoice = get_invoice_by_number(ctx.session, ctx.actor, params.whole.strip())
    if invoice is None:
        return Reply(
            csv=lambda: "\n", xml=lambda: "<xml>\n<invoice>\n</invoice>\n</xml>\n", lenient=True
        )
    look = Lookups.load(ctx.session, ctx.zone)
    look.add_users([invoice.created_by_id, invoice.locked_by_id])
    lines = [(line.description, line.unit_price) for line in invoice_lines(ctx.session, invoice.id)]
    row = invoice_row(invoice, look, lines)
    return Reply(
        csv=lambda: writers.csv_row(row.values()),
        xml=lambda: writers.xml_block("invoice", row, cdata=True),
        lenient=True,
    )


def _invoice_answer(status: int, message: str) -> Reply:
    fields: Row = {"status": status, "error": message}
    return Reply(
        csv=lambda: writers.csv_row([status, message]),
        xml=lambda: writers.xml_block("invoice", fields, cdata=True),
        lenient=True,
    )


def _required_invoice_fields(p: list[str]) -> str | None:
    """The product's checks on empty fields, first failure wins."""
    checks = (
        (3, "empty billing id"),
        (2, "empty invoice company"),
        (4, "empty invoice concept"),
        (5, "empty invoice amount"),
        (7, "empty invoice currency"),
    )
    for index, message in checks:
        value = p[index] if index < len(p) else ""
        if not value or (index == 5 and value == "0"):
            return message
    if (p[16] if len(p) > 16 else "") not in DIRECTIONS:
        return "empty invoice type (Submitted or Received)"
    return None


def _parse_day(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


@op("create_invoice", failure=_invoice_answer(0, "error creating invoice"))
def create_invoice_op(ctx: Context, params: Params) -> Reply:
    p = [part.strip() for part in params.parts] + [""] * 18
    problem = _required_invoice_fields(p)
    if problem:
        return _invoice_answer(0, problem)
    creator = get_user_by_login(ctx.session, p[0]) if p[0] else None
    if p[0] and creator is None:
        return _invoice_answer(0, "user does not exist")
    locker = get_user_by_login(ctx.session, p[10]) if p[10] else None
    if writers.php_int(p[9]) and locker is None:
        return _invoice_answer(0, "user locked does not exist")
    status = p[13] or "pending"
    try:
        cmd = InvoiceCreate(
            number=params.text(3).strip(),
            company_id=writers.php_int(p[2]),
            created_by_id=creator.id if creator else None,
            task_id=writers.php_int(p[1]) or None,
            lines=[InvoiceLineIn(description=params.text(4).strip(), amount=float(p[5]))],
            tax_rate=float(p[6] or 0),
            currency=p[7],
            description=params.text(8).strip(),
            is_locked=bool(writers.php_int(p[9])),
            locked_by_id=locker.id if locker else None,
            issued_on=_parse_day(p[11]),
            paid_on=_parse_day(p[12]) or (ctx_today(ctx) if status == "paid" else None),
            status=status,
            reference=p[14],
            internal_note=params.text(15).strip(),
            direction=DIRECTIONS[p[16]],
            language=p[17] or "en_GB",
        )
        create_invoice(ctx.session, ctx.actor, cmd)
    except Conflict:
        raise Refused(_invoice_answer(0, "invalid billing id")) from None
    except (ValueError, ValidationError, DomainError):
        raise Refused(_invoice_answer(0, "error creating invoice")) from None
    return _invoice_answer(1, "invoice created")


def ctx_today(ctx: Context) -> date:
    return utcnow().astimezone(ctx.zone).date()


def _company_answer(company_id: int) -> Reply:
    return lenient_scalar(
        company_id, lambda: writers.xml_block("company", {"id": company_id}, cdata=True)
    )


@op("create_company", failure=_company_answer(0))
def create_company_op(ctx: Context, params: Params) -> Reply:
    manager = params.get(5)
    manager_id = _login_id(ctx, manager)
    if manager and manager_id is None:
        return _company_answer(0)
    company = create_company(
        ctx.session,
        ctx.actor,
        CompanyCreate(
            name=params.text(0),
            address=params.text(1),
            fiscal_id=params.get(2) or "0",
            role_id=writers.php_int(params.get(3)) or None,
            country=params.get(4),
            manager_id=manager_id,
            parent_id=writers.php_int(params.get(6)) or None,
            description="Created from SaaS portal",
        ),
    )
    return _company_answer(company.id)


@op("add_address_to_newsletter", failure=scalar(0))
def add_address_to_newsletter(ctx: Context, params: Params) -> Reply:
    address = add_newsletter_address(
        ctx.session,
        ctx.actor,
        newsletter_id=writers.php_int(params.get(0)),
        name=params.get(1),
        email=params.get(2),
    )
    return scalar(address.id)
