"""Admin pages: companies and locations (list, create, edit, delete). The same core calls as
the native admin API and the directory dialects: ``companies.service.create_company``,
``companies.changes.update_company``, ``companies.directory.delete_company`` (a company records
name is disabled instead), ``companies.locations.create_location`` / ``update_location`` and
``companies.location_members.delete_location`` (disables it and the locations below it)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request, Response
from pydantic import BaseModel, Field

from polydesk.companies.changes import CompanyUpdate, update_company
from polydesk.companies.directory import delete_company
from polydesk.companies.location_members import delete_location
from polydesk.companies.locations import (
    LocationCreate,
    LocationUpdate,
    create_location,
    update_location,
)
from polydesk.companies.service import CompanyCreate, create_company
from polydesk.flows.directory_admin import (
    CompanyPage,
    LocationPage,
    company_list,
    company_page,
    location_list,
    location_page,
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
COMPANIES = "/admin/companies"
LOCATIONS = "/admin/locations"
Id = Annotated[int, Field(ge=1, le=2**31 - 1)]
#: The company details the form edits (every one a text field of the core's commands).
COMPANY_TEXT = (
    "code", "description", "address", "city", "zip", "country", "phone", "email", "website",
    "fiscal_id",
)  # fmt: skip


class CompanyFields(BaseModel):
    name: str = Field(default="", max_length=300)
    code: str = Field(default="", max_length=300)
    description: str = Field(default="", max_length=3000)
    address: str = Field(default="", max_length=1000)
    city: str = Field(default="", max_length=300)
    zip: str = Field(default="", max_length=100)
    country: str = Field(default="", max_length=300)
    phone: str = Field(default="", max_length=100)
    email: str = Field(default="", max_length=300)
    website: str = Field(default="", max_length=300)
    fiscal_id: str = Field(default="", max_length=100)
    parent_id: str = Field(default="", max_length=20)
    disabled: str = Field(default="", max_length=10)


class LocationFields(BaseModel):
    name: str = Field(default="", max_length=300)
    address: str = Field(default="", max_length=1000)
    parent_id: str = Field(default="", max_length=20)
    disabled: str = Field(default="", max_length=10)


@router.get(COMPANIES)
def companies(
    request: Request, session: DbSession, live: AdminSession, page_number: PageNumber = 1
) -> Response:
    found = company_list(session, live.actor, page_request(page_number))
    context = {"section": "admin", "found": found, "notice": notice(request, "company"),
               **pager(COMPANIES, page_number, found.total)}  # fmt: skip
    return page(request, "admin/people/companies.html", context, live=live)


@router.get(COMPANIES + "/new")
def new_company(request: Request, session: DbSession, live: AdminSession) -> Response:
    view = company_page(session, live.actor, None)
    return _company_form(request, live, view, CompanyFields(), FormErrors())


@router.post(COMPANIES)
def add_company(
    request: Request,
    session: DbSession,
    live: CheckedAdmin,
    fields: Annotated[CompanyFields, Form()],
) -> Response:
    values = _company_values(fields)
    values["code"] = blank_none(fields.code)  # none given: the core derives it from the name
    try:
        cmd = command(CompanyCreate, values)
        company = attempt(session, lambda: create_company(session, live.actor, cmd))
    except Refused as refused:
        view = company_page(session, live.actor, None)
        return _company_form(request, live, view, fields, refused.errors)
    return redirect(request, f"{COMPANIES}/{company.id}?saved=1")


@router.get(COMPANIES + "/{company_id}")
def company(request: Request, session: DbSession, live: AdminSession, company_id: Id) -> Response:
    view = company_page(session, live.actor, company_id)
    return _company_form(request, live, view, _company_fields(view), FormErrors())


@router.post(COMPANIES + "/{company_id}")
def change_company(
    request: Request,
    session: DbSession,
    live: CheckedAdmin,
    company_id: Id,
    fields: Annotated[CompanyFields, Form()],
) -> Response:
    values = _company_values(fields) | {"is_enabled": not fields.disabled}
    if not fields.code.strip():
        values.pop("code")  # a company always has a code: blank keeps the current one
    try:
        cmd = command(CompanyUpdate, values)
        attempt(session, lambda: update_company(session, live.actor, company_id, cmd))
    except Refused as refused:
        view = company_page(session, live.actor, company_id)
        return _company_form(request, live, view, fields, refused.errors)
    return redirect(request, f"{COMPANIES}/{company_id}?saved=1")


@router.post(COMPANIES + "/{company_id}/delete")
def remove_company(
    request: Request, session: DbSession, live: CheckedAdmin, company_id: Id
) -> Response:
    if delete_company(session, live.actor, company_id):
        return redirect(request, f"{COMPANIES}?deleted=1")
    return redirect(request, f"{COMPANIES}/{company_id}?kept=1")


@router.get(LOCATIONS)
def locations(
    request: Request, session: DbSession, live: AdminSession, page_number: PageNumber = 1
) -> Response:
    found = location_list(session, live.actor, page_request(page_number))
    context = {"section": "admin", "found": found, "notice": notice(request, "location"),
               **pager(LOCATIONS, page_number, found.total)}  # fmt: skip
    return page(request, "admin/people/locations.html", context, live=live)


@router.get(LOCATIONS + "/new")
def new_location(request: Request, session: DbSession, live: AdminSession) -> Response:
    view = location_page(session, live.actor, None)
    return _location_form(request, live, view, LocationFields(), FormErrors())


@router.post(LOCATIONS)
def add_location(
    request: Request,
    session: DbSession,
    live: CheckedAdmin,
    fields: Annotated[LocationFields, Form()],
) -> Response:
    try:
        cmd = command(LocationCreate, _location_values(fields))
        location = attempt(session, lambda: create_location(session, live.actor, cmd))
    except Refused as refused:
        view = location_page(session, live.actor, None)
        return _location_form(request, live, view, fields, refused.errors)
    return redirect(request, f"{LOCATIONS}/{location.id}?saved=1")


@router.get(LOCATIONS + "/{location_id}")
def location(request: Request, session: DbSession, live: AdminSession, location_id: Id) -> Response:
    view = location_page(session, live.actor, location_id)
    return _location_form(request, live, view, _location_fields(view), FormErrors())


@router.post(LOCATIONS + "/{location_id}")
def change_location(
    request: Request,
    session: DbSession,
    live: CheckedAdmin,
    location_id: Id,
    fields: Annotated[LocationFields, Form()],
) -> Response:
    values = _location_values(fields) | {"is_enabled": not fields.disabled}
    try:
        cmd = command(LocationUpdate, values)
        attempt(session, lambda: update_location(session, live.actor, location_id, cmd))
    except Refused as refused:
        view = location_page(session, live.actor, location_id)
        return _location_form(request, live, view, fields, refused.errors)
    return redirect(request, f"{LOCATIONS}/{location_id}?saved=1")


@router.post(LOCATIONS + "/{location_id}/delete")
def remove_location(
    request: Request, session: DbSession, live: CheckedAdmin, location_id: Id
) -> Response:
    """Locations are never removed (users and assets keep naming them): disabled, with the
    locations below them, as the core's ``delete_location`` does for every API."""
    delete_location(session, live.actor, location_id)
    return redirect(request, f"{LOCATIONS}/{location_id}?disabled=1")


def _company_values(fields: CompanyFields) -> dict[str, Any]:
    values: dict[str, Any] = {name: getattr(fields, name).strip() for name in COMPANY_TEXT}
    return values | {"name": fields.name.strip(), "parent_id": blank_none(fields.parent_id)}


def _company_fields(view: CompanyPage) -> CompanyFields:
    found = view.company
    if found is None:
        return CompanyFields()
    values = {name: getattr(found, name) or "" for name in COMPANY_TEXT}
    return CompanyFields(
        name=found.name, parent_id=str(found.parent_id or ""),
        disabled="" if found.is_enabled else "on", **values,
    )  # fmt: skip


def _company_form(
    request: Request,
    live: LiveSession,
    view: CompanyPage,
    fields: CompanyFields,
    errors: FormErrors,
) -> Response:
    own = view.company.id if view.company else None
    context = {
        "section": "admin", "view": view, "fields": fields, "errors": errors,
        "parents": [choice for choice in view.companies if choice[0] != own],
        "notice": notice(request, "company"),
    }  # fmt: skip
    return page(
        request, "admin/people/company.html", context, live=live, status=422 if errors else 200
    )


def _location_values(fields: LocationFields) -> dict[str, Any]:
    return {
        "name": fields.name.strip(), "address": fields.address.strip(),
        "parent_id": blank_none(fields.parent_id),
    }  # fmt: skip


def _location_fields(view: LocationPage) -> LocationFields:
    found = view.location
    if found is None:
        return LocationFields()
    return LocationFields(
        name=found.name, address=found.address, parent_id=str(found.parent_id or ""),
        disabled="" if found.is_enabled else "on",
    )  # fmt: skip


def _location_form(
    request: Request,
    live: LiveSession,
    view: LocationPage,
    fields: LocationFields,
    errors: FormErrors,
) -> Response:
    own = view.location.id if view.location else None
    context = {
        "section": "admin", "view": view, "fields": fields, "errors": errors,
        "parents": [choice for choice in view.locations if choice[0] != own],
        "notice": notice(request, "location"),
    }  # fmt: skip
    return page(
        request, "admin/people/location.html", context, live=live, status=422 if errors else 200
    )
