"""Changing a company; defining locations (Issue 14)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError
from sqlalchemy.orm import Session

from polydesk.companies.changes import CompanyUpdate, update_company
from polydesk.companies.locations import (
    LocationCreate,
    LocationUpdate,
    create_location,
    get_location_by_name,
    list_locations,
    update_location,
)
from polydesk.core.actor import SYSTEM, Role
from polydesk.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from tests.factories import actor, make_company, make_user


def test_update_company_changes_what_is_given(session: Session) -> None:
    parent, company = make_company(session, "Holding"), make_company(session, "Acme")
    manager = make_user(session)
    cmd = CompanyUpdate(
        code="ACME",
        fiscal_id="B123",
        parent_id=parent.id,
        manager_id=manager.id,
        is_enabled=False,
        city="Oslo",
    )
    update_company(session, SYSTEM, company.id, cmd)
    assert (company.name, company.code, company.fiscal_id, company.city) == (
        "Acme",
        "ACME",
        "B123",
        "Oslo",
    )
    assert (company.parent_id, company.manager_id, company.is_enabled) == (
        parent.id,
        manager.id,
        False,
    )
    update_company(session, SYSTEM, company.id, CompanyUpdate(city=None, parent_id=None))
    assert (company.city, company.parent_id, company.manager_id) == ("Oslo", None, manager.id)


def test_company_names_and_codes_stay_unique(session: Session) -> None:
    make_company(session, "First")
    company = make_company(session, "Second")
    with pytest.raises(Conflict) as raised:
        update_company(session, SYSTEM, company.id, CompanyUpdate(name="FIRST"))
    assert raised.value.code == "company.name_taken"
    with pytest.raises(Conflict) as taken:
        update_company(session, SYSTEM, company.id, CompanyUpdate(code="First"))
    assert taken.value.code == "company.code_taken"
    update_company(session, SYSTEM, company.id, CompanyUpdate(name="SECOND", code="Second"))
    assert company.name == "SECOND"


def test_company_references_are_checked(session: Session) -> None:
    top, child = make_company(session), make_company(session)
    update_company(session, SYSTEM, child.id, CompanyUpdate(parent_id=top.id))
    for parent in (child, top):
        with pytest.raises(ValidationFailed) as raised:
            update_company(session, SYSTEM, top.id, CompanyUpdate(parent_id=parent.id))
        assert raised.value.code == "company.parent_cycle"
    with pytest.raises(NotFound) as missing:
        update_company(session, SYSTEM, top.id, CompanyUpdate(manager_id=999_999))
    assert missing.value.code == "user.not_found"
    with pytest.raises(NotFound):
        update_company(session, SYSTEM, top.id, CompanyUpdate(parent_id=999_999))
    with pytest.raises(ValidationError):
        CompanyUpdate.model_validate({"manager": "bob"})


def test_only_admins_change_companies(session: Session) -> None:
    company = make_company(session, "Kept")
    agent = actor(session, make_user(session, Role.AGENT))
    with pytest.raises(PermissionDenied):
        update_company(session, agent, company.id, CompanyUpdate(name="Taken"))
    assert company.name == "Kept"


def test_create_and_find_locations(session: Session) -> None:
    hq = create_location(session, SYSTEM, LocationCreate(name="HQ", address="Main St 1"))
    floor = create_location(session, SYSTEM, LocationCreate(name="HQ floor 2", parent_id=hq.id))
    assert get_location_by_name(session, "HQ") is hq
    assert floor.parent_id == hq.id
    assert [row.name for row in list_locations(session)][-2:] == ["HQ", "HQ floor 2"]
    with pytest.raises(Conflict) as raised:
        create_location(session, SYSTEM, LocationCreate(name="hq"))
    assert raised.value.code == "location.name_taken"
    with pytest.raises(NotFound):
        create_location(session, SYSTEM, LocationCreate(name="Annex", parent_id=999_999))


def test_update_and_disable_a_location(session: Session) -> None:
    hq = create_location(session, SYSTEM, LocationCreate(name="HQ"))
    annex = create_location(session, SYSTEM, LocationCreate(name="Annex", parent_id=hq.id))
    update_location(session, SYSTEM, annex.id, LocationUpdate(name="Annexe", address="Side St"))
    assert (annex.name, annex.address, annex.parent_id) == ("Annexe", "Side St", hq.id)
    update_location(session, SYSTEM, annex.id, LocationUpdate(is_enabled=False, parent_id=None))
    assert annex.parent_id is None
    assert get_location_by_name(session, "Annexe") is None
    assert get_location_by_name(session, "Annexe", include_disabled=True) is annex
    assert annex not in list_locations(session, enabled_only=True)
    with pytest.raises(Conflict):
        update_location(session, SYSTEM, annex.id, LocationUpdate(name="HQ"))


def test_location_references_are_checked(session: Session) -> None:
    top = create_location(session, SYSTEM, LocationCreate(name="Top"))
    child = create_location(session, SYSTEM, LocationCreate(name="Child", parent_id=top.id))
    for parent in (child, top):
        with pytest.raises(ValidationFailed) as raised:
            update_location(session, SYSTEM, top.id, LocationUpdate(parent_id=parent.id))
        assert raised.value.code == "location.parent_cycle"
    with pytest.raises(NotFound) as missing:
        update_location(session, SYSTEM, 999_999, LocationUpdate(name="X"))
    assert missing.value.code == "location.not_found"
    with pytest.raises(ValidationError):
        LocationCreate.model_validate({"name": ""})


def test_only_admins_define_locations(session: Session) -> None:
    agent = actor(session, make_user(session, Role.AGENT))
    with pytest.raises(PermissionDenied):
        create_location(session, agent, LocationCreate(name="Nope"))
    place = create_location(session, SYSTEM, LocationCreate(name="Place"))
    with pytest.raises(PermissionDenied):
        update_location(session, agent, place.id, LocationUpdate(name="Nope"))
    assert place.name == "Place"
