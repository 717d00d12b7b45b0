"""add_person / change_person: an account with its company, manager, state and memberships in
one call, and a refused part writes nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from polydesk.companies.service import CompanyCreate
from polydesk.core.actor import SYSTEM, Role
from polydesk.core.errors import DomainError, PermissionDenied
from polydesk.flows.commands import ChangePerson, NewPerson
from polydesk.flows.people import add_person, change_person
from polydesk.groups.service import GroupCreate, create_group
from polydesk.helpdesks.service import HelpdeskCreate, create_helpdesk
from polydesk.models.companies import Company
from polydesk.users.memberships import groups_of, helpdesks_of
from polydesk.users.schemas import UserCreate, UserUpdate
from tests.factories import actor, make_user


def test_add_person_with_everything_around_the_account(session: Session) -> None:
    admin = actor(session, make_user(session, Role.ADMIN))
    boss = make_user(session, Role.AGENT)
    desk = create_helpdesk(session, SYSTEM, HelpdeskCreate(name="Desk"))
    group = create_group(session, SYSTEM, GroupCreate(name="VIP"))
    command = NewPerson(
        user=UserCreate(login="jane", role=Role.AGENT),
        new_company=CompanyCreate(name="Jane & Co"),
        is_enabled=False,
        manager_id=boss.id,
        helpdesk_ids=[desk.id],
        group_ids=[group.id],
    )

    user = add_person(session, admin, command)

    company = session.get_one(Company, user.company_id)
    assert (company.name, user.is_enabled, user.manager_id) == ("Jane & Co", False, boss.id)
    assert helpdesks_of(session, [user.id]) == {user.id: [desk.id]}
    assert groups_of(session, [user.id]) == {user.id: [group.id]}


def test_a_refused_part_adds_no_one(session: Session) -> None:
    admin = actor(session, make_user(session, Role.ADMIN))
    companies = session.scalar(select(func.count()).select_from(Company))
    command = NewPerson(
        user=UserCreate(login="ghost"), new_company=CompanyCreate(name="Ghost Ltd"), group_ids=[-1]
    )
    with pytest.raises(DomainError), session.begin_nested():
        add_person(session, admin, command)
    assert session.scalar(select(func.count()).select_from(Company)) == companies


def test_change_person_moves_them_to_a_new_company(session: Session) -> None:
    admin = actor(session, make_user(session, Role.ADMIN))
    customer = make_user(session, Role.CUSTOMER)
    command = ChangePerson(user=UserUpdate(phone="404"), new_company=CompanyCreate(name="New"))

    user = change_person(session, admin, customer.id, command)

    assert (user.phone, session.get_one(Company, user.company_id).name) == ("404", "New")


def test_only_admins_add_people(session: Session) -> None:
    agent = actor(session, make_user(session, Role.AGENT))
    with pytest.raises(PermissionDenied):
        add_person(session, agent, NewPerson(user=UserCreate(login="nobody")))
