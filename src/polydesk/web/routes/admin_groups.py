"""Admin pages: groups (list, create, edit, delete) and their members (add by login, take out).
The same core calls as the native admin API: ``groups.service.create_group`` / ``update_group``
/ ``remove_member``, ``groups.directory.delete_group``, and adding a member by login
(``flows.directory_admin.add_group_member_by_login``: ``groups.service.add_member``)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request, Response
from pydantic import BaseModel, Field

from polydesk.core.errors import NotFound
from polydesk.flows.directory_admin import (
    GroupPage,
    add_group_member_by_login,
    group_list,
    group_page,
)
from polydesk.groups.directory import delete_group
from polydesk.groups.service import (
    GroupCreate,
    GroupUpdate,
    create_group,
    remove_member,
    update_group,
)
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
    notice,
    page_request,
    pager,
)
from polydesk.websessions.service import LiveSession

router = APIRouter(route_class=WebRoute, include_in_schema=False)
GROUPS = "/admin/groups"
Id = Annotated[int, Field(ge=1, le=2**31 - 1)]


class GroupFields(BaseModel):
    name: str = Field(default="", max_length=300)
    description: str = Field(default="", max_length=2000)
    email: str = Field(default="", max_length=300)
    parent_id: str = Field(default="", max_length=20)
    disabled: str = Field(default="", max_length=10)


class MemberFields(BaseModel):
    login: str = Field(default="", max_length=300)


@router.get(GROUPS)
def groups(
    request: Request, session: DbSession, live: AdminSession, page_number: PageNumber = 1
) -> Response:
    found = group_list(session, live.actor, page_request(page_number))
    context = {"section": "admin", "found": found, **pager(GROUPS, page_number, found.total)}
    return page(request, "admin/people/groups.html", context, live=live)


@router.get(GROUPS + "/new")
def new_group(request: Request, session: DbSession, live: AdminSession) -> Response:
    return _form(request, live, group_page(session, live.actor, None), GroupFields(), FormErrors())


@router.post(GROUPS)
def add_group(
    request: Request, session: DbSession, live: CheckedAdmin, fields: Annotated[GroupFields, Form()]
) -> Response:
    try:
        cmd = command(GroupCreate, _values(fields))
        group = attempt(session, lambda: create_group(session, live.actor, cmd))
    except Refused as refused:
        view = group_page(session, live.actor, None)
        return _form(request, live, view, fields, refused.errors)
    return redirect(request, f"{GROUPS}/{group.id}?saved=1")


@router.get(GROUPS + "/{group_id}")
def group(request: Request, session: DbSession, live: AdminSession, group_id: Id) -> Response:
    view = group_page(session, live.actor, group_id)
    return _form(request, live, view, _fields_of(view), FormErrors())


@router.post(GROUPS + "/{group_id}")
def change_group(
    request: Request,
    session: DbSession,
    live: CheckedAdmin,
    group_id: Id,
    fields: Annotated[GroupFields, Form()],
) -> Response:
    try:
        cmd = command(GroupUpdate, _values(fields) | {"is_enabled": not fields.disabled})
        attempt(session, lambda: update_group(session, live.actor, group_id, cmd))
    except Refused as refused:
        view = group_page(session, live.actor, group_id)
        return _form(request, live, view, fields, refused.errors)
    return redirect(request, f"{GROUPS}/{group_id}?saved=1")


@router.post(GROUPS + "/{group_id}/delete")
def remove_group(
    request: Request, session: DbSession, live: CheckedAdmin, group_id: Id
) -> Response:
    """Deletes the group (its memberships go with it); one that records still name is
    disabled instead (the core's rule)."""
    if delete_group(session, live.actor, group_id):
        return redirect(request, f"{GROUPS}?deleted=1")
    return redirect(request, f"{GROUPS}/{group_id}?kept=1")


@router.post(GROUPS + "/{group_id}/members")
def add_group_member(
    request: Request,
    session: DbSession,
    live: CheckedAdmin,
    group_id: Id,
    member: Annotated[MemberFields, Form()],
) -> Response:
    login = member.login.strip()
    try:
        attempt(session, lambda: add_group_member_by_login(session, live.actor, group_id, login))
    except Refused as refused:
        view = group_page(session, live.actor, group_id)
        errors = FormErrors({"member_login": refused.errors.fields.get("login") or _any(refused)})
        return _form(request, live, view, _fields_of(view), errors, member_login=login)
    return redirect(request, f"{GROUPS}/{group_id}?member=1#members")


@router.post(GROUPS + "/{group_id}/members/{user_id}/remove")
def remove_group_member(
    request: Request, session: DbSession, live: CheckedAdmin, group_id: Id, user_id: Id
) -> Response:
    if not remove_member(session, live.actor, group_id=group_id, user_id=user_id):
        raise NotFound("group.member_not_found", f"user {user_id} is not a member of this group")
    return redirect(request, f"{GROUPS}/{group_id}#members")


def _any(refused: Refused) -> str:
    return next(iter(refused.errors.fields.values()), "Cannot add that user.")


def _values(fields: GroupFields) -> dict[str, Any]:
    return {
        "name": fields.name.strip(), "description": fields.description.strip(),
        "email": fields.email.strip(), "parent_id": blank_none(fields.parent_id),
    }  # fmt: skip


def _fields_of(view: GroupPage) -> GroupFields:
    group = view.group
    if group is None:
        return GroupFields()
    return GroupFields(
        name=group.name, description=group.description, email=group.email,
        parent_id=str(group.parent_id or ""), disabled="" if group.is_enabled else "on",
    )  # fmt: skip


def _form(
    request: Request,
    live: LiveSession,
    view: GroupPage,
    fields: GroupFields,
    errors: FormErrors,
    *,
    member_login: str = "",
) -> Response:
    own = view.group.id if view.group else None
    context = {
        "section": "admin", "view": view, "fields": fields, "errors": errors,
        "parents": [choice for choice in view.groups if choice[0] != own],
        "member_login": member_login, "notice": notice(request, "group"),
    }  # fmt: skip
    return page(
        request, "admin/people/group.html", context, live=live, status=422 if errors else 200
    )
