"""Admin pages: the ``/admin`` index and users (list, create, edit, delete). The same core calls
as the native admin API: ``flows.people.add_person`` / ``change_person`` (the account with its
help desk and group memberships, one transaction) and ``users.service.delete_user``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request, Response
from pydantic import BaseModel, Field

from polydesk.core.actor import Role
from polydesk.flows.commands import ChangePerson, NewPerson
from polydesk.flows.directory_admin import UserForm, user_form, user_list
from polydesk.flows.people import add_person, change_person
from polydesk.users.schemas import UserCreate, UserFilter, UserUpdate
from polydesk.users.service import delete_user
from polydesk.web.deps import DbSession
from polydesk.web.errors import WebRoute, redirect
from polydesk.web.render import page
from polydesk.web.routes.admin_forms import (
    AdminSession,
    CheckedAdmin,
    FormErrors,
    PageNumber,
    Refused,
    attempt,
    blank_none,
    command,
    ids,
    notice,
    page_request,
    pager,
)
from polydesk.websessions.service import LiveSession

router = APIRouter(route_class=WebRoute, include_in_schema=False)
USERS = "/admin/users"
Id = Annotated[int, Field(ge=1, le=2**31 - 1)]


class UserFields(BaseModel):
    """The user form as sent (strings, as a browser sends them); the core command checks them."""

    login: str = Field(default="", max_length=300)
    first_name: str = Field(default="", max_length=300)
    last_name: str = Field(default="", max_length=300)
    email: str = Field(default="", max_length=300)
    role: str = Field(default="agent", max_length=20)
    password: str = Field(default="", max_length=1024)
    company_id: str = Field(default="", max_length=20)
    location_id: str = Field(default="", max_length=20)
    disabled: str = Field(default="", max_length=10)
    #: one per help desk: "<id>:" (not a member), "<id>:read" or "<id>:write"
    access: list[str] = Field(default_factory=list, max_length=1000)
    group_ids: list[str] = Field(default_factory=list, max_length=1000)


Fields = Annotated[UserFields, Form()]


@router.get("/admin")
def admin_index(request: Request, live: AdminSession) -> Response:
    return page(request, "admin/index.html", {"section": "admin"}, live=live)


@router.get(USERS)
def users(
    request: Request,
    session: DbSession,
    live: AdminSession,
    q: Annotated[str, Query(max_length=200)] = "",
    role: Role | None = None,
    page_number: PageNumber = 1,
) -> Response:
    filters = UserFilter(role=role, query=q.strip() or None)
    found = user_list(session, live.actor, filters, page_request(page_number))
    params = {"q": q, "role": role.value if role else ""}
    context = {
        "section": "admin", "q": q, "role": role, "roles": list(Role), "found": found,
        "notice": notice(request, "user"),
        **pager(USERS, page_number, found.users.total, params),
    }  # fmt: skip
    return page(request, "admin/people/users.html", context, live=live)


@router.get(USERS + "/new")
def new_user(request: Request, session: DbSession, live: AdminSession) -> Response:
    view = user_form(session, live.actor, None)
    return _form(request, live, view, _fields_of(view), FormErrors())


@router.post(USERS)
def add_user(request: Request, session: DbSession, live: CheckedAdmin, fields: Fields) -> Response:
    try:
        person = _new_person(fields)
        user = attempt(session, lambda: add_person(session, live.actor, person))
    except Refused as refused:
        view = user_form(session, live.actor, None)
        return _form(request, live, view, fields, refused.errors)
    return redirect(request, f"{USERS}/{user.id}?saved=1")


@router.get(USERS + "/{user_id}")
def user_page(request: Request, session: DbSession, live: AdminSession, user_id: Id) -> Response:
    view = user_form(session, live.actor, user_id)
    return _form(request, live, view, _fields_of(view), FormErrors())


@router.post(USERS + "/{user_id}")
def change_user(
    request: Request, session: DbSession, live: CheckedAdmin, user_id: Id, fields: Fields
) -> Response:
    try:
        change = _change(fields)
        attempt(session, lambda: change_person(session, live.actor, user_id, change))
    except Refused as refused:
        view = user_form(session, live.actor, user_id)
        return _form(request, live, view, fields, refused.errors)
    return redirect(request, f"{USERS}/{user_id}?saved=1")


@router.post(USERS + "/{user_id}/delete")
def remove_user(request: Request, session: DbSession, live: CheckedAdmin, user_id: Id) -> Response:
    """Deletes a user nothing refers to; one that records name is disabled instead (the
    core's rule, as ``DELETE /users/{id}``)."""
    removed = delete_user(session, live.actor, user_id)
    if removed:
        return redirect(request, f"{USERS}?deleted=1")
    return redirect(request, f"{USERS}/{user_id}?kept=1")


def _form(
    request: Request,
    live: LiveSession,
    view: UserForm,
    fields: UserFields,
    errors: FormErrors,
) -> Response:
    access = _access_choice(fields.access)
    context: dict[str, Any] = {
        "section": "admin", "view": view, "fields": fields, "errors": errors,
        "access": access, "group_ids": set(fields.group_ids), "roles": list(Role),
        "notice": notice(request, "user"),
    }  # fmt: skip
    return page(
        request, "admin/people/user.html", context, live=live, status=422 if errors else 200
    )


def _fields_of(view: UserForm) -> UserFields:
    """The form's starting values: the stored user, or a new agent."""
    user = view.user
    access = [f"{desk}:{'write' if writable else 'read'}" for desk, writable in view.access.items()]
    if user is None:
        return UserFields()
    return UserFields(
        login=user.login, first_name=user.first_name, last_name=user.last_name,
        email=user.email or "", role=user.role.value,
        company_id=str(user.company_id or ""), location_id=str(user.location_id or ""),
        disabled="" if user.is_enabled else "on", access=access,
        group_ids=[str(group) for group in sorted(view.group_ids)],
    )  # fmt: skip


def _access_choice(values: list[str]) -> dict[str, str]:
    """Help desk id -> "read" / "write" for the desks chosen (blanks and junk left out)."""
    chosen: dict[str, str] = {}
    for value in values:
        desk, _, kind = value.partition(":")
        if kind in ("read", "write"):
            chosen[desk] = kind
    return chosen


def _memberships(fields: UserFields) -> tuple[list[int], frozenset[int]]:
    """The desks chosen, and of them those with read access only; a malformed choice is
    refused next to the help desks."""
    desks: list[int] = []
    read_only: set[int] = set()
    for value in fields.access:
        desk, _, kind = value.partition(":")
        if not desk.isdigit() or kind not in ("", "read", "write") or len(desk) > 10:
            raise Refused(FormErrors({"helpdesks": "Choose an access for each help desk."}))
        if kind:
            desks.append(int(desk))
        if kind == "read":
            read_only.add(int(desk))
    return desks, frozenset(read_only)


def _account(fields: UserFields) -> dict[str, Any]:
    return {
        "first_name": fields.first_name.strip(), "last_name": fields.last_name.strip(),
        "email": blank_none(fields.email), "role": fields.role,
        "company_id": blank_none(fields.company_id), "location_id": blank_none(fields.location_id),
    }  # fmt: skip


def _groups(fields: UserFields) -> list[int]:
    checked = command(_GroupIds, {"group_ids": ids(fields.group_ids)})
    return checked.group_ids


class _GroupIds(BaseModel):
    group_ids: list[Id]


def _new_person(fields: UserFields) -> NewPerson:
    values = _account(fields) | {"login": fields.login.strip()}
    if fields.password:
        values["password"] = fields.password
    desks, read_only = _memberships(fields)
    return NewPerson(
        user=command(UserCreate, values), is_enabled=not fields.disabled, helpdesk_ids=desks,
        group_ids=_groups(fields), read_only_helpdesk_ids=read_only,
    )  # fmt: skip


def _change(fields: UserFields) -> ChangePerson:
    values = _account(fields) | {"is_enabled": not fields.disabled}
    if fields.password:  # blank: the password stays as it is
        values["password"] = fields.password
    desks, read_only = _memberships(fields)
    return ChangePerson(
        user=command(UserUpdate, values), helpdesk_ids=desks, group_ids=_groups(fields),
        read_only_helpdesk_ids=read_only,
    )  # fmt: skip
