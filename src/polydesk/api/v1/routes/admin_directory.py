"""Changing the directory by id (admins): groups, help desks (with their levels and SLA) and
companies, deleting users, out of office, group and help desk members. The site-file routes
(``/config``) do the same by name; these are the classic REST ones. Each route is one call of
the room's service, which checks who may do it (reads: agents; help desks: anyone, a disabled
one only admins)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter, Response
from pydantic import ConfigDict

from polydesk.api.v1.admin_bodies import (
    CompanyUpdateBody,
    GroupUpdateBody,
    HelpdeskMemberBody,
    HelpdeskUpdateBody,
    OutOfOfficeBody,
)
from polydesk.api.v1.deps import CurrentActor, DbSession
from polydesk.api.v1.inputs import PathId
from polydesk.api.v1.schemas import CompanyOut, GroupOut, HelpdeskOut, Out
from polydesk.companies import changes as companies
from polydesk.core.errors import NotFound
from polydesk.db import Session
from polydesk.groups import service as groups
from polydesk.helpdesks import members as helpdesk_members
from polydesk.helpdesks import service as helpdesks
from polydesk.users import service as users

router = APIRouter()


def _examples(*examples: dict[str, Any]) -> ConfigDict:
    return ConfigDict(from_attributes=True, json_schema_extra={"examples": list(examples)})


class GroupDetailOut(GroupOut):
    model_config = _examples(
        {"id": 3, "name": "Second line", "description": "", "email": "", "parent_id": None}
        | {"is_enabled": True}
    )

    is_enabled: bool


class LevelOut(Out):
    level: int
    name: str


class HelpdeskDetailOut(HelpdeskOut):
    model_config = _examples(
        {"id": 2, "name": "Payroll", "description": "", "email": "payroll@example.com"}
        | {"parent_id": None, "assignment_engine": "manual", "is_enabled": True, "sla_id": 1}
        | {"default_owner_id": None}
        | {"levels": [{"level": 1, "name": "Front desk"}, {"level": 2, "name": "Specialists"}]}
    )

    sla_id: int | None
    default_owner_id: int | None
    levels: list[LevelOut]


class CompanyDetailOut(CompanyOut):
    model_config = _examples(
        {"id": 4, "name": "Initech", "code": "INI", "description": "", "address": ""}
        | {"city": "Austin", "zip": "", "country": "US", "phone": "", "fax": "", "email": ""}
        | {"website": "", "fiscal_id": "", "parent_id": None, "manager_id": 2}
        | {"is_enabled": True}
    )

    city: str
    zip: str
    fax: str
    fiscal_id: str
    manager_id: int | None
    is_enabled: bool


class MemberOut(Out):
    model_config = _examples(
        {"id": 7, "login": "milton", "first_name": "Milton", "last_name": "Waddams"}
        | {"role": "agent", "is_enabled": True}
    )

    id: int
    login: str
    first_name: str
    last_name: str
    role: str
    is_enabled: bool


class HelpdeskMemberOut(MemberOut):
    model_config = _examples(
        {"id": 7, "login": "milton", "first_name": "Milton", "last_name": "Waddams"}
        | {"role": "agent", "is_enabled": True, "writable": False, "level": 1}
    )

    writable: bool
    level: int


class DeletedOut(Out):
    model_config = _examples({"result": "deleted"}, {"result": "disabled"})

    result: Literal["deleted", "disabled"]


class OutOfOfficeOut(Out):
    model_config = _examples(
        {"user_id": 7, "start": "2025-08-04T00:00:00Z", "end": "2025-08-15T00:00:00Z"},
        {"user_id": 7, "start": None, "end": None},
    )

    user_id: int
    start: datetime | None
    end: datetime | None


def _error(code: str, message: str) -> dict[str, Any]:
    body = {"error": {"code": code, "message": message, "details": {}}}
    return {"description": message, "content": {"application/json": {"example": body}}}


#: The native error envelope, documented on every route.
ERRORS: dict[int | str, dict[str, Any]] = {
    403: _error("permission_denied", "administrator rights required"),
    404: _error("group.not_found", "group 42 not found"),
    409: _error("helpdesk.level_in_use", "level 2 of help desk 'Payroll' has tickets"),
    422: _error("validation.invalid_request", "the request is not valid"),
}


def _helpdesk_out(session: Session, helpdesk: Any) -> HelpdeskDetailOut:
    levels = [LevelOut.model_validate(row) for row in helpdesks.list_levels(session, helpdesk.id)]
    base = HelpdeskOut.model_validate(helpdesk).model_dump()
    return HelpdeskDetailOut(
        **base, sla_id=helpdesk.sla_id, default_owner_id=helpdesk.default_owner_id, levels=levels
    )


@router.get(
    "/groups/{group_id}",
    response_model=GroupDetailOut,
    tags=["groups"],
    summary="Get a group",
    responses=ERRORS,
)
def get_group(session: DbSession, actor: CurrentActor, group_id: PathId) -> GroupDetailOut:
    """A group (agents)."""
    return GroupDetailOut.model_validate(groups.require_visible_group(session, actor, group_id))


@router.patch(
    "/groups/{group_id}",
    response_model=GroupDetailOut,
    tags=["groups"],
    summary="Change a group",
    responses=ERRORS,
)
def update_group(
    session: DbSession, actor: CurrentActor, group_id: PathId, body: GroupUpdateBody
) -> GroupDetailOut:
    """Admins. Names stay unique ignoring case (409 ``group.name_taken``); a parent below the
    group is refused (422 ``group.parent_cycle``)."""
    return GroupDetailOut.model_validate(groups.update_group(session, actor, group_id, body))


@router.get(
    "/groups/{group_id}/members",
    response_model=list[MemberOut],
    tags=["groups"],
    summary="List a group's members",
    responses=ERRORS,
)
def list_group_members(
    session: DbSession, actor: CurrentActor, group_id: PathId
) -> list[MemberOut]:
    """The members by login (agents)."""
    members = groups.list_group_members(session, actor, group_id)
    return [MemberOut.model_validate(user) for user in members]


@router.put(
    "/groups/{group_id}/members/{user_id}",
    status_code=204,
    tags=["groups"],
    summary="Add a user to a group",
    responses=ERRORS,
)
def add_group_member(
    session: DbSession, actor: CurrentActor, group_id: PathId, user_id: PathId
) -> Response:
    """Admins; adding a member again changes nothing."""
    groups.add_member(session, actor, group_id=group_id, user_id=user_id)
    return Response(status_code=204)


@router.delete(
    "/groups/{group_id}/members/{user_id}",
    status_code=204,
    tags=["groups"],
    summary="Take a user out of a group",
    responses=ERRORS,
)
def remove_group_member(
    session: DbSession, actor: CurrentActor, group_id: PathId, user_id: PathId
) -> Response:
    """Admins; 404 ``group.member_not_found`` when the user is not a member."""
    if not groups.remove_member(session, actor, group_id=group_id, user_id=user_id):
        raise _not_a_member("group", group_id, user_id)
    return Response(status_code=204)


@router.get(
    "/helpdesks/{helpdesk_id}",
    response_model=HelpdeskDetailOut,
    tags=["helpdesks"],
    summary="Get a help desk with its levels",
    responses=ERRORS,
)
def get_helpdesk(session: DbSession, actor: CurrentActor, helpdesk_id: PathId) -> HelpdeskDetailOut:
    """Anyone may read an enabled help desk (as in the list); a disabled one only admins."""
    return _helpdesk_out(session, helpdesks.require_visible_helpdesk(session, actor, helpdesk_id))


@router.patch(
    "/helpdesks/{helpdesk_id}",
    response_model=HelpdeskDetailOut,
    tags=["helpdesks"],
    summary="Change a help desk, its levels or its SLA",
    responses=ERRORS,
)
def update_helpdesk(
    session: DbSession, actor: CurrentActor, helpdesk_id: PathId, body: HelpdeskUpdateBody
) -> HelpdeskDetailOut:
    """Admins. ``levels`` renames levels in place and adds new ones at the end; a level past
    the new end that tickets or members are at is refused (409 ``helpdesk.level_in_use``)."""
    return _helpdesk_out(session, helpdesks.update_helpdesk(session, actor, helpdesk_id, body))


@router.get(
    "/helpdesks/{helpdesk_id}/members",
    response_model=list[HelpdeskMemberOut],
    tags=["helpdesks"],
    summary="List a help desk's members",
    responses=ERRORS,
)
def list_helpdesk_members(
    session: DbSession, actor: CurrentActor, helpdesk_id: PathId
) -> list[HelpdeskMemberOut]:
    """The members by login, with their access and level (agents)."""
    members = helpdesk_members.list_helpdesk_members(session, actor, helpdesk_id)
    return [
        HelpdeskMemberOut(
            **MemberOut.model_validate(m.user).model_dump(), writable=m.writable, level=m.level
        )
        for m in members
    ]


@router.put(
    "/helpdesks/{helpdesk_id}/members/{user_id}",
    status_code=204,
    tags=["helpdesks"],
    summary="Add an agent to a help desk or change their access",
    responses=ERRORS,
)
def put_helpdesk_member(
    session: DbSession,
    actor: CurrentActor,
    helpdesk_id: PathId,
    user_id: PathId,
    body: HelpdeskMemberBody,
) -> Response:
    """Admins; customers cannot be members (403 ``user.not_an_agent``); a level the desk does
    not have is refused (422 ``helpdesk.level_not_found``)."""
    users.add_helpdesk_membership(
        session, actor, user_id=user_id, helpdesk_id=helpdesk_id, writable=body.writable,
        level=body.level,
    )  # fmt: skip
    return Response(status_code=204)


@router.delete(
    "/helpdesks/{helpdesk_id}/members/{user_id}",
    status_code=204,
    tags=["helpdesks"],
    summary="Take an agent out of a help desk",
    responses=ERRORS,
)
def remove_helpdesk_member(
    session: DbSession, actor: CurrentActor, helpdesk_id: PathId, user_id: PathId
) -> Response:
    """Admins; 404 ``helpdesk.member_not_found`` when the user is not a member."""
    removed = helpdesk_members.remove_helpdesk_membership(
        session, actor, user_id=user_id, helpdesk_id=helpdesk_id
    )
    if not removed:
        raise _not_a_member("helpdesk", helpdesk_id, user_id)
    return Response(status_code=204)


@router.patch(
    "/companies/{company_id}",
    response_model=CompanyDetailOut,
    tags=["companies"],
    summary="Change a company",
    responses=ERRORS,
)
def update_company(
    session: DbSession, actor: CurrentActor, company_id: PathId, body: CompanyUpdateBody
) -> CompanyDetailOut:
    """Admins. Names (ignoring case) and codes stay unique (409); a parent below the company
    is refused (422 ``company.parent_cycle``)."""
    return CompanyDetailOut.model_validate(
        companies.update_company(session, actor, company_id, body)
    )


@router.delete(
    "/users/{user_id}",
    response_model=DeletedOut,
    tags=["users"],
    summary="Delete a user (or disable one that records refer to)",
    responses=ERRORS,
)
def delete_user(session: DbSession, actor: CurrentActor, user_id: PathId) -> DeletedOut:
    """Admins. A user nothing refers to is removed (``deleted``); one that tickets, comments or
    other records name is disabled instead (``disabled``). Admins cannot delete themselves."""
    removed = users.delete_user(session, actor, user_id)
    return DeletedOut(result="deleted" if removed else "disabled")


@router.put(
    "/users/{user_id}/out-of-office",
    response_model=OutOfOfficeOut,
    tags=["users"],
    summary="Set a user's out-of-office window",
    responses=ERRORS,
)
def set_out_of_office(
    session: DbSession, actor: CurrentActor, user_id: PathId, body: OutOfOfficeBody
) -> OutOfOfficeOut:
    """Admins. Days are UTC; an end before the start is kept as given (as Znuny does)."""
    user = users.set_out_of_office(
        session, actor, user_id, enabled=body.enabled, start=body.start, end=body.end
    )
    return OutOfOfficeOut(
        user_id=user.id, start=user.out_of_office_start, end=user.out_of_office_end
    )


def _not_a_member(what: str, owner_id: int, user_id: int) -> NotFound:
    return NotFound(
        f"{what}.member_not_found",
        f"user {user_id} is not a member of {what} {owner_id}",
        **{f"{what}_id": owner_id, "user_id": user_id},
    )
