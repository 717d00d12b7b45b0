"""The site-file kind for locations (Motadata's ``locationName``; users, tickets and inventory
refer to them).

A location is named by its ``name``, compared case-insensitively as the core's uniqueness rule
does (a file's "ahmedabad" renames "Ahmedabad"); ``parent`` names another location. Parents are
applied (and exported) before their children, whatever the file's order. Nothing is deleted:
``enabled: false`` is the removal.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from polydesk.companies.locations import (
    LocationCreate,
    LocationUpdate,
    create_location,
    list_locations,
    update_location,
)
from polydesk.configuration.kinds import Entry, Kind, Outcome
from polydesk.configuration.ordering import parents_first
from polydesk.core.actor import Actor
from polydesk.core.errors import not_found
from polydesk.db import Session
from polydesk.models.companies import Location


class LocationEntry(Entry):
    name: str = Field(min_length=1, max_length=191, examples=["Ahmedabad"])
    parent: str | None = Field(default=None, description="the parent location's name")
    address: str = Field(default="", max_length=500)
    enabled: bool = True


class Locations(Kind[LocationEntry]):
    section = "locations"
    entry = LocationEntry

    def ordered(self, entries: list[LocationEntry]) -> list[LocationEntry]:
        return parents_first(entries, key=str.casefold)

    def export(self, session: Session) -> list[LocationEntry]:
        locations = list_locations(session)  # by name, then id
        names = {location.id: location.name for location in locations}
        entries = [_entry(location, names) for location in locations]
        return parents_first(entries, key=str.casefold)

    def current(self, session: Session, key: str) -> LocationEntry | None:
        locations = list_locations(session)
        location = _named(locations, key)
        if location is None:
            return None
        return _entry(location, {row.id: row.name for row in locations})

    def create(self, session: Session, actor: Actor, entry: LocationEntry) -> Outcome:
        command = LocationCreate(
            name=entry.name,
            parent_id=_location_id(session, entry.parent) if entry.parent else None,
            address=entry.address,
            is_enabled=entry.enabled,
        )
        create_location(session, actor, command)
        return Outcome()

    def update(self, session: Session, actor: Actor, key: str, changes: dict[str, Any]) -> Outcome:
        fields = {("is_enabled" if name == "enabled" else name): v for name, v in changes.items()}
        if "parent" in fields:
            parent = fields.pop("parent")
            fields["parent_id"] = _location_id(session, parent) if parent else None
        command = LocationUpdate(**fields)
        update_location(session, actor, _location_id(session, key), command)
        return Outcome()


def _named(locations: list[Location], name: str) -> Location | None:
    """The location of this name, case-insensitively (the first by id on an old duplicate)."""
    wanted = name.casefold()
    matches = [location for location in locations if location.name.casefold() == wanted]
    return min(matches, key=lambda location: location.id) if matches else None


def _location_id(session: Session, name: str) -> int:
    location = _named(list_locations(session), name)
    if location is None:
        raise not_found("location", name)
    return location.id


def _entry(location: Location, names: dict[int, str]) -> LocationEntry:
    return LocationEntry(
        name=location.name,
        parent=names.get(location.parent_id) if location.parent_id else None,
        address=location.address,
        enabled=location.is_enabled,
    )
