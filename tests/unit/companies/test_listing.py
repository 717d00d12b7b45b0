"""Company and help desk listings by name, pattern and prefix range; updates."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from polydesk.companies.changes import CompanyUpdate, update_company
from polydesk.companies.listing import NamedQuery, count_companies, search_companies
from polydesk.core.actor import SYSTEM, Role
from polydesk.core.errors import Conflict, PermissionDenied
from polydesk.helpdesks.listing import search_helpdesks
from polydesk.helpdesks.service import HelpdeskUpdate, update_helpdesk
from polydesk.tickets.criteria import TextRange
from tests.factories import actor, make_company, make_helpdesk, make_user


def test_company_listing(session: Session) -> None:
    acme, bolt, _ = (make_company(session, name) for name in ("Acme", "Bolt", "Crane"))
    names = lambda **q: [c.name for c in search_companies(session, SYSTEM, NamedQuery(**q))]  # noqa: E731
    assert names(names=["acme", "Cr*"]) == ["Acme", "Crane"]
    assert names(name_range=TextRange(start="b")) == ["Bolt", "Crane"]
    assert names(ids=[bolt.id]) == ["Bolt"]
    assert count_companies(session, SYSTEM, NamedQuery(name_range=TextRange(end="a"))) == 1
    customer = make_user(session, Role.CUSTOMER, company=acme)
    assert [c.name for c in search_companies(session, actor(session, customer), NamedQuery())] == [
        "Acme"
    ]


def test_company_update(session: Session) -> None:
    acme, _ = make_company(session, "Acme"), make_company(session, "Bolt")
    updated = update_company(session, SYSTEM, acme.id, CompanyUpdate(city="Atlanta", name="ACME"))
    assert (updated.city, updated.name) == ("Atlanta", "ACME")
    with pytest.raises(Conflict):
        update_company(session, SYSTEM, acme.id, CompanyUpdate(name="bolt"))
    with pytest.raises(PermissionDenied):
        update_company(session, actor(session, make_user(session)), acme.id, CompanyUpdate(zip="1"))


def test_helpdesk_listing_and_update(session: Session) -> None:
    one, _ = make_helpdesk(session, "Network"), make_helpdesk(session, "Desktop")
    found = search_helpdesks(session, SYSTEM, NamedQuery(sort="name"))
    assert [h.name for h in found] == ["Desktop", "Network"]
    assert (
        update_helpdesk(session, SYSTEM, one.id, HelpdeskUpdate(description="wires")).description
        == "wires"
    )
    with pytest.raises(Conflict):
        update_helpdesk(session, SYSTEM, one.id, HelpdeskUpdate(name="desktop"))
