"""Locations (``locations``, ``locations.users``) over the core
(``companies.locations``, ``companies.location_members``).

- ``POST locations``: ``name`` (unique ignoring case: ``location.name_taken``), ``parent_id``;
  answers ``{id}``. Admins.
- ``GET locations``: the active locations ``[{parent_id, id, total, name}]`` (``total`` =
  users placed there); ``id`` answers one object. Agents.
- ``DELETE locations``: the location and its sublocations are disabled (the core never
  deletes locations: users, tickets and inventory refer to them) and lose their observers;
  the name stays taken. ``{status, info}``.
- ``locations.users``: a user has one location, so adding moves the user there.
  ``POST`` / ``DELETE`` answer ``{"<user_id>": true|false}`` (the spec reads the seed's
  ``{value, id}`` table as this map); ``GET`` ``[{id, username, name, email}]`` by id.
"""

from __future__ import annotations

from typing import Any

from polydesk.companies import location_members as members
from polydesk.companies.locations import LocationCreate, create_location
from polydesk.dialects.invgate.context import Context
from polydesk.dialects.invgate.ops.directory import flags, one_or_all, required_ids, user_rows
from polydesk.dialects.invgate.params import Params
from polydesk.dialects.invgate.render import ok


def create(ctx: Context, params: Params) -> dict[str, Any]:
    cmd = LocationCreate(
        name=params.required_text("name").strip(), parent_id=params.integer("parent_id")
    )
    return {"id": create_location(ctx.session, ctx.actor, cmd).id}


def list_locations(ctx: Context, params: Params) -> dict[str, Any] | list[dict[str, Any]]:
    location_id = params.integer("id")
    found = members.active_locations(ctx.session, ctx.actor, location_id=location_id)
    rows = [
        {"parent_id": row.parent_id, "id": row.id, "total": total, "name": row.name}
        for row, total in found
    ]
    return one_or_all(rows, location_id is not None)


def delete(ctx: Context, params: Params) -> dict[str, Any]:
    removed = members.delete_location(ctx.session, ctx.actor, params.required_integer("id"))
    return ok(f"{len(removed)} locations deleted")


def add_users(ctx: Context, params: Params) -> dict[str, bool]:
    location_id = params.required_integer("id")
    users = required_ids(params, "users")
    return flags(members.add_location_users(ctx.session, ctx.actor, location_id, users))


def list_users(ctx: Context, params: Params) -> list[dict[str, Any]]:
    found = members.list_location_users(
        ctx.session, ctx.actor, params.required_integer("id"), user_id=params.integer("user_id")
    )
    return user_rows(found, None)


def remove_users(ctx: Context, params: Params) -> dict[str, bool]:
    location_id = params.required_integer("id")
    users = required_ids(params, "users")
    return flags(members.remove_location_users(ctx.session, ctx.actor, location_id, users))
