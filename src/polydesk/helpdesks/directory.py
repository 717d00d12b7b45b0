"""Help desks and their levels as a directory (InvGate ``helpdesks``, ``levels``,
``helpdesksandlevels``): each with its members' ids, read in a fixed number of queries.

A level's members are the desk's members at that level (``HelpdeskMember.level``); a desk's
members are all of them. A level is as enabled as its help desk (levels have no state of
their own). Agents read these.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from polydesk.authz.tickets import require_agent
from polydesk.core.actor import Actor
from polydesk.core.errors import not_found
from polydesk.models.helpdesks import Helpdesk, HelpdeskLevel, HelpdeskMember

#: The most rows one list answers (the product's lists are not paged).
LIST_CAP = 1000


@dataclass(frozen=True)
class DeskRow:
    desk: Helpdesk
    member_ids: list[int]


@dataclass(frozen=True)
class LevelRow:
    level: HelpdeskLevel
    desk: Helpdesk
    member_ids: list[int]


def desk_rows(
    session: Session,
    actor: Actor,
    *,
    desk_id: int | None = None,
    name: str | None = None,
    include_disabled: bool = False,
) -> list[DeskRow]:
    """Help desks by id (enabled ones unless ``include_disabled``), or the one with this id
    or exact name (``helpdesk.not_found``)."""
    require_agent(actor)
    query = select(Helpdesk).order_by(Helpdesk.id)
    if not include_disabled:
        query = query.where(Helpdesk.is_enabled.is_(True))
    if desk_id is not None:
        query = query.where(Helpdesk.id == desk_id)
    if name is not None:
        query = query.where(Helpdesk.name == name)
    desks = list(session.scalars(query.limit(LIST_CAP)))
    if not desks and (desk_id is not None or name is not None):
        raise not_found("helpdesk", desk_id if desk_id is not None else name)
    members = _members(session, [desk.id for desk in desks])
    return [DeskRow(desk, sorted({m for ms in members.get(desk.id, {}).values() for m in ms}))
            for desk in desks]  # fmt: skip


def level_rows(
    session: Session, actor: Actor, *, level_id: int | None = None, include_disabled: bool = True
) -> list[LevelRow]:
    """Levels by desk then order (those of enabled desks unless ``include_disabled``), or the
    one with this id (``level.not_found``)."""
    require_agent(actor)
    query = (
        select(HelpdeskLevel, Helpdesk)
        .join(Helpdesk, Helpdesk.id == HelpdeskLevel.helpdesk_id)
        .order_by(Helpdesk.id, HelpdeskLevel.level)
    )
    if not include_disabled:
        query = query.where(Helpdesk.is_enabled.is_(True))
    if level_id is not None:
        query = query.where(HelpdeskLevel.id == level_id)
    rows = [(level, desk) for level, desk in session.execute(query.limit(LIST_CAP))]
    if not rows and level_id is not None:
        raise not_found("level", level_id)
    members = _members(session, sorted({desk.id for _level, desk in rows}))
    return [
        LevelRow(level, desk, members.get(desk.id, {}).get(level.level, [])) for level, desk in rows
    ]


def _members(session: Session, desk_ids: list[int]) -> dict[int, dict[int, list[int]]]:
    """Desk id -> level -> member ids (ascending)."""
    result: dict[int, dict[int, list[int]]] = {}
    if not desk_ids:
        return result
    query = (
        select(HelpdeskMember.helpdesk_id, HelpdeskMember.level, HelpdeskMember.user_id)
        .where(HelpdeskMember.helpdesk_id.in_(desk_ids))
        .order_by(HelpdeskMember.user_id)
    )
    for desk_id, level, user_id in session.execute(query):
        result.setdefault(desk_id, {}).setdefault(level, []).append(user_id)
    return result


def desks_with_levels(
    session: Session, actor: Actor, *, include_disabled: bool = False
) -> list[tuple[DeskRow, list[LevelRow]]]:
    """Each help desk (as ``desk_rows``) with its levels in order."""
    desks = desk_rows(session, actor, include_disabled=include_disabled)
    levels: dict[int, list[LevelRow]] = {}
    for row in level_rows(session, actor, include_disabled=include_disabled):
        levels.setdefault(row.desk.id, []).append(row)
    return [(desk, levels.get(desk.desk.id, [])) for desk in desks]
