"""Site-file kinds for the directory: help desks, groups, companies, users.

Memberships live on the user (``helpdesks:`` and ``groups:`` name what the user belongs to),
so each fact is written in one place. Users a file creates get a generated password, shown once
to whoever applied the file; a site file never holds a password.
"""

from __future__ import annotations

import secrets
from typing import Any

from pydantic import Field, field_validator
from sqlalchemy import select

from polydesk.companies.changes import CompanyUpdate, update_company
from polydesk.companies.service import CompanyCreate, create_company, get_company_by_name
from polydesk.configuration.kinds import Entry, Kind, Outcome
from polydesk.configuration.ordering import parents_first
from polydesk.core.actor import Actor, Role, TicketScope
from polydesk.core.errors import not_found
from polydesk.db import Session
from polydesk.groups.service import (
    GroupCreate,
    GroupUpdate,
    add_member,
    create_group,
    get_group_by_name,
    remove_member,
    update_group,
)
from polydesk.helpdesks.members import remove_helpdesk_membership
from polydesk.helpdesks.service import (
    HelpdeskCreate,
    HelpdeskUpdate,
    create_helpdesk,
    get_helpdesk_by_name,
    get_sla,
    get_sla_by_name,
    update_helpdesk,
)
from polydesk.models.companies import Company
from polydesk.models.groups import Group, GroupMember
from polydesk.models.helpdesks import AssignmentEngine, Helpdesk, HelpdeskLevel, HelpdeskMember
from polydesk.models.users import User
from polydesk.users.schemas import LOGIN_PATTERN, UserCreate, UserUpdate
from polydesk.users.service import (
    add_helpdesk_membership,
    create_user,
    delete_user,
    get_user_by_login,
    update_user,
)


def _names(values: list[str]) -> list[str]:
    return sorted(dict.fromkeys(values), key=str.casefold)


# --- help desks ----------------------------------------------------------------------------


class HelpdeskEntry(Entry):
    name: str = Field(min_length=1, max_length=191, examples=["Service desk"])
    description: str = Field(default="", max_length=1000)
    email: str = Field(default="", max_length=254)
    parent: str | None = Field(default=None, description="the parent help desk's name")
    sla: str | None = Field(default=None, description="the SLA policy's name (section slas)")
    assignment_engine: AssignmentEngine = AssignmentEngine.MANUAL
    levels: list[str] = Field(default_factory=lambda: ["Level 1"], min_length=1, max_length=20)
    enabled: bool = True


class Helpdesks(Kind[HelpdeskEntry]):
    section = "helpdesks"
    entry = HelpdeskEntry

    def export(self, session: Session) -> list[HelpdeskEntry]:
        desks = session.scalars(select(Helpdesk).order_by(Helpdesk.name)).all()
        return parents_first([self._entry(session, desk) for desk in desks])

    def current(self, session: Session, key: str) -> HelpdeskEntry | None:
        desk = get_helpdesk_by_name(session, key)
        return None if desk is None else self._entry(session, desk)

    def create(self, session: Session, actor: Actor, entry: HelpdeskEntry) -> Outcome:
        parent_id = _helpdesk_id(session, entry.parent) if entry.parent else None
        sla_id = _sla_id(session, entry.sla)
        values = entry.model_dump(exclude={"parent", "sla", "enabled"})
        cmd = HelpdeskCreate(**values, parent_id=parent_id, sla_id=sla_id)
        desk = create_helpdesk(session, actor, cmd)
        if not entry.enabled:
            update_helpdesk(session, actor, desk.id, HelpdeskUpdate(is_enabled=False))
        return Outcome()

    def update(self, session: Session, actor: Actor, key: str, changes: dict[str, Any]) -> Outcome:
        fields = _renamed(changes, enabled="is_enabled")
        if "parent" in fields:
            parent = fields.pop("parent")
            fields["parent_id"] = _helpdesk_id(session, parent) if parent else None
        if "sla" in fields:
            fields["sla_id"] = _sla_id(session, fields.pop("sla"))
        update_helpdesk(session, actor, _helpdesk_id(session, key), HelpdeskUpdate(**fields))
        return Outcome()

    def _entry(self, session: Session, desk: Helpdesk) -> HelpdeskEntry:
        levels = session.scalars(
            select(HelpdeskLevel.name)
            .where(HelpdeskLevel.helpdesk_id == desk.id)
            .order_by(HelpdeskLevel.level)
        ).all()
        parent = session.get(Helpdesk, desk.parent_id) if desk.parent_id else None
        sla = get_sla(session, desk.sla_id) if desk.sla_id else None
        return HelpdeskEntry(
            name=desk.name,
            description=desk.description,
            email=desk.email,
            parent=parent.name if parent else None,
            sla=sla.name if sla else None,
            assignment_engine=desk.assignment_engine,
            levels=list(levels),
            enabled=desk.is_enabled,
        )


def _sla_id(session: Session, name: str | None) -> int | None:
    if name is None:
        return None
    sla = get_sla_by_name(session, name)
    if sla is None:
        raise not_found("sla", name)
    return sla.id


def _helpdesk_id(session: Session, name: str) -> int:
    desk = get_helpdesk_by_name(session, name)
    if desk is None:
        raise not_found("helpdesk", name)
    return desk.id


# --- groups ----------------------------------------------------------------------------------


class GroupEntry(Entry):
    name: str = Field(min_length=1, max_length=191, examples=["users"])
    description: str = Field(default="", max_length=1000)
    email: str = Field(default="", max_length=254)
    parent: str | None = Field(default=None, description="the parent group's name")
    enabled: bool = True


class Groups(Kind[GroupEntry]):
    section = "groups"
    entry = GroupEntry

    def export(self, session: Session) -> list[GroupEntry]:
        groups = session.scalars(select(Group).order_by(Group.name)).all()
        return parents_first([self._entry(session, group) for group in groups])

    def current(self, session: Session, key: str) -> GroupEntry | None:
        group = get_group_by_name(session, key)
        return None if group is None else self._entry(session, group)

    def create(self, session: Session, actor: Actor, entry: GroupEntry) -> Outcome:
        parent_id = _require_group(session, entry.parent).id if entry.parent else None
        values = entry.model_dump(exclude={"parent", "enabled"})
        group = create_group(session, actor, GroupCreate(**values, parent_id=parent_id))
        if not entry.enabled:
            update_group(session, actor, group.id, GroupUpdate(is_enabled=False))
        return Outcome()

    def update(self, session: Session, actor: Actor, key: str, changes: dict[str, Any]) -> Outcome:
        fields = _renamed(changes, enabled="is_enabled")
        if "parent" in fields:
            parent = fields.pop("parent")
            fields["parent_id"] = _require_group(session, parent).id if parent else None
        update_group(session, actor, _require_group(session, key).id, GroupUpdate(**fields))
        return Outcome()

    def _entry(self, session: Session, group: Group) -> GroupEntry:
        parent = session.get(Group, group.parent_id) if group.parent_id else None
        return GroupEntry(
            name=group.name,
            description=group.description,
            email=group.email,
            parent=parent.name if parent else None,
            enabled=group.is_enabled,
        )


def _require_group(session: Session, name: str) -> Group:
    group = get_group_by_name(session, name)
    if group is None:
        raise not_found("group", name)
    return group


# --- companies -------------------------------------------------------------------------------


class CompanyEntry(Entry):
    name: str = Field(min_length=1, max_length=191, examples=["ACME"])
    code: str | None = Field(default=None, min_length=1, max_length=150)
    description: str = Field(default="", max_length=2000)
    address: str = Field(default="", max_length=500)
    city: str = Field(default="", max_length=100)
    zip: str = Field(default="", max_length=20)
    country: str = Field(default="", max_length=100)
    phone: str = Field(default="", max_length=50)
    email: str = Field(default="", max_length=254)
    website: str = Field(default="", max_length=254)
    enabled: bool = True


class Companies(Kind[CompanyEntry]):
    section = "companies"
    entry = CompanyEntry

    def export(self, session: Session) -> list[CompanyEntry]:
        companies = session.scalars(select(Company).order_by(Company.name)).all()
        return [self._entry(company) for company in companies]

    def current(self, session: Session, key: str) -> CompanyEntry | None:
        company = get_company_by_name(session, key)
        return None if company is None else self._entry(company)

    def create(self, session: Session, actor: Actor, entry: CompanyEntry) -> Outcome:
        company = create_company(
            session, actor, CompanyCreate(**entry.model_dump(exclude={"enabled"}))
        )
        if not entry.enabled:
            update_company(session, actor, company.id, CompanyUpdate(is_enabled=False))
        return Outcome()

    def update(self, session: Session, actor: Actor, key: str, changes: dict[str, Any]) -> Outcome:
        company = get_company_by_name(session, key)
        if company is None:
            raise not_found("company", key)
        fields = _renamed(changes, enabled="is_enabled")
        update_company(session, actor, company.id, CompanyUpdate(**fields))
        return Outcome()

    def _entry(self, company: Company) -> CompanyEntry:
        fields = set(CompanyEntry.model_fields) - {"enabled"}
        values = {name: getattr(company, name) for name in fields}
        return CompanyEntry(**values, enabled=company.is_enabled)


# --- users -----------------------------------------------------------------------------------


class UserEntry(Entry):
    login: str = Field(pattern=LOGIN_PATTERN, examples=["root@localhost"])
    email: str | None = Field(default=None, max_length=254)
    first_name: str = Field(default="", max_length=100)
    last_name: str = Field(default="", max_length=100)
    role: Role = Role.CUSTOMER
    enabled: bool = True
    company: str | None = Field(default=None, description="the company's name")
    language: str = Field(default="en", max_length=16)
    phone: str = Field(default="", max_length=50)
    mobile: str = Field(default="", max_length=50)
    ticket_scope: TicketScope = Field(
        default=TicketScope.HELPDESKS,
        description="agents: all tickets of their help desks, or only the unowned and their own",
    )
    helpdesks: list[str] = Field(default_factory=list, description="help desks it is member of")
    groups: list[str] = Field(default_factory=list, description="groups it is member of")

    @field_validator("helpdesks", "groups")
    @classmethod
    def _as_set(cls, values: list[str]) -> list[str]:
        return _names(values)


class Users(Kind[UserEntry]):
    section = "users"
    entry = UserEntry
    key_field = "login"

    def export(self, session: Session) -> list[UserEntry]:
        users = session.scalars(select(User).order_by(User.login)).all()
        return [self._entry(session, user) for user in users]

    def current(self, session: Session, key: str) -> UserEntry | None:
        user = get_user_by_login(session, key)
        return None if user is None else self._entry(session, user)

    def create(self, session: Session, actor: Actor, entry: UserEntry) -> Outcome:
        password = secrets.token_urlsafe(12)
        cmd = UserCreate(
            login=entry.login,
            password=password,
            email=entry.email,
            first_name=entry.first_name,
            last_name=entry.last_name,
            role=entry.role,
            company_id=_company_id(session, entry.company),
            language=entry.language,
            phone=entry.phone,
            mobile=entry.mobile,
            ticket_scope=entry.ticket_scope,
        )
        user = create_user(session, actor, cmd)
        if not entry.enabled:
            update_user(session, actor, user.id, UserUpdate(is_enabled=False))
        self._join(session, actor, user, entry.helpdesks, entry.groups)
        return Outcome(secrets={"login": user.login, "generated_password": password})

    def update(self, session: Session, actor: Actor, key: str, changes: dict[str, Any]) -> Outcome:
        user = get_user_by_login(session, key)
        if user is None:
            raise not_found("user", key)
        fields = {name: value for name, value in changes.items() if name in _USER_COLUMNS}
        if "enabled" in changes:
            fields["is_enabled"] = changes["enabled"]
        if "company" in changes:
            fields["company_id"] = _company_id(session, changes["company"])
        if fields:
            update_user(session, actor, user.id, UserUpdate(**fields))
        current = self._entry(session, user)
        if "helpdesks" in changes:
            for name in set(current.helpdesks) - set(changes["helpdesks"]):
                desk_id = _helpdesk_id(session, name)
                remove_helpdesk_membership(session, actor, user_id=user.id, helpdesk_id=desk_id)
        if "groups" in changes:
            for name in set(current.groups) - set(changes["groups"]):
                group_id = _require_group(session, name).id
                remove_member(session, actor, group_id=group_id, user_id=user.id)
        self._join(session, actor, user, changes.get("helpdesks", []), changes.get("groups", []))
        return Outcome()

    def remove(self, session: Session, actor: Actor, key: str) -> str:
        """A user nothing refers to is deleted; one that tickets or history name is disabled."""
        user = get_user_by_login(session, key)
        if user is None:
            raise not_found("user", key)
        return "deleted" if delete_user(session, actor, user.id) else "disabled"

    def _join(
        self, session: Session, actor: Actor, user: User, helpdesks: list[str], groups: list[str]
    ) -> None:
        """Add the memberships ``user`` lacks (adding an existing one changes nothing)."""
        for name in helpdesks:
            desk_id = _helpdesk_id(session, name)
            add_helpdesk_membership(session, actor, user_id=user.id, helpdesk_id=desk_id)
        for name in groups:
            add_member(session, actor, group_id=_require_group(session, name).id, user_id=user.id)

    def _entry(self, session: Session, user: User) -> UserEntry:
        company = session.get(Company, user.company_id) if user.company_id else None
        desks = session.scalars(
            select(Helpdesk.name).join(HelpdeskMember).where(HelpdeskMember.user_id == user.id)
        ).all()
        groups = session.scalars(
            select(Group.name).join(GroupMember).where(GroupMember.user_id == user.id)
        ).all()
        return UserEntry(
            login=user.login,
            email=user.email,
            first_name=user.first_name,
            last_name=user.last_name,
            role=user.role,
            enabled=user.is_enabled,
            company=company.name if company else None,
            language=user.language,
            phone=user.phone,
            mobile=user.mobile,
            ticket_scope=user.ticket_scope,
            helpdesks=list(desks),
            groups=list(groups),
        )


_USER_COLUMNS = {
    "email",
    "first_name",
    "last_name",
    "role",
    "language",
    "phone",
    "mobile",
    "ticket_scope",
}


def _company_id(session: Session, name: str | None) -> int | None:
    if name is None:
        return None
    company = get_company_by_name(session, name)
    if company is None:
        raise not_found("company", name)
    return company.id


def _renamed(changes: dict[str, Any], **columns: str) -> dict[str, Any]:
    """``changes`` with entry field names replaced by the core command's (enabled -> is_enabled)."""
    return {columns.get(name, name): value for name, value in changes.items()}
