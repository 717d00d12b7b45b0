"""Locations: looked up by the edges (Motadata ``locationName``), defined by admins.

Admin rules (``create_location``, ``update_location``): a name is unique, compared
case-insensitively (``location.name_taken``; rows made before this rule may share a name, and
lookups then take the first by id); a parent must exist and not be the location or one below it
(``location.parent_cycle``). Nothing is deleted (users, tickets and inventory refer to
locations): disabling is the removal. Reference data: no ticket history is written.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from polydesk.authz.tickets import require_admin
from polydesk.core.actor import Actor
from polydesk.core.errors import Conflict, ValidationFailed, not_found
from polydesk.db.hierarchy import is_below
from polydesk.db.names import name_in_use
from polydesk.models.companies import Location


class LocationCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=191)
    parent_id: int | None = None
    address: str = Field(default="", max_length=500)
    is_enabled: bool = True


class LocationUpdate(BaseModel):
    """Only the fields given change; ``None`` leaves a field as is, except ``parent_id``, where a
    given ``None`` makes the location a top-level one."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=191)
    parent_id: int | None = None
    address: str | None = Field(default=None, max_length=500)
    is_enabled: bool | None = None


def get_location(session: Session, location_id: int) -> Location | None:
    return session.get(Location, location_id)


def get_location_by_name(
    session: Session, name: str, *, include_disabled: bool = False
) -> Location | None:
    """The enabled (or any) location with exactly this name (the first by id)."""
    query = select(Location).where(Location.name == name).order_by(Location.id)
    if not include_disabled:
        query = query.where(Location.is_enabled.is_(True))
    return session.scalars(query).first()


def list_locations(session: Session, *, enabled_only: bool = False) -> list[Location]:
    """Every location, by name then id (an admin's list: not paged)."""
    query = select(Location).order_by(Location.name, Location.id)
    if enabled_only:
        query = query.where(Location.is_enabled.is_(True))
    return list(session.scalars(query))


def create_location(session: Session, actor: Actor, cmd: LocationCreate) -> Location:
    """Add a location."""
    require_admin(actor)
    _check_name_free(session, cmd.name, None)
    if cmd.parent_id is not None and session.get(Location, cmd.parent_id) is None:
        raise not_found("location", cmd.parent_id)
    location = Location(**cmd.model_dump())
    session.add(location)
    session.flush()
    return location


def update_location(
    session: Session, actor: Actor, location_id: int, cmd: LocationUpdate
) -> Location:
    """Change the given fields of a location."""
    require_admin(actor)
    location = session.get(Location, location_id)
    if location is None:
        raise not_found("location", location_id)
    changes = cmd.model_dump(exclude_unset=True, exclude={"parent_id"})
    changes = {key: value for key, value in changes.items() if value is not None}
    if "name" in changes and changes["name"] != location.name:
        _check_name_free(session, changes["name"], location.id)
    if "parent_id" in cmd.model_fields_set:
        if cmd.parent_id is not None:
            _check_parent(session, location, cmd.parent_id)
        changes["parent_id"] = cmd.parent_id
    for key, value in changes.items():
        setattr(location, key, value)
    session.flush()
    return location


def _check_name_free(session: Session, name: str, own_id: int | None) -> None:
    if name_in_use(session, Location.id, Location.name, name, own_id=own_id or 0):
        raise Conflict("location.name_taken", f"location {name!r} already exists", name=name)


def _check_parent(session: Session, location: Location, parent_id: int) -> None:
    if session.get(Location, parent_id) is None:
        raise not_found("location", parent_id)
    if is_below(session, Location.id, Location.parent_id, location.id, parent_id):
        raise ValidationFailed(
            "location.parent_cycle",
            f"location {location.name!r} cannot be below itself",
            id=location.id,
            parent_id=parent_id,
        )
