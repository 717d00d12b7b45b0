"""Customers are users with role customer, ``cid`` = login: ``get_customers``,
``add_customer``, ``update_customer`` (selected by ``cid``).

Output variables (not retrieved, our choice): ``id, cid, contact, email, phone, company_id,
company_name, support, chat, portal, contracts, date_added``. ``company`` names an existing
company, or is ``create_new`` with ``new_company``; an unknown name is an error. ``support=N``
disables the account; ``chat`` (Y/N), ``portal`` (id) and ``contracts`` (ids) are the core's
user entitlements (``users.schemas.UserAccess``)."""

from __future__ import annotations

from typing import Any

from polydesk.companies.service import CompanyCreate, companies_by_ids, get_company_by_name
from polydesk.core.actor import Role
from polydesk.dialects.readydesk.context import Context
from polydesk.dialects.readydesk.errors import invalid
from polydesk.dialects.readydesk.ops.people import display_name, person_values, user_query
from polydesk.dialects.readydesk.registry import Action
from polydesk.dialects.readydesk.wire import Count, Field, Item, Listing, Reply, answer
from polydesk.flows.commands import ChangePerson, NewPerson
from polydesk.flows.people import add_person, change_person
from polydesk.models.companies import Company
from polydesk.models.users import User
from polydesk.users.listing import count_users, search_users
from polydesk.users.schemas import UserCreate, UserUpdate
from polydesk.users.service import get_user_by_login

CUSTOMERS = (Role.CUSTOMER,)


def get_customers(ctx: Context) -> Reply:
    query, request = user_query(ctx, "cid", CUSTOMERS)
    if request.count_only:
        return Count(count_users(ctx.session, ctx.actor, query))
    users = search_users(ctx.session, ctx.actor, query)
    companies = companies_by_ids(ctx.session, [u.company_id for u in users if u.company_id])
    return Listing("customers", "customer", [_record(ctx, u, companies) for u in users])


def _record(ctx: Context, user: User, companies: dict[int, Company]) -> list[Item]:
    company = companies.get(user.company_id) if user.company_id else None
    return [
        Field("id", str(user.id)),
        Field("cid", user.login, encoded=True),
        Field("contact", display_name(user.first_name, user.last_name), encoded=True),
        Field("email", user.email or "", encoded=True),
        Field("phone", user.phone, encoded=True),
        Field("company_id", str(user.company_id or 0)),
        Field("company_name", company.name if company else "", encoded=True),
        Field("support", "Y" if user.is_enabled else "N"),
        Field("chat", "Y" if user.chat_enabled else "N"),
        Field("portal", str(user.portal_id or 0)),
        Field("contracts", ",".join(str(i) for i in user.contract_ids)),
        Field("date_added", ctx.date(user.created_at)),
    ]


def add_customer(ctx: Context) -> Reply:
    cid = ctx.params.required("cid")
    values, new_company = _values(ctx)
    enabled = values.pop("is_enabled", True)
    command = NewPerson(
        user=UserCreate(login=cid, role=Role.CUSTOMER, **values),
        new_company=new_company,
        is_enabled=enabled,
    )
    return answer("added_customer", add_person(ctx.session, ctx.actor, command).id)


def update_customer(ctx: Context) -> Reply:
    cid = ctx.params.required("cid")
    user = get_user_by_login(ctx.session, cid)
    if user is None or user.role is not Role.CUSTOMER:
        raise invalid("cid", f"unknown customer {cid!r}")
    values, new_company = _values(ctx)
    if "password" in values and values["password"] is None:
        values.pop("password")
    command = ChangePerson(user=UserUpdate(**values), new_company=new_company)
    change_person(ctx.session, ctx.actor, user.id, command)
    return answer("updated_customer", user.id)


def _values(ctx: Context) -> tuple[dict[str, Any], CompanyCreate | None]:
    """The account's values, and the company to make for it (``company=create_new``)."""
    values = person_values(ctx, "contact")
    values.update(_access(ctx))
    if ctx.params.raw("support") is not None:
        values["is_enabled"] = ctx.params.yes_no("support", default=True)
    company = ctx.params.raw("company")
    if company is None:
        return values, None
    given = company.strip()
    if given.lower() == "create_new":
        return values, CompanyCreate(name=ctx.params.required("new_company"))
    values["company_id"] = _company(ctx, given)
    return values, None


def _access(ctx: Context) -> dict[str, Any]:
    """``chat`` Y/N, ``portal`` (an id; empty or ``0``: none), ``contracts`` (ids, replaced)."""
    params, values = ctx.params, dict[str, Any]()
    if params.raw("chat") is not None:
        values["chat_enabled"] = params.yes_no("chat", default=True)
    portal = params.raw("portal")
    if portal is not None:
        values["portal_id"] = params.integer("portal") if portal.strip() not in ("", "0") else None
    if params.raw("contracts") is not None:
        values["contract_ids"] = params.id_list("contracts") or []
    return values


def _company(ctx: Context, given: str) -> int | None:
    if not given:
        return None
    company = get_company_by_name(ctx.session, given)
    if company is None:
        raise invalid("company", f"unknown company {given!r}")
    return company.id


ACTIONS: dict[str, Action] = {
    "get_customers": get_customers,
    "add_customer": add_customer,
    "update_customer": update_customer,
}
