"""Reading action variables: text, ids, wildcards, lists, yes/no flags and dates. Anything
malformed raises ``Invalid <name>`` (the action's transaction rolls back)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from polydesk.dialects._kit.hostile import bounded_int
from polydesk.dialects.readydesk.dates import ONE_DAY, parse_date
from polydesk.dialects.readydesk.errors import ReadyDeskError, invalid
from polydesk.tickets.criteria import TextRange, Window

WILDCARD = "*"
MAX_LIST = 1000
_TICK = timedelta(microseconds=1)


class Params:
    """The call's variables (lower-case names) and the installation zone for dates."""

    def __init__(self, values: Mapping[str, str], zone: ZoneInfo) -> None:
        self.values = values
        self.zone = zone

    def given(self, name: str) -> bool:
        return self.text(name) != ""

    def text(self, name: str, default: str = "") -> str:
        return self.values.get(name, "").strip() or default

    def raw(self, name: str) -> str | None:
        """The value as sent (not stripped), or None when the variable is absent."""
        return self.values.get(name)

    def required(self, name: str) -> str:
        value = self.text(name)
        if not value:
            raise ReadyDeskError(f"Missing required variable: {name}")
        return value

    def is_wildcard(self, name: str) -> bool:
        return self.text(name) == WILDCARD

    def integer(self, name: str, *, minimum: int = 1) -> int | None:
        value = self.text(name)
        if not value:
            return None
        return to_int(name, value, minimum=minimum)

    def id_list(self, name: str) -> list[int] | None:
        """One id or a comma list; None when absent or ``*`` (all)."""
        items = self.text_list(name)
        return None if items is None else [to_int(name, item) for item in items]

    def text_list(self, name: str) -> list[str] | None:
        value = self.text(name)
        if not value or value == WILDCARD:
            return None
        items = [item.strip() for item in value.split(",") if item.strip()]
        if not items or len(items) > MAX_LIST:
            raise invalid(name, "an empty or too long list")
        return items

    def yes_no(self, name: str, default: bool) -> bool:
        value = self.text(name).upper()
        if not value:
            return default
        if value not in ("Y", "N"):
            raise invalid(name, "use Y or N")
        return value == "Y"

    def date(self, name: str) -> datetime | None:
        parsed = self._parsed_date(name)
        return parsed[0] if parsed is not None else None

    def day(self, name: str) -> Window | None:
        """A date alone covers that whole local day; a date with a time is that moment."""
        parsed = self._parsed_date(name)
        if parsed is None:
            return None
        moment, has_time = parsed
        if has_time:
            return Window(after=moment, before=moment)
        local = moment.astimezone(self.zone)
        end = (local + ONE_DAY).replace(hour=0, minute=0, second=0)
        return Window(after=moment, before=end.astimezone(moment.tzinfo) - _TICK)

    def window(self, start: str = "start_date", end: str = "end_date") -> Window | None:
        after, before = self.date(start), self.date(end)
        if after is None and before is None:
            return None
        return Window(after=after, before=before)

    def text_range(self, start: str, end: str) -> TextRange | None:
        """Prefix bounds (``start_cid`` / ``end_cid``...); None when neither is given."""
        first, last = self.text(start), self.text(end)
        if not first and not last:
            return None
        return TextRange(start=first or None, end=last or None)

    def _parsed_date(self, name: str) -> tuple[datetime, bool] | None:
        """The moment and whether a time was given; None when the variable is empty."""
        value = self.text(name)
        if not value:
            return None
        parsed = parse_date(value, self.zone)
        if parsed is None:
            raise invalid(name, "use M/D/YYYY with an optional time")
        return parsed


def to_int(name: str, value: str, *, minimum: int = 1) -> int:
    number = bounded_int(value, minimum=minimum)  # past MAX_ID no column holds it
    if number is None:
        raise invalid(name, f"{value!r} is not a valid number")
    return number
