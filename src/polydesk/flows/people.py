"""Add or change a person: the account, a company made for them, their manager, whether they
may log in, and their help desk and group memberships, in the caller's transaction: a refused
part refuses the whole request and nothing is written."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy.orm import Session

from polydesk.companies.service import CompanyCreate, create_company
from polydesk.core.actor import Actor
from polydesk.flows.commands import ChangePerson, NewPerson
from polydesk.models.users import User
from polydesk.users.memberships import set_group_memberships, set_helpdesk_memberships
from polydesk.users.schemas import UserCreate, UserUpdate
from polydesk.users.service import create_user, update_user

UserCommand = TypeVar("UserCommand", UserCreate, UserUpdate)


def add_person(session: Session, actor: Actor, command: NewPerson) -> User:
    details = _with_company(session, actor, command.user, command.new_company)
    user = create_user(session, actor, details)
    # Set after creation: the account's own command has no manager and starts enabled.
    later = UserUpdate()
    if command.manager_id is not None:
        later.manager_id = command.manager_id
    if not command.is_enabled:
        later.is_enabled = False
    if later.model_fields_set:
        user = update_user(session, actor, user.id, later)
    _memberships(session, actor, user.id, command)
    return user


def change_person(session: Session, actor: Actor, user_id: int, command: ChangePerson) -> User:
    details = _with_company(session, actor, command.user, command.new_company)
    user = update_user(session, actor, user_id, details)
    _memberships(session, actor, user.id, command)
    return user


def _with_company(
    session: Session, actor: Actor, details: UserCommand, company: CompanyCreate | None
) -> UserCommand:
    """The user's command, in the company made for them when there is one (made first)."""
    if company is None:
        return details
    made = create_company(session, actor, company)
    return details.model_copy(update={"company_id": made.id})


def _memberships(
    session: Session, actor: Actor, user_id: int, command: NewPerson | ChangePerson
) -> None:
    if command.helpdesk_ids is not None:
        set_helpdesk_memberships(
            session, actor, user_id, command.helpdesk_ids,
            read_only=command.read_only_helpdesk_ids,
        )  # fmt: skip
    if command.group_ids is not None:
        set_group_memberships(session, actor, user_id, command.group_ids)
