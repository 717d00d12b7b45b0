"""Locations looked up by the edges (Motadata ``locationName``); admins define them."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from polydesk.models.companies import Location


def get_location(session: Session, location_id: int) -> Location | None:
    return session.get(Location, location_id)


def get_location_by_name(session: Session, name: str) -> Location | None:
    """The enabled location with exactly this name (names are not unique: the first by id)."""
    query = (
        select(Location)
        .where(Location.name == name, Location.is_enabled.is_(True))
        .order_by(Location.id)
    )
    return session.scalars(query).first()
