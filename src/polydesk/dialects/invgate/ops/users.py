"""Reading the user directory: ``GET /user``, ``/user.by``, ``/users``, ``/users.by`` and
``/users.groups``, and the user object every one of them answers (``user_row``).

Decisions where the seed is silent (SPEC.md, "Users (issue 16)"):
- ``user_type`` 1 for agents and admins, 2 for end users (customers); ``role_name`` is
  ``Administrator``, ``Agent`` or ``End user``; ``type`` is always 1 (System: every account
  is the server's own). ``location`` is the name of the user's location ("" when none);
  ``manager_id`` is null without a manager; texts never absent are "" when empty.
- Disabled (and deleted) users are left out of ``GET /user``, ``/users`` and ``/users.by``
  unless ``include_disabled=1``; ``user.by`` finds them too (it names one account).
- ``/users`` without ``ids`` answers every user, capped at 1000 (more ``ids`` is a 428).
- ``/users.by``: ``{"data": {<id>: user}, "next_page_key"}``, 10 users a page, keyset on id;
  at least one criterion (428); every criterion given must match.
- ``/users.groups``: each membership is an object keyed by id with the name as value (``{}``
  when none; groups and help desks are maps in live answers); the ``*_observed`` ones are
  what the user observes (``users.observers``), keyed the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from polydesk.companies.locations import get_location
from polydesk.core.actor import Role
from polydesk.dialects.invgate.context import Context
from polydesk.dialects.invgate.errors import bad_parameter
from polydesk.dialects.invgate.params import Params
from polydesk.dialects.invgate.render import page_key, read_page_key
from polydesk.models.observers import ObservedKind
from polydesk.models.users import User
from polydesk.users.directory import (
    DirectorySearch,
    find_directory_user,
    get_directory_user,
    list_directory_users,
    search_directory_users,
)
from polydesk.users.memberships import Memberships, memberships_of

SYSTEM_TYPE = 1
AGENT_TYPE, END_USER_TYPE = 1, 2
ROLE_NAMES = {Role.ADMIN: "Administrator", Role.AGENT: "Agent", Role.CUSTOMER: "End user"}
USERS_CAP = 1000
SEARCH_PAGE = 10
#: ``users.by`` parameter -> core criterion (users.directory.SEARCH_COLUMNS).
SEARCH_PARAMS = {
    "username": "login",
    "email": "email",
    "phone": "phone",
    "office_phone": "office_phone",
    "fax_phone": "fax",
    "mobile_phone": "mobile",
    "other_phone": "other_phone",
    "employee_number": "employee_number",
    "phones": "any_phone",
}
OBSERVED = {
    "groups_observed": ObservedKind.GROUP,
    "companies_observed": ObservedKind.COMPANY,
    "helpdesks_observed": ObservedKind.HELPDESK,
    "locations_observed": ObservedKind.LOCATION,
}


def get_user(ctx: Context, params: Params) -> dict[str, Any]:
    user = get_directory_user(
        ctx.session,
        ctx.actor,
        params.required_integer("id"),
        include_disabled=bool(params.flag("include_disabled")),
    )
    return user_row(user, location_names(ctx))


def find_user(ctx: Context, params: Params) -> dict[str, Any]:
    email, login = _clean(params.text("email")), _clean(params.text("username"))
    if email is None and login is None:
        raise bad_parameter("The parameter email or username is required")
    user = find_directory_user(ctx.session, ctx.actor, email=email, login=login)
    return user_row(user, location_names(ctx))


def list_users(ctx: Context, params: Params) -> list[dict[str, Any]]:
    ids = params.integers("ids")
    if ids is not None and len(ids) > USERS_CAP:
        raise bad_parameter(f"ids takes at most {USERS_CAP} users")
    users = list_directory_users(
        ctx.session,
        ctx.actor,
        ids=ids,
        include_disabled=bool(params.flag("include_disabled")),
        limit=USERS_CAP,
    )
    names = location_names(ctx)
    return [user_row(user, names) for user in users]


def search_users(ctx: Context, params: Params) -> dict[str, Any]:
    criteria = {}
    for name, criterion in SEARCH_PARAMS.items():
        value = _clean(params.text(name))
        if value is not None:
            criteria[criterion] = value
    if not criteria:
        listed = ", ".join(SEARCH_PARAMS)
        raise bad_parameter(f"At least one of the parameters {listed} is required")
    search = DirectorySearch(
        criteria=criteria,
        exact=bool(params.flag("exact_match")),
        include_disabled=bool(params.flag("include_disabled")),
    )
    after = read_page_key(params.text("page_key"))
    found = search_directory_users(
        ctx.session, ctx.actor, search, after_id=after, limit=SEARCH_PAGE + 1
    )
    page, more = found[:SEARCH_PAGE], len(found) > SEARCH_PAGE
    location = location_names(ctx)
    return {
        "data": {str(user.id): user_row(user, location) for user in page},
        "next_page_key": page_key(page[-1].id) if more else None,
    }


def get_memberships(ctx: Context, params: Params) -> list[dict[str, Any]]:
    ids = params.integers("ids") or []
    if not ids:
        raise bad_parameter("The parameter ids is required")
    if len(ids) > USERS_CAP:
        raise bad_parameter(f"ids takes at most {USERS_CAP} users")
    return [_membership_row(found) for found in memberships_of(ctx.session, ctx.actor, ids)]


def user_row(user: User, location_name: Callable[[int | None], str]) -> dict[str, Any]:
    return {
        "id": user.id,
        "name": user.first_name,
        "lastname": user.last_name,
        "username": user.login,
        "email": user.email or "",
        "other_email": user.other_email,
        "is_deleted": user.deleted_at is not None,
        "is_disabled": not user.is_enabled,
        "is_external": user.is_external,
        "user_type": END_USER_TYPE if user.role is Role.CUSTOMER else AGENT_TYPE,
        "role_name": ROLE_NAMES[user.role],
        "type": SYSTEM_TYPE,
        "phone": user.phone,
        "office": user.office_phone,
        "mobile": user.mobile,
        "fax": user.fax,
        "other": user.other_phone,
        "birthday": user.birthday,
        "doc": user.national_id,
        "position": user.position,
        "department": user.department,
        "employee_number": user.employee_number,
        "location": location_name(user.location_id),
        "address": user.address,
        "city": user.city,
        "country": user.country,
        "manager_id": user.manager_id,
    }


def _membership_row(found: Memberships) -> dict[str, Any]:
    return {
        "id": found.user.id,
        "username": found.user.login,
        "email": found.user.email or "",
        "groups": _keyed(found.groups.items()),
        "companies": _keyed(found.companies.items()),
        "helpdesks": _keyed(found.helpdesks.items()),
        "locations": _keyed(found.locations.items()),
        **{name: _keyed(found.observed.get(kind, {}).items()) for name, kind in OBSERVED.items()},
    }


def _keyed(pairs: Iterable[tuple[int, str]]) -> dict[str, str]:
    return {str(ident): name for ident, name in pairs}


def location_names(ctx: Context) -> Callable[[int | None], str]:
    """Location id -> name, each read once per call (a page has few distinct locations)."""
    known: dict[int, str] = {}

    def name(location_id: int | None) -> str:
        if location_id is None:
            return ""
        if location_id not in known:
            location = get_location(ctx.session, location_id)
            known[location_id] = location.name if location is not None else ""
        return known[location_id]

    return name


def _clean(value: str | None) -> str | None:
    return value.strip() if value is not None and value.strip() else None
