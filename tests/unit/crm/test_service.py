"""CRM service: leads, newsletters and newsletter addresses."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from polydesk.core.actor import SYSTEM, Actor, Role
from polydesk.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from polydesk.crm.service import (
    LeadCreate,
    add_newsletter_address,
    create_lead,
    create_newsletter,
    lead_email_taken,
)
from polydesk.models.crm import Lead, Newsletter, NewsletterAddress
from tests.factories import actor, make_company, make_user


def _lead(**fields: Any) -> LeadCreate:
    fields.setdefault("full_name", "Ada Lovelace")
    fields.setdefault("email", "ada@example.com")
    return LeadCreate(**fields)


def _count(session: Session, model: type[Lead] | type[Newsletter] | type[NewsletterAddress]) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def _agent(session: Session) -> Actor:
    return actor(session, make_user(session))


def _admin(session: Session) -> Actor:
    return actor(session, make_user(session, Role.ADMIN))


def _customer(session: Session) -> Actor:
    return actor(session, make_user(session, Role.CUSTOMER, company=make_company(session)))


# -- leads ---------------------------------------------------------------------------------------


def test_create_lead_stores_every_field(session: Session) -> None:
    company, owner = make_company(session), make_user(session)
    cmd = _lead(
        phone="+34 600 000 000",
        mobile="600",
        position="CTO",
        company_name="Analytical Engines Ltd",
        company_id=company.id,
        owner_id=owner.id,
        country="UK",
        language="en",
        description="Met at the fair",
        progress=40,
        estimated_sale=1999.99,
        estimated_close_on=date(2026, 6, 30),
        tags=[" hot ", "", "  ", "fair-2026"],
    )
    lead = create_lead(session, _agent(session), cmd)
    stored = session.get(Lead, lead.id)
    assert stored is lead and lead.id is not None
    assert (lead.full_name, lead.email) == ("Ada Lovelace", "ada@example.com")
    assert (lead.phone, lead.mobile, lead.position) == ("+34 600 000 000", "600", "CTO")
    assert (lead.company_name, lead.company_id, lead.owner_id) == (
        "Analytical Engines Ltd",
        company.id,
        owner.id,
    )
    assert (lead.country, lead.language, lead.description) == ("UK", "en", "Met at the fair")
    assert (lead.progress, lead.estimated_sale) == (40, 1999.99)
    assert lead.estimated_close_on == date(2026, 6, 30)
    assert lead.tags == "hot,fair-2026"


def test_create_lead_defaults(session: Session) -> None:
    lead = create_lead(session, _admin(session), _lead())
    assert (lead.tags, lead.progress, lead.estimated_sale) == ("", 0, 0)
    assert lead.company_id is None and lead.owner_id is None


@pytest.mark.parametrize(("field", "code"), [("company_id", "company"), ("owner_id", "user")])
def test_create_lead_references_must_exist(session: Session, field: str, code: str) -> None:
    with pytest.raises(NotFound) as caught:
        create_lead(session, _agent(session), _lead(**{field: 999_999}))
    assert caught.value.code == f"{code}.not_found"
    assert caught.value.details == {"id": "999999"}
    assert _count(session, Lead) == 0


def test_customers_may_not_create_leads(session: Session) -> None:
    with pytest.raises(PermissionDenied) as caught:
        create_lead(session, _customer(session), _lead())
    assert caught.value.code == "permission_denied"
    assert _count(session, Lead) == 0


@pytest.mark.parametrize(
    "fields",
    [
        {"full_name": ""},
        {"full_name": "x" * 256},
        {"email": "not-an-address"},
        {"progress": -1},
        {"progress": 1001},
        {"estimated_sale": -0.01},
        {"phone": "x" * 51},
        {"language": "x" * 17},
        {"tags": ["a,b"]},
        {"tags": ["x" * 600, "y" * 600]},
        {"source": "web"},
    ],
)
def test_lead_command_rejects_bad_input(fields: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        _lead(**fields)


def test_lead_command_requires_name_and_email() -> None:
    with pytest.raises(ValidationError):
        LeadCreate(full_name="Ada")  # type: ignore[call-arg]
    with pytest.raises(ValidationError):
        LeadCreate(email="ada@example.com")  # type: ignore[call-arg]


def test_lead_email_taken_is_case_insensitive(session: Session) -> None:
    assert not lead_email_taken(session, "ada@example.com")
    create_lead(session, SYSTEM, _lead(email="Ada@Example.com"))
    assert lead_email_taken(session, "ada@example.com")
    assert lead_email_taken(session, " ADA@EXAMPLE.COM ")
    assert not lead_email_taken(session, "bob@example.com")
    assert not lead_email_taken(session, "")


# -- newsletters ---------------------------------------------------------------------------------


def test_create_newsletter(session: Session) -> None:
    newsletter = create_newsletter(session, _admin(session), " Monthly ", "News of the month")
    assert newsletter.id is not None
    assert (newsletter.name, newsletter.description) == ("Monthly", "News of the month")
    assert create_newsletter(session, SYSTEM, "Weekly").description == ""


def test_newsletter_names_are_unique_case_insensitively(session: Session) -> None:
    create_newsletter(session, SYSTEM, "Monthly")
    with pytest.raises(Conflict) as caught:
        create_newsletter(session, SYSTEM, "MONTHLY")
    assert caught.value.code == "newsletter.name_taken"
    assert _count(session, Newsletter) == 1


@pytest.mark.parametrize(
    ("name", "description", "code"),
    [
        ("", "", "newsletter.invalid_name"),
        ("   ", "", "newsletter.invalid_name"),
        ("x" * 192, "", "newsletter.invalid_name"),
        ("Monthly", "x" * 1001, "newsletter.invalid_description"),
    ],
)
def test_create_newsletter_validates(
    session: Session, name: str, description: str, code: str
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        create_newsletter(session, SYSTEM, name, description)
    assert caught.value.code == code


@pytest.mark.parametrize("role", [Role.AGENT, Role.CUSTOMER])
def test_only_admins_create_newsletters(session: Session, role: Role) -> None:
    who = actor(session, make_user(session, role))
    with pytest.raises(PermissionDenied):
        create_newsletter(session, who, "Monthly")
    assert _count(session, Newsletter) == 0


def test_add_newsletter_address(session: Session) -> None:
    newsletter = create_newsletter(session, SYSTEM, "Monthly")
    address = add_newsletter_address(
        session,
        _agent(session),
        newsletter_id=newsletter.id,
        name=" Ada ",
        email=" ada@example.com ",
    )
    assert address.id is not None and address.newsletter_id == newsletter.id
    assert (address.name, address.email, address.is_validated) == ("Ada", "ada@example.com", False)


def test_local_addresses_are_leads_and_subscribers_like_users(session: Session) -> None:
    """Leads and newsletter addresses are read as users' are (``core.validation.MailAddress``)."""
    lead = create_lead(session, _agent(session), _lead(email="root@localhost"))
    newsletter = create_newsletter(session, SYSTEM, "Monthly")
    address = add_newsletter_address(
        session, SYSTEM, newsletter_id=newsletter.id, name="", email="ops@Intranet"
    )
    assert (lead.email, address.email) == ("root@localhost", "ops@intranet")


def test_same_address_on_two_newsletters_is_fine(session: Session) -> None:
    monthly = create_newsletter(session, SYSTEM, "Monthly")
    weekly = create_newsletter(session, SYSTEM, "Weekly")
    for newsletter in (monthly, weekly):
        add_newsletter_address(
            session, SYSTEM, newsletter_id=newsletter.id, name="", email="ada@example.com"
        )
    assert _count(session, NewsletterAddress) == 2


def test_duplicate_address_is_a_conflict(session: Session) -> None:
    newsletter = create_newsletter(session, SYSTEM, "Monthly")
    add_newsletter_address(
        session, SYSTEM, newsletter_id=newsletter.id, name="Ada", email="ada@example.com"
    )
    with pytest.raises(Conflict) as caught:
        add_newsletter_address(
            session, SYSTEM, newsletter_id=newsletter.id, name="A", email="ADA@example.COM"
        )
    assert caught.value.code == "newsletter.address_taken"
    assert _count(session, NewsletterAddress) == 1


def test_address_needs_an_existing_newsletter(session: Session) -> None:
    with pytest.raises(NotFound) as caught:
        add_newsletter_address(
            session, _agent(session), newsletter_id=999_999, name="", email="ada@example.com"
        )
    assert caught.value.code == "newsletter.not_found"
    assert caught.value.details == {"id": "999999"}


@pytest.mark.parametrize(
    ("name", "email", "code"),
    [
        ("", "", "newsletter.invalid_email"),
        ("", "not-an-address", "newsletter.invalid_email"),
        ("", "x" * 250 + "@example.com", "newsletter.invalid_email"),
        ("x" * 256, "ada@example.com", "newsletter.invalid_name"),
    ],
)
def test_address_input_is_validated(session: Session, name: str, email: str, code: str) -> None:
    newsletter = create_newsletter(session, SYSTEM, "Monthly")
    with pytest.raises(ValidationFailed) as caught:
        add_newsletter_address(session, SYSTEM, newsletter_id=newsletter.id, name=name, email=email)
    assert caught.value.code == code


def test_customers_may_not_add_addresses(session: Session) -> None:
    newsletter = create_newsletter(session, SYSTEM, "Monthly")
    with pytest.raises(PermissionDenied) as caught:
        add_newsletter_address(
            session,
            _customer(session),
            newsletter_id=newsletter.id,
            name="Me",
            email="me@example.com",
        )
    assert caught.value.code == "permission_denied"
    assert _count(session, NewsletterAddress) == 0
