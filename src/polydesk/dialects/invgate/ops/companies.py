"""Companies (``companies``, ``companies.users``, ``companies.groups``) over the core
(``companies.service``, ``.changes``, ``.directory``, ``.members``).

- ``POST companies``: ``name`` (unique ignoring case: ``company.name_taken``), ``external_id``
  (the company's id in another system, stored in the core); answers
  ``{id, external_id, name, status}``. ``PUT`` changes ``name`` / ``external_id`` (an empty
  ``external_id`` clears it) and answers the same. Admins.
- ``GET companies``: the active companies ``[{id, total, external_id, name}]`` (``total`` =
  users), always an array; ``id``, ``external_id`` and ``name`` (exact) narrow it. Agents.
- ``DELETE companies``: the users leave it, links and observers go; the row is removed, or
  kept disabled when tickets or other records refer to it. ``{status, info}``.
- ``companies.users``: a user added joins the company's groups (leaving another company and
  its groups first); a user removed leaves the company's groups. ``POST`` answers true for
  every user (each is a member afterwards), ``DELETE`` false for a user not in the company.
- ``companies.groups``: linking makes the company's users join the groups;
  ``unlink_users_too=1`` makes them leave on unlinking. ``GET`` ``[{id, total, name}]``.
"""

from __future__ import annotations

from typing import Any

from polydesk.companies import directory, members
from polydesk.companies.changes import CompanyUpdate, update_company
from polydesk.companies.service import CompanyCreate, create_company
from polydesk.dialects.invgate.context import Context
from polydesk.dialects.invgate.ops.directory import deleted, flags, required_ids, user_rows
from polydesk.dialects.invgate.params import Params
from polydesk.models.companies import Company


def _answer(company: Company) -> dict[str, Any]:
    return {
        "id": company.id,
        "external_id": company.external_id,
        "name": company.name,
        "status": "OK",
    }


def create(ctx: Context, params: Params) -> dict[str, Any]:
    name = params.required_text("name").strip()
    external_id = (params.text("external_id") or "").strip() or None
    company = create_company(
        ctx.session, ctx.actor, CompanyCreate(name=name, external_id=external_id)
    )
    return _answer(company)


def update(ctx: Context, params: Params) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    name = params.text("name")
    if name is not None:
        changes["name"] = params.required_text("name").strip()
    external_id = params.text("external_id")
    if external_id is not None:
        changes["external_id"] = external_id.strip() or None
    cmd = CompanyUpdate(**changes)
    return _answer(update_company(ctx.session, ctx.actor, params.required_integer("id"), cmd))


def list_companies(ctx: Context, params: Params) -> list[dict[str, Any]]:
    found = directory.active_companies(
        ctx.session,
        ctx.actor,
        company_id=params.integer("id"),
        external_id=params.text("external_id") or None,
        name=params.text("name") or None,
    )
    return [
        {"id": row.id, "total": total, "external_id": row.external_id, "name": row.name}
        for row, total in found
    ]


def delete(ctx: Context, params: Params) -> dict[str, Any]:
    removed = directory.delete_company(ctx.session, ctx.actor, params.required_integer("id"))
    return deleted(removed, "Company")


def add_users(ctx: Context, params: Params) -> dict[str, bool]:
    company_id = params.required_integer("id")
    users = required_ids(params, "users")
    return flags(members.add_company_users(ctx.session, ctx.actor, company_id, users))


def list_users(ctx: Context, params: Params) -> list[dict[str, Any]]:
    user_id = params.integer("user_id")
    found = members.list_company_users(
        ctx.session, ctx.actor, params.required_integer("id"), user_id=user_id
    )
    return user_rows(found, None)


def remove_users(ctx: Context, params: Params) -> dict[str, bool]:
    company_id = params.required_integer("id")
    users = required_ids(params, "users")
    return flags(members.remove_company_users(ctx.session, ctx.actor, company_id, users))


def link_groups(ctx: Context, params: Params) -> dict[str, bool]:
    company_id = params.required_integer("id")
    groups = required_ids(params, "groups")
    return flags(members.link_company_groups(ctx.session, ctx.actor, company_id, groups))


def list_groups(ctx: Context, params: Params) -> list[dict[str, Any]]:
    found = members.list_company_groups(ctx.session, ctx.actor, params.required_integer("id"))
    return [{"id": group.id, "total": total, "name": group.name} for group, total in found]


def unlink_groups(ctx: Context, params: Params) -> dict[str, bool]:
    company_id = params.required_integer("id")
    groups = required_ids(params, "groups")
    users_too = bool(params.flag("unlink_users_too"))
    return flags(
        members.unlink_company_groups(
            ctx.session, ctx.actor, company_id, groups, unlink_users_too=users_too
        )
    )
