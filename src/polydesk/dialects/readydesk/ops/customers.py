"""Customers are users with role customer, ``cid`` = login: ``get_customers``,
``add_customer``, ``update_customer`` (selected by ``cid``).

Output variables (not retrieved, our choice): ``id, cid, contact, email, phone, company_id,
company_name, support, date_added``. ``company`` names an existing company, or is
``create_new`` with ``new_company``; an unknown name is an error. ``support=N`` disables the
account; ``chat``, ``portal`` and ``contracts`` are checked, not stored (SPEC.md)."""

from __future__ import annotations

from typing import Any

from polydesk.companies.service import (
    CompanyCreate,
    companies_by_ids,
    create_company,
    get_company_by_name,
)
from polydesk.core.actor import Role
from polydesk.dialects.readydesk.context import Context
from polydesk.dialects.readydesk.errors import invalid
from polydesk.dialects.readydesk.ops.directory import check_unstored
from polydesk.dialects.readydesk.ops.people import display_name, person_values, user_query
from polydesk.dialects.readydesk.registry import Action
from polydesk.dialects.readydesk.wire import Count, Field, Item, Listing, Reply, answer
from polydesk.models.companies import Company
from polydesk.models.users import User
from polydesk.users.listing import count_users, search_users
from polydesk.users.schemas import UserCreate, UserUpdate
from polydesk.users.service import create_user, get_user_by_login, update_user

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
        Field("date_added", ctx.date(user.created_at)),
    ]


def add_customer(ctx: Context) -> Reply:
    cid = ctx.params.required("cid")
    values = _values(ctx)
    enabled = values.pop("is_enabled", True)
    user = create_user(ctx.session, ctx.actor, UserCreate(login=cid, role=Role.CUSTOMER, **values))
    if not enabled:
        update_user(ctx.session, ctx.actor, user.id, UserUpdate(is_enabled=False))
    return answer("added_customer", user.id)


def update_customer(ctx: Context) -> Reply:
    cid = ctx.params.required("cid")
    user = get_user_by_login(ctx.session, cid)
    if user is None or user.role is not Role.CUSTOMER:
        raise invalid("cid", f"unknown customer {cid!r}")
    values = _values(ctx)
    if "password" in values and values["password"] is None:
        values.pop("password")
    update_user(ctx.session, ctx.actor, user.id, UserUpdate(**values))
    return answer("updated_customer", user.id)


def _values(ctx: Context) -> dict[str, Any]:
    check_unstored(ctx.params, flags=("chat",), ids=("contracts",))
    values = person_values(ctx, "contact")
    if ctx.params.raw("support") is not None:
        values["is_enabled"] = ctx.params.yes_no("support", default=True)
    company = ctx.params.raw("company")
    if company is not None:
        values["company_id"] = _company(ctx, company.strip())
    return values


def _company(ctx: Context, given: str) -> int | None:
    if not given:
        return None
    if given.lower() == "create_new":
        name = ctx.params.required("new_company")
        return create_company(ctx.session, ctx.actor, CompanyCreate(name=name)).id
    company = get_company_by_name(ctx.session, given)
    if company is None:
        raise invalid("company", f"unknown company {given!r}")
    return company.id


ACTIONS: dict[str, Action] = {
    "get_customers": get_customers,
    "add_customer": add_customer,
    "update_customer": update_customer,
}
