"""Dates on the wire: read US ``M/D/YYYY`` with an optional ``H:MM[:SS]`` and ``AM``/``PM``,
written as .NET en-US ``G`` (``4/24/2014 10:42:43 AM``), both in the installation zone
(setting ``readydesk.timezone``); stored as aware UTC."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

_DATE = re.compile(
    r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})"
    r"(?:\s+(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?\s*([AaPp][Mm])?)?\s*$"
)
ONE_DAY = timedelta(days=1)


def render_date(moment: datetime | None, zone: ZoneInfo) -> str:
    if moment is None:
        return ""
    local = moment.astimezone(zone)
    hour = local.hour % 12 or 12
    half = "AM" if local.hour < 12 else "PM"
    return (
        f"{local.month}/{local.day}/{local.year} {hour}:{local.minute:02d}:{local.second:02d} "
        f"{half}"
    )


def parse_date(text: str, zone: ZoneInfo) -> tuple[datetime, bool] | None:
    """The moment in UTC and whether a time was given; None when it is not a valid date."""
    found = _DATE.match(text)
    if found is None:
        return None
    month, day, year, hour, minute, second, half = found.groups()
    hours = int(hour or 0)
    if half:
        if not 1 <= hours <= 12:
            return None
        hours = hours % 12 + (12 if half.upper() == "PM" else 0)
    try:
        local = datetime(
            int(year), int(month), int(day), hours, int(minute or 0), int(second or 0), tzinfo=zone
        )
    except ValueError:
        return None
    return local.astimezone(UTC), hour is not None
