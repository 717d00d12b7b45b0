"""Users groups (``groups``, ``groups.users``) over the core's groups
(``groups.service``, ``groups.directory``).

- ``POST groups``: ``name`` (an exact duplicate is ``group.name_taken``: the core's rule);
  answers ``{id}`` as the seed's table. Admins.
- ``GET groups``: the active groups ``[{id, total, name}]`` (``total`` = members); ``id`` or
  ``name`` (exact) answers that one object. Agents.
- ``DELETE groups``: memberships, company links and observers go; the group is removed, or
  kept disabled when help desks, levels, tickets or schedules refer to it. ``{status, info}``.
  Admins.
- ``groups.users``: ``POST`` / ``DELETE`` ``users[]`` -> ``{"<user_id>": true|false}`` (false:
  already a member / was not one); ``GET`` ``[{id, username, name, email}]`` by login,
  ``user_id`` narrows to that member.
"""

from __future__ import annotations

from typing import Any

from polydesk.dialects.invgate.context import Context
from polydesk.dialects.invgate.ops.directory import (
    deleted,
    flags,
    one_or_all,
    required_ids,
    user_rows,
)
from polydesk.dialects.invgate.params import Params
from polydesk.groups import directory
from polydesk.groups.service import GroupCreate, create_group, list_group_members


def create(ctx: Context, params: Params) -> dict[str, Any]:
    name = params.required_text("name").strip()
    group = create_group(ctx.session, ctx.actor, GroupCreate(name=name))
    return {"id": group.id}


def list_groups(ctx: Context, params: Params) -> dict[str, Any] | list[dict[str, Any]]:
    group_id = params.integer("id")
    name = params.text("name") or None
    found = directory.active_groups(ctx.session, ctx.actor, group_id=group_id, name=name)
    rows = [{"id": group.id, "total": total, "name": group.name} for group, total in found]
    return one_or_all(rows, group_id is not None or name is not None)


def delete(ctx: Context, params: Params) -> dict[str, Any]:
    removed = directory.delete_group(ctx.session, ctx.actor, params.required_integer("id"))
    return deleted(removed, "Group")


def add_users(ctx: Context, params: Params) -> dict[str, bool]:
    group_id = params.required_integer("id")
    users = required_ids(params, "users")
    return flags(directory.add_members(ctx.session, ctx.actor, group_id, users))


def list_users(ctx: Context, params: Params) -> list[dict[str, Any]]:
    members = list_group_members(ctx.session, ctx.actor, params.required_integer("id"))
    return user_rows(members, params.integer("user_id"))


def remove_users(ctx: Context, params: Params) -> dict[str, bool]:
    group_id = params.required_integer("id")
    users = required_ids(params, "users")
    return flags(directory.remove_members(ctx.session, ctx.actor, group_id, users))
