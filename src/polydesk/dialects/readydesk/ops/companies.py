"""``get_companies``, ``add_company``, ``update_company`` (selected by ``id``).

Output variables (not retrieved from the product, our choice in its naming style): ``id, name,
address, city, state, zip, country, phone, email, portal`` (``portal``: the portal id, ``0`` for
none)."""

from __future__ import annotations

from typing import Any

from polydesk.companies.changes import CompanyUpdate, update_company
from polydesk.companies.listing import count_companies, search_companies
from polydesk.companies.service import CompanyCreate, create_company
from polydesk.dialects.readydesk.context import Context
from polydesk.dialects.readydesk.errors import invalid
from polydesk.dialects.readydesk.ops.directory import named_query, single_id
from polydesk.dialects.readydesk.registry import Action
from polydesk.dialects.readydesk.wire import Count, Field, Item, Listing, Reply, answer
from polydesk.models.companies import Company

TEXT = ("name", "address", "city", "state", "zip", "country", "phone", "email")
NULLS = ("", "0")


def get_companies(ctx: Context) -> Reply:
    query, request = named_query(ctx.params)
    if request.count_only:
        return Count(count_companies(ctx.session, ctx.actor, query))
    rows = search_companies(ctx.session, ctx.actor, query)
    return Listing("companies", "company", [company_record(row) for row in rows])


def company_record(company: Company) -> list[Item]:
    return [
        Field("id", str(company.id)),
        Field("name", company.name, encoded=True),
        Field("address", company.address, encoded=True),
        Field("city", company.city, encoded=True),
        Field("state", company.state, encoded=True),
        Field("zip", company.zip, encoded=True),
        Field("country", company.country, encoded=True),
        Field("phone", company.phone, encoded=True),
        Field("email", company.email, encoded=True),
        Field("portal", str(company.portal_id or 0)),
    ]


def add_company(ctx: Context) -> Reply:
    ctx.params.required("name")
    ctx.params.required("address")
    company = create_company(ctx.session, ctx.actor, CompanyCreate(**_given(ctx)))
    return answer("added_company", company.id)


def update_company_action(ctx: Context) -> Reply:
    company_id = single_id(ctx.params, "id")
    values = _given(ctx)
    if "name" in values and not values["name"]:
        raise invalid("name", "a company needs a name")
    company = update_company(ctx.session, ctx.actor, company_id, CompanyUpdate(**values))
    return answer("updated_company", company.id)


def _given(ctx: Context) -> dict[str, Any]:
    given: dict[str, Any] = {
        name: value.strip() for name in TEXT if (value := ctx.params.raw(name)) is not None
    }
    portal = ctx.params.raw("portal")
    if portal is not None:  # a portal id; empty or 0: none
        given["portal_id"] = ctx.params.integer("portal") if portal.strip() not in NULLS else None
    return given


ACTIONS: dict[str, Action] = {
    "get_companies": get_companies,
    "add_company": add_company,
    "update_company": update_company_action,
}
