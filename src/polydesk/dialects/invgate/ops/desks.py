"""Help desks and levels (``helpdesks``, ``levels``, ``helpdesksandlevels``), read from the
core (``helpdesks.directory``); help desks are created by admins in the core (no InvGate
operation creates them).

- ``status_id``: 1 Enabled, 4 Disabled (the core has no suspended or out-of-hours state); a
  level has its desk's status and ``engine_id``.
- ``engine_id``: 1 round robin, 2 by load (least loaded), 3 free, 4 manual.
- ``GET helpdesks``: enabled desks unless ``include_deleted=1`` (disabled ones);
  ``{status_id, name, parent_id, id, total_members, engine_id}``; ``id`` or ``name`` (exact)
  answers one object.
- ``GET levels``: ``include_deleted`` defaults to true (the seed's opposite default);
  ``{members_ids, status_id, id, total_members, engine_id, level_order}``; ``id`` (a level's
  id) answers one object. A level's members are the desk's members at that level.
- ``GET helpdesksandlevels``: the desks, each followed by its levels (``parent_id`` = the
  desk, ``level_order`` set; desks have ``level_order: null``). Desk and level ids are two
  id spaces in the core, so a desk and a level may share an id: ``level_order`` tells them
  apart. ``id`` names a level (the seed: "Level ID") and answers that level alone;
  ``include_deleted`` defaults to false as for ``helpdesks``.
"""

from __future__ import annotations

from typing import Any

from polydesk.dialects.invgate.context import Context
from polydesk.dialects.invgate.ops.directory import one_or_all
from polydesk.dialects.invgate.params import Params
from polydesk.helpdesks.directory import (
    DeskRow,
    LevelRow,
    desk_rows,
    desks_with_levels,
    level_rows,
)
from polydesk.models.helpdesks import AssignmentEngine, Helpdesk

ENGINE_IDS = {
    AssignmentEngine.ROUND_ROBIN: 1,
    AssignmentEngine.LEAST_LOADED: 2,
    AssignmentEngine.FREE: 3,
    AssignmentEngine.MANUAL: 4,
}
ENABLED, DISABLED = 1, 4


def _status(desk: Helpdesk) -> int:
    return ENABLED if desk.is_enabled else DISABLED


def _desk(row: DeskRow) -> dict[str, Any]:
    return {
        "status_id": _status(row.desk),
        "name": row.desk.name,
        "parent_id": row.desk.parent_id,
        "id": row.desk.id,
        "total_members": len(row.member_ids),
        "engine_id": ENGINE_IDS[row.desk.assignment_engine],
    }


def _level(row: LevelRow) -> dict[str, Any]:
    return {
        "members_ids": row.member_ids,
        "status_id": _status(row.desk),
        "id": row.level.id,
        "total_members": len(row.member_ids),
        "engine_id": ENGINE_IDS[row.desk.assignment_engine],
        "level_order": row.level.level,
    }


def list_helpdesks(ctx: Context, params: Params) -> dict[str, Any] | list[dict[str, Any]]:
    desk_id, name = params.integer("id"), params.text("name") or None
    found = desk_rows(
        ctx.session,
        ctx.actor,
        desk_id=desk_id,
        name=name,
        include_disabled=bool(params.flag("include_deleted")),
    )
    return one_or_all([_desk(row) for row in found], desk_id is not None or name is not None)


def list_levels(ctx: Context, params: Params) -> dict[str, Any] | list[dict[str, Any]]:
    level_id = params.integer("id")
    include = params.flag("include_deleted")
    found = level_rows(
        ctx.session, ctx.actor, level_id=level_id, include_disabled=include is not False
    )
    return one_or_all([_level(row) for row in found], level_id is not None)


def list_helpdesks_and_levels(
    ctx: Context, params: Params
) -> dict[str, Any] | list[dict[str, Any]]:
    level_id = params.integer("id")
    include = bool(params.flag("include_deleted"))
    if level_id is not None:
        found = level_rows(ctx.session, ctx.actor, level_id=level_id, include_disabled=include)
        return _mixed_level(found[0])
    rows: list[dict[str, Any]] = []
    for desk, levels in desks_with_levels(ctx.session, ctx.actor, include_disabled=include):
        rows.append({"members_ids": desk.member_ids, **_desk(desk), "level_order": None})
        rows.extend(_mixed_level(level) for level in levels)
    return rows


def _mixed_level(row: LevelRow) -> dict[str, Any]:
    return {**_level(row), "name": row.level.name, "parent_id": row.desk.id}
