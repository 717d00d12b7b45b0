"""TicketSearch's relative (``*Point``) and calendar (``*Start*`` / ``*Stop*``) time forms, turned
into the ``*Minutes`` / ``*Date`` keys the search reads, as GI TicketSearch's
``_CreateTimeSettings`` does:

- ``<Kind>SearchType`` = ``TimePoint``: ``<Prefix>Point`` (a number), ``...PointStart``
  (``Before`` = older than, anything else = within the last) and ``...PointFormat`` (minute,
  hour, day, week, month = 30 days, year = 365 days; another unit counts 0) make
  ``<Prefix>OlderMinutes`` or ``<Prefix>NewerMinutes``. All three must be given.
- ``<Kind>SearchType`` = ``TimeSlot``: ``...StartYear`` / ``StartMonth`` / ``StartDay`` make
  ``<Prefix>NewerDate`` ``Y-MM-DD 00:00:00`` and the ``Stop`` parts ``<Prefix>OlderDate``
  ``Y-MM-DD 23:59:59``; month and day are printed ``%02d`` the Perl way (a missing or
  non-numeric part is ``00``, an invalid date, so the search finds nothing). Polydesk adds the
  whole-value forms ``...Start`` / ``...Stop`` (``YYYY-MM-DD`` or ``YYYY-MM-DD HH:MM:SS``),
  which Znuny's operation reads and never uses, for a slot given without its parts.
- A computed key replaces one given directly. Without a search type (or another value) the
  forms are not applied, as in Znuny: the type is the switch.

Decisions beyond Znuny (SPEC.md deviation 16): its operation converts only the change, last
change and close forms; the create-time (``TimeSearchType``) and article-time
(``ArticleTimeSearchType``) forms are applied here the same way, as Znuny's own agent search
screen applies them. Pending times have no search type key: their forms apply when given
(``Point`` for a point, the ``Start`` / ``Stop`` parts for a slot).
"""

from __future__ import annotations

import re
from collections.abc import Callable

Reader = Callable[[str], str]

#: Time prefix -> the key naming its search type (None: pending times have none).
SEARCH_TYPES: dict[str, str | None] = {
    "TicketCreateTime": "TimeSearchType",
    "TicketChangeTime": "ChangeTimeSearchType",
    "TicketLastChangeTime": "LastChangeTimeSearchType",
    "TicketCloseTime": "CloseTimeSearchType",
    "ArticleCreateTime": "ArticleTimeSearchType",
    "TicketPendingTime": None,
}
#: Minutes per ``PointFormat`` unit.
UNITS = {"minute": 1, "hour": 60, "day": 1440, "week": 10080, "month": 43200, "year": 525600}
_NUMBER = re.compile(r"^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)")
_WHOLE_DATE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")


def time_settings(read: Reader) -> dict[str, str]:
    """The ``*Minutes`` / ``*Date`` keys the point and slot forms stand for (``read`` gives a
    request key's scalar text, "" when absent)."""
    settings: dict[str, str] = {}
    for prefix, type_key in SEARCH_TYPES.items():
        kind = read(type_key) if type_key else _implied_type(read, prefix)
        if kind == "TimePoint":
            settings.update(_point(read, prefix))
        elif kind == "TimeSlot":
            settings.update(_slot(read, prefix))
    return settings


def _implied_type(read: Reader, prefix: str) -> str:
    if _perl_true(read(f"{prefix}Point")):
        return "TimePoint"
    parts = ("Start", "Stop", "StartYear", "StopYear")
    return "TimeSlot" if any(read(prefix + part) for part in parts) else ""


def _point(read: Reader, prefix: str) -> dict[str, str]:
    point, start = read(f"{prefix}Point"), read(f"{prefix}PointStart")
    unit = read(f"{prefix}PointFormat")
    if not (_perl_true(point) and _perl_true(start) and _perl_true(unit)):
        return {}
    minutes = _perl_number(point) * UNITS.get(unit, 0)
    side = "Older" if start == "Before" else "Newer"
    return {f"{prefix}{side}Minutes": str(round(minutes))}


def _slot(read: Reader, prefix: str) -> dict[str, str]:
    found = {}
    for part, side, clock in (("Start", "Newer", "00:00:00"), ("Stop", "Older", "23:59:59")):
        year = read(f"{prefix}{part}Year")
        if _perl_true(year):
            month = _two_digits(read(f"{prefix}{part}Month"))
            day = _two_digits(read(f"{prefix}{part}Day"))
            found[f"{prefix}{side}Date"] = f"{year}-{month}-{day} {clock}"
        elif whole := read(f"{prefix}{part}"):
            found[f"{prefix}{side}Date"] = f"{whole} {clock}" if _WHOLE_DATE.match(whole) else whole
    return found


def _perl_true(value: str) -> bool:
    return value not in ("", "0")


def _perl_number(value: str) -> float:
    """A string in numeric context, as Perl reads it: its leading number, else 0."""
    found = _NUMBER.match(value)
    return float(found.group(1)) if found else 0.0


def _two_digits(value: str) -> str:
    """``sprintf("%02d", $value)``: the integer part of the leading number, at least 2 digits."""
    return f"{int(_perl_number(value)):02d}"
