"""Users, groups, companies, help desks and catalogs."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from polydesk.api.v1.bodies import (
    CompanyCreateBody,
    GroupCreateBody,
    HelpdeskCreateBody,
    PasswordChangeBody,
    UserCreateBody,
    UserUpdateBody,
)
from polydesk.api.v1.deps import AccountActor, CurrentActor, DbSession
from polydesk.api.v1.inputs import NameInPath, PathId, QueryId, QueryText
from polydesk.api.v1.paging import Paging
from polydesk.api.v1.schemas import (
    CatalogItemOut,
    CompanyOut,
    GroupOut,
    HelpdeskOut,
    PageOut,
    UserOut,
    page_of,
)
from polydesk.catalogs.service import list_catalog
from polydesk.companies import service as companies
from polydesk.core.actor import Role
from polydesk.groups import service as groups
from polydesk.helpdesks import service as helpdesks
from polydesk.users import service as users
from polydesk.users.forced_change import change_own_password
from polydesk.users.schemas import UserFilter

router = APIRouter()


@router.get("/me", response_model=UserOut, tags=["users"])
def me(session: DbSession, actor: AccountActor) -> UserOut:
    """The caller; answers even while it must change its password (``must_change_password``
    true: every other request is 403 ``auth.password_change_required``)."""
    assert actor.user_id is not None
    return UserOut.model_validate(users.require_user(session, actor.user_id))


@router.post("/me/password", response_model=UserOut, tags=["users"])
def change_my_password(
    request: Request, session: DbSession, actor: AccountActor, body: PasswordChangeBody
) -> UserOut:
    """The caller sets its own password, proving the current one; this meets a forced change
    (docs/security.md). The account's login sessions end; send the new password from now on."""
    address = request.client.host if request.client else ""
    user = change_own_password(
        session,
        actor,
        current_password=body.current_password,
        new_password=body.new_password,
        address=address,
    )
    return UserOut.model_validate(user)


@router.get("/users", response_model=PageOut[UserOut], tags=["users"])
def list_users(
    session: DbSession,
    actor: CurrentActor,
    page: Paging,
    role: Role | None = None,
    company_id: QueryId = None,
    q: Annotated[QueryText, Query(max_length=200)] = None,
) -> dict[str, Any]:
    filters = UserFilter(role=role, company_id=company_id, query=q)
    return page_of(users.list_users(session, actor, filters, page), UserOut)


@router.post("/users", status_code=201, response_model=UserOut, tags=["users"])
def create_user(session: DbSession, actor: CurrentActor, body: UserCreateBody) -> UserOut:
    return UserOut.model_validate(users.create_user(session, actor, body))


@router.get("/users/{user_id}", response_model=UserOut, tags=["users"])
def get_user(session: DbSession, actor: CurrentActor, user_id: PathId) -> UserOut:
    return UserOut.model_validate(users.require_visible_user(session, actor, user_id))


@router.patch("/users/{user_id}", response_model=UserOut, tags=["users"])
def update_user(
    session: DbSession, actor: CurrentActor, user_id: PathId, body: UserUpdateBody
) -> UserOut:
    return UserOut.model_validate(users.update_user(session, actor, user_id, body))


@router.get("/groups", response_model=PageOut[GroupOut], tags=["groups"])
def list_groups(session: DbSession, actor: CurrentActor, page: Paging) -> dict[str, Any]:
    return page_of(groups.list_groups(session, actor, page), GroupOut)


@router.post("/groups", status_code=201, response_model=GroupOut, tags=["groups"])
def create_group(session: DbSession, actor: CurrentActor, body: GroupCreateBody) -> GroupOut:
    return GroupOut.model_validate(groups.create_group(session, actor, body))


@router.get("/companies", response_model=PageOut[CompanyOut], tags=["companies"])
def list_companies(session: DbSession, actor: CurrentActor, page: Paging) -> dict[str, Any]:
    return page_of(companies.list_companies(session, actor, page), CompanyOut)


@router.post("/companies", status_code=201, response_model=CompanyOut, tags=["companies"])
def create_company(session: DbSession, actor: CurrentActor, body: CompanyCreateBody) -> CompanyOut:
    return CompanyOut.model_validate(companies.create_company(session, actor, body))


@router.get("/companies/{company_id}", response_model=CompanyOut, tags=["companies"])
def get_company(session: DbSession, actor: CurrentActor, company_id: PathId) -> CompanyOut:
    return CompanyOut.model_validate(companies.require_company(session, actor, company_id))


@router.get("/helpdesks", response_model=PageOut[HelpdeskOut], tags=["helpdesks"])
def list_helpdesks(session: DbSession, actor: CurrentActor, page: Paging) -> dict[str, Any]:
    return page_of(helpdesks.list_helpdesks(session, actor, page), HelpdeskOut)


@router.post("/helpdesks", status_code=201, response_model=HelpdeskOut, tags=["helpdesks"])
def create_helpdesk(
    session: DbSession, actor: CurrentActor, body: HelpdeskCreateBody
) -> HelpdeskOut:
    return HelpdeskOut.model_validate(helpdesks.create_helpdesk(session, actor, body))


@router.get("/catalogs/{kind}", response_model=list[CatalogItemOut], tags=["catalogs"])
def get_catalog(session: DbSession, _actor: CurrentActor, kind: NameInPath) -> list[CatalogItemOut]:
    return [CatalogItemOut.model_validate(item) for item in list_catalog(session, kind)]
