"""What the admin pages of people and structure read (web UI ``/admin/...``): one call per page,
admins only, each a bounded number of statements whatever the page holds (no per-row queries),
and adding a member by login (what an admin types) to a group or a help desk.

Lists are offset pages of the rooms' own listings (``PageRequest`` caps them); the choices a
form offers (help desks, groups, companies, locations, SLAs) are capped at ``CHOICE_CAP`` each.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from sqlalchemy.orm import Session

from polydesk.authz.tickets import require_admin
from polydesk.companies.locations import list_locations
from polydesk.companies.service import companies_by_ids, list_companies, require_company
from polydesk.core.actor import Actor
from polydesk.core.errors import not_found
from polydesk.core.pagination import Page, PageRequest
from polydesk.groups.service import add_member, list_group_members, list_groups
from polydesk.groups.service import require_group as _require_group
from polydesk.helpdesks.members import Membership, list_helpdesk_members
from polydesk.helpdesks.service import list_helpdesks, list_levels, require_helpdesk
from polydesk.helpdesks.slas import list_slas
from polydesk.models.companies import Company, Location
from polydesk.models.groups import Group
from polydesk.models.helpdesks import Helpdesk, HelpdeskLevel
from polydesk.models.users import User
from polydesk.users.memberships import groups_of, helpdesk_access_of
from polydesk.users.schemas import UserFilter
from polydesk.users.service import add_helpdesk_membership, get_user_by_login, list_users
from polydesk.users.service import require_user as _require_user

#: The most options one choice of a form offers (help desks, groups, companies ...).
CHOICE_CAP = 1000
CHOICES = PageRequest(limit=CHOICE_CAP)

Choice = tuple[int, str]


@dataclass(frozen=True)
class UserList:
    users: Page[User]
    company_names: dict[int, str]


@dataclass(frozen=True)
class UserForm:
    """A user (None: a new one), the desks they are in (id -> may write), their groups, and
    what the form offers."""

    user: User | None
    access: dict[int, bool] = field(default_factory=dict)
    group_ids: frozenset[int] = frozenset()
    helpdesks: list[Choice] = field(default_factory=list)
    groups: list[Choice] = field(default_factory=list)
    companies: list[Choice] = field(default_factory=list)
    locations: list[Choice] = field(default_factory=list)


@dataclass(frozen=True)
class GroupPage:
    group: Group | None
    members: list[User]
    groups: list[Choice]  # the parent choices


@dataclass(frozen=True)
class HelpdeskPage:
    helpdesk: Helpdesk | None
    levels: list[HelpdeskLevel]
    members: list[Membership]
    slas: list[Choice]
    helpdesks: list[Choice]  # the parent choices


@dataclass(frozen=True)
class CompanyPage:
    company: Company | None
    companies: list[Choice]  # the parent choices


@dataclass(frozen=True)
class LocationPage:
    location: Location | None
    locations: list[Choice]


def user_list(session: Session, actor: Actor, filters: UserFilter, page: PageRequest) -> UserList:
    require_admin(actor)
    users = list_users(session, actor, filters, page)
    companies = companies_by_ids(session, {u.company_id for u in users.items if u.company_id})
    return UserList(users, {ident: company.name for ident, company in companies.items()})


def user_form(session: Session, actor: Actor, user_id: int | None) -> UserForm:
    require_admin(actor)
    user = _require_user(session, user_id) if user_id is not None else None
    return UserForm(
        user,
        access=helpdesk_access_of(session, user.id) if user else {},
        group_ids=frozenset(groups_of(session, [user.id]).get(user.id, []))
        if user
        else frozenset(),
        helpdesks=_named(list_helpdesks(session, actor, CHOICES).items),
        groups=_named(list_groups(session, actor, CHOICES).items),
        companies=_named(list_companies(session, actor, CHOICES).items),
        locations=_named(list_locations(session)[:CHOICE_CAP]),
    )


def group_list(session: Session, actor: Actor, page: PageRequest) -> Page[Group]:
    require_admin(actor)
    return list_groups(session, actor, page)


def group_page(session: Session, actor: Actor, group_id: int | None) -> GroupPage:
    require_admin(actor)
    parents = _named(list_groups(session, actor, CHOICES).items)
    if group_id is None:
        return GroupPage(None, [], parents)
    group = _require_group(session, group_id)
    return GroupPage(group, list_group_members(session, actor, group_id), parents)


def helpdesk_list(session: Session, actor: Actor, page: PageRequest) -> Page[Helpdesk]:
    require_admin(actor)
    return list_helpdesks(session, actor, page)


def helpdesk_page(session: Session, actor: Actor, helpdesk_id: int | None) -> HelpdeskPage:
    require_admin(actor)
    slas = _named(list_slas(session)[:CHOICE_CAP])
    desks = _named(list_helpdesks(session, actor, CHOICES).items)
    if helpdesk_id is None:
        return HelpdeskPage(None, [], [], slas, desks)
    desk = require_helpdesk(session, helpdesk_id)
    members = list_helpdesk_members(session, actor, helpdesk_id)
    return HelpdeskPage(desk, list_levels(session, helpdesk_id), members, slas, desks)


def company_list(session: Session, actor: Actor, page: PageRequest) -> Page[Company]:
    require_admin(actor)
    return list_companies(session, actor, page)


def company_page(session: Session, actor: Actor, company_id: int | None) -> CompanyPage:
    require_admin(actor)
    parents = _named(list_companies(session, actor, CHOICES).items)
    company = require_company(session, actor, company_id) if company_id is not None else None
    return CompanyPage(company, parents)


def location_list(session: Session, actor: Actor, page: PageRequest) -> Page[Location]:
    """Locations by name, an offset page (the room's list is not paged: sliced here, bounded
    by the room's own whole list)."""
    require_admin(actor)
    every = list_locations(session)
    items = every[page.offset : page.offset + page.limit]
    return Page(items, total=len(every) if page.with_total else None)


def location_page(session: Session, actor: Actor, location_id: int | None) -> LocationPage:
    require_admin(actor)
    every = list_locations(session)
    choices = _named(every[:CHOICE_CAP])
    if location_id is None:
        return LocationPage(None, choices)
    found = next((row for row in every if row.id == location_id), None)
    if found is None:
        raise not_found("location", location_id)
    return LocationPage(found, choices)


def add_group_member_by_login(session: Session, actor: Actor, group_id: int, login: str) -> User:
    """Add the user with this login to the group (``user.not_found`` when there is none)."""
    user = _user_by_login(session, login)
    add_member(session, actor, group_id=group_id, user_id=user.id)
    return user


def add_helpdesk_member_by_login(
    session: Session, actor: Actor, helpdesk_id: int, login: str, *, writable: bool, level: int
) -> User:
    """Add the agent with this login to the help desk, or change their access and level."""
    user = _user_by_login(session, login)
    add_helpdesk_membership(
        session, actor, user_id=user.id, helpdesk_id=helpdesk_id, writable=writable, level=level
    )
    return user


def _user_by_login(session: Session, login: str) -> User:
    user = get_user_by_login(session, login)
    if user is None:
        raise not_found("user", login)
    return user


class _Named(Protocol):
    id: int
    name: str


def _named(rows: Sequence[_Named]) -> list[Choice]:
    return [(row.id, row.name) for row in rows]
