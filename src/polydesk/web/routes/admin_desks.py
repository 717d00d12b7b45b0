"""Admin pages: help desks (list, create, edit: levels, assignment engine, default SLA, parent,
disabled) and their members (add or change by login with access and level, take out). The same
core calls as the native admin API: ``helpdesks.service.create_helpdesk`` / ``update_helpdesk``,
``helpdesks.members.remove_helpdesk_membership``, and adding a member by login
(``flows.directory_admin.add_helpdesk_member_by_login``: ``users.service.add_helpdesk_membership``).
Help desks are never deleted (tickets keep naming them): they are disabled."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Request, Response
from pydantic import BaseModel, Field

from polydesk.core.errors import NotFound
from polydesk.flows.directory_admin import (
    HelpdeskPage,
    add_helpdesk_member_by_login,
    helpdesk_list,
    helpdesk_page,
)
from polydesk.helpdesks.members import remove_helpdesk_membership
from polydesk.helpdesks.service import (
    HelpdeskCreate,
    HelpdeskUpdate,
    create_helpdesk,
    update_helpdesk,
)
from polydesk.models.helpdesks import AssignmentEngine
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
DESKS = "/admin/helpdesks"
Id = Annotated[int, Field(ge=1, le=2**31 - 1)]
ENGINES = {
    AssignmentEngine.MANUAL: "Manual: tickets wait unassigned for someone to assign them",
    AssignmentEngine.FREE: "Free: a pool every member may take tickets from",
    AssignmentEngine.ROUND_ROBIN: "Round robin: members of the ticket's level in turn",
    AssignmentEngine.LEAST_LOADED: "Least loaded: the member of the level with fewest open tickets",
}


class DeskFields(BaseModel):
    name: str = Field(default="", max_length=300)
    description: str = Field(default="", max_length=2000)
    email: str = Field(default="", max_length=300)
    parent_id: str = Field(default="", max_length=20)
    sla_id: str = Field(default="", max_length=20)
    assignment_engine: str = Field(default="manual", max_length=20)
    levels: str = Field(default="Level 1", max_length=4000)  # one level name per line
    disabled: str = Field(default="", max_length=10)


class MemberFields(BaseModel):
    login: str = Field(default="", max_length=300)
    access: Literal["read", "write"] = "write"
    level: int = Field(default=1, ge=1, le=20)


@router.get(DESKS)
def helpdesks(
    request: Request, session: DbSession, live: AdminSession, page_number: PageNumber = 1
) -> Response:
    found = helpdesk_list(session, live.actor, page_request(page_number))
    context = {"section": "admin", "found": found, "notice": notice(request, "help desk"),
               "engines": ENGINES, **pager(DESKS, page_number, found.total)}  # fmt: skip
    return page(request, "admin/people/helpdesks.html", context, live=live)


@router.get(DESKS + "/new")
def new_helpdesk(request: Request, session: DbSession, live: AdminSession) -> Response:
    view = helpdesk_page(session, live.actor, None)
    return _form(request, live, view, DeskFields(), FormErrors())


@router.post(DESKS)
def add_helpdesk(
    request: Request, session: DbSession, live: CheckedAdmin, fields: Annotated[DeskFields, Form()]
) -> Response:
    try:
        cmd = command(HelpdeskCreate, _values(fields))
        desk = attempt(session, lambda: create_helpdesk(session, live.actor, cmd))
    except Refused as refused:
        view = helpdesk_page(session, live.actor, None)
        return _form(request, live, view, fields, refused.errors)
    return redirect(request, f"{DESKS}/{desk.id}?saved=1")


@router.get(DESKS + "/{helpdesk_id}")
def helpdesk(request: Request, session: DbSession, live: AdminSession, helpdesk_id: Id) -> Response:
    view = helpdesk_page(session, live.actor, helpdesk_id)
    return _form(request, live, view, _fields_of(view), FormErrors())


@router.post(DESKS + "/{helpdesk_id}")
def change_helpdesk(
    request: Request,
    session: DbSession,
    live: CheckedAdmin,
    helpdesk_id: Id,
    fields: Annotated[DeskFields, Form()],
) -> Response:
    try:
        cmd = command(HelpdeskUpdate, _values(fields) | {"is_enabled": not fields.disabled})
        attempt(session, lambda: update_helpdesk(session, live.actor, helpdesk_id, cmd))
    except Refused as refused:
        view = helpdesk_page(session, live.actor, helpdesk_id)
        return _form(request, live, view, fields, refused.errors)
    return redirect(request, f"{DESKS}/{helpdesk_id}?saved=1")


@router.post(DESKS + "/{helpdesk_id}/members")
def add_helpdesk_member(
    request: Request,
    session: DbSession,
    live: CheckedAdmin,
    helpdesk_id: Id,
    member: Annotated[MemberFields, Form()],
) -> Response:
    """Adds the agent, or changes the access and level of one already a member."""
    login, writable = member.login.strip(), member.access == "write"
    try:
        attempt(session, lambda: add_helpdesk_member_by_login(
            session, live.actor, helpdesk_id, login, writable=writable, level=member.level
        ))  # fmt: skip
    except Refused as refused:
        view = helpdesk_page(session, live.actor, helpdesk_id)
        errors = FormErrors({_member_field(k): v for k, v in refused.errors.fields.items()})
        return _form(request, live, view, _fields_of(view), errors, member=member)
    return redirect(request, f"{DESKS}/{helpdesk_id}?member=1#members")


@router.post(DESKS + "/{helpdesk_id}/members/{user_id}/remove")
def remove_helpdesk_member(
    request: Request, session: DbSession, live: CheckedAdmin, helpdesk_id: Id, user_id: Id
) -> Response:
    removed = remove_helpdesk_membership(
        session, live.actor, user_id=user_id, helpdesk_id=helpdesk_id
    )
    if not removed:
        raise NotFound(
            "helpdesk.member_not_found", f"user {user_id} is not a member of this help desk"
        )
    return redirect(request, f"{DESKS}/{helpdesk_id}#members")


def _member_field(name: str) -> str:
    """The member form's field a refusal is about: its level, else the login."""
    return "member_level" if name == "level" else "member_login"


def _values(fields: DeskFields) -> dict[str, Any]:
    levels = [line.strip() for line in fields.levels.splitlines() if line.strip()]
    return {
        "name": fields.name.strip(), "description": fields.description.strip(),
        "email": fields.email.strip(), "parent_id": blank_none(fields.parent_id),
        "sla_id": blank_none(fields.sla_id), "assignment_engine": fields.assignment_engine,
        "levels": levels or ["Level 1"],
    }  # fmt: skip


def _fields_of(view: HelpdeskPage) -> DeskFields:
    desk = view.helpdesk
    if desk is None:
        return DeskFields()
    return DeskFields(
        name=desk.name, description=desk.description, email=desk.email,
        parent_id=str(desk.parent_id or ""), sla_id=str(desk.sla_id or ""),
        assignment_engine=desk.assignment_engine.value,
        levels="\n".join(level.name for level in view.levels) or "Level 1",
        disabled="" if desk.is_enabled else "on",
    )  # fmt: skip


def _form(
    request: Request,
    live: LiveSession,
    view: HelpdeskPage,
    fields: DeskFields,
    errors: FormErrors,
    *,
    member: MemberFields | None = None,
) -> Response:
    own = view.helpdesk.id if view.helpdesk else None
    member_errors = any(name.startswith("member_") for name in errors.fields)
    context = {
        "section": "admin", "view": view, "fields": fields, "errors": errors,
        "member_errors": member_errors, "member": member or MemberFields(),
        "parents": [choice for choice in view.helpdesks if choice[0] != own],
        "engines": ENGINES, "notice": notice(request, "help desk"),
        "level_names": {level.level: level.name for level in view.levels},
    }  # fmt: skip
    return page(
        request, "admin/people/helpdesk.html", context, live=live, status=422 if errors else 200
    )
