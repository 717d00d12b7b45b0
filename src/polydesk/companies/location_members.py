"""Locations as a directory (InvGate ``locations``, ``locations.users``): the active locations
with their user counts, users placed at or taken from a location, and deleting a location.

Rules: a user has one location (``users.location_id``); adding a user moves them there.
Deleting a location disables it and every location below it (the core's rule: nothing is
deleted, users, tickets and inventory refer to locations) and drops their observers; users
keep pointing at it. Admins change these; agents list them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from polydesk.authz.tickets import require_admin, require_agent
from polydesk.core.actor import Actor
from polydesk.core.errors import not_found
from polydesk.models.companies import Location
from polydesk.models.observers import ObservedKind
from polydesk.models.users import User
from polydesk.users.observers import forget_entities
from polydesk.users.service import require_user

#: The most locations one list answers (the product's list is not paged).
LIST_CAP = 1000


def require_location(session: Session, location_id: int) -> Location:
    location = session.get(Location, location_id)
    if location is None:
        raise not_found("location", location_id)
    return location


def active_locations(
    session: Session, actor: Actor, *, location_id: int | None = None
) -> list[tuple[Location, int]]:
    """The enabled locations by id, or the one asked for (``location.not_found`` when it is
    missing or deleted), each with its number of users."""
    require_agent(actor)
    query = select(Location).where(Location.is_enabled.is_(True)).order_by(Location.id)
    if location_id is not None:
        query = query.where(Location.id == location_id)
    locations = list(session.scalars(query.limit(LIST_CAP)))
    if not locations and location_id is not None:
        raise not_found("location", location_id)
    counts = user_counts(session, [location.id for location in locations])
    return [(location, counts[location.id]) for location in locations]


def user_counts(session: Session, location_ids: Iterable[int]) -> dict[int, int]:
    """Location id -> number of users placed there, in one query."""
    wanted = sorted(set(location_ids))
    if not wanted:
        return {}
    query = (
        select(User.location_id, func.count())
        .where(User.location_id.in_(wanted))
        .group_by(User.location_id)
    )
    counts = {location_id: 0 for location_id in wanted}
    counts.update({ident: count for ident, count in session.execute(query) if ident is not None})
    return counts


def delete_location(session: Session, actor: Actor, location_id: int) -> list[int]:
    """Disable the location and its sublocations; their ids, the location's first."""
    require_admin(actor)
    require_location(session, location_id)
    children: dict[int, list[int]] = {}
    for ident, parent in session.execute(select(Location.id, Location.parent_id)):
        children.setdefault(parent or 0, []).append(ident)
    removed, queue = [], [location_id]
    while queue:  # the seen check stops at a stored cycle
        ident = queue.pop(0)
        if ident not in removed:
            removed.append(ident)
            queue.extend(children.get(ident, []))
    for location in session.scalars(select(Location).where(Location.id.in_(removed))):
        location.is_enabled = False
    forget_entities(session, ObservedKind.LOCATION, removed)
    session.flush()
    return removed


def list_location_users(
    session: Session, actor: Actor, location_id: int, *, user_id: int | None = None
) -> list[User]:
    """The users placed at the location, by id (or only ``user_id``, when there)."""
    require_agent(actor)
    require_location(session, location_id)
    query = select(User).where(User.location_id == location_id).order_by(User.id)
    if user_id is not None:
        query = query.where(User.id == user_id)
    return list(session.scalars(query))


def add_location_users(
    session: Session, actor: Actor, location_id: int, user_ids: Sequence[int]
) -> dict[int, bool]:
    """User id -> True (each user is at the location afterwards)."""
    require_admin(actor)
    if not require_location(session, location_id).is_enabled:  # deleted
        raise not_found("location", location_id)
    users = [require_user(session, user_id) for user_id in dict.fromkeys(user_ids)]
    for user in users:
        user.location_id = location_id
    session.flush()
    return {user.id: True for user in users}


def remove_location_users(
    session: Session, actor: Actor, location_id: int, user_ids: Sequence[int]
) -> dict[int, bool]:
    """User id -> True when the user was at the location (and no longer is), else False."""
    require_admin(actor)
    require_location(session, location_id)
    users = [require_user(session, user_id) for user_id in dict.fromkeys(user_ids)]
    result = {user.id: user.location_id == location_id for user in users}
    for user in users:
        if result[user.id]:
            user.location_id = None
    session.flush()
    return result
