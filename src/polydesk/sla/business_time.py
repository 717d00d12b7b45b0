"""Business time: adding working minutes to an instant and counting the working minutes
between two instants, in a business calendar (working spans per weekday, holidays, a time
zone) or around the clock. Pure: no database, no clock.

Decisions:
- Instants are aware datetimes; results are aware UTC. Every difference is taken in UTC, never
  between two local datetimes (Python subtracts same-zone datetimes by wall clock, which is
  wrong across a daylight saving change).
- A span is local wall-clock minutes [start, end) of one local day. Its ends are turned into
  instants with zoneinfo, so a span on a DST day counts its real elapsed minutes: 08:00-18:00
  is 9 hours on the spring-forward day and 11 on the fall-back day in Europe/Madrid. A local
  time inside the spring gap maps to the instant of the change (fold 0), so a span lying
  entirely in the gap counts nothing; an ambiguous fall-back time is its first occurrence.
- Holidays are local dates; a recurring one matches its month and day every year.
- Days are walked one by one, at most ``MAX_DAYS`` (about ten years): a calendar with no working
  time in that window gives ``None`` (no due time) instead of looping for ever.
- Adding zero minutes returns the start itself, even outside working hours.
- Around the clock (``WorkCalendar.always()``) is plain UTC arithmetic.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

MAX_DAYS = 10 * 366
_ONE_DAY = timedelta(days=1)

Span = tuple[int, int]


@dataclass(frozen=True)
class WorkCalendar:
    """Working spans per weekday (0 = Monday) in ``zone``; ``zone`` None: around the clock."""

    zone: ZoneInfo | None = None
    spans: tuple[tuple[Span, ...], ...] = ((),) * 7
    holidays: frozenset[date] = field(default_factory=frozenset)
    recurring: frozenset[tuple[int, int]] = field(default_factory=frozenset)

    @classmethod
    def always(cls) -> WorkCalendar:
        return cls()

    @classmethod
    def build(
        cls,
        time_zone: str,
        hours: Iterable[tuple[int, int, int]],
        holidays: Iterable[tuple[date, bool]] = (),
    ) -> WorkCalendar:
        """From (weekday, start_minute, end_minute) rows and (day, recurring) holidays."""
        days: list[list[Span]] = [[] for _ in range(7)]
        for weekday, start, end in hours:
            days[weekday].append((start, end))
        dated, yearly = set[date](), set[tuple[int, int]]()
        for day, recurring in holidays:
            if recurring:
                yearly.add((day.month, day.day))
            else:
                dated.add(day)
        return cls(
            zone=ZoneInfo(time_zone),
            spans=tuple(tuple(sorted(spans)) for spans in days),
            holidays=frozenset(dated),
            recurring=frozenset(yearly),
        )

    @property
    def around_the_clock(self) -> bool:
        return self.zone is None

    def is_holiday(self, day: date) -> bool:
        return day in self.holidays or (day.month, day.day) in self.recurring

    def working_spans(
        self, first: date, days: int = MAX_DAYS
    ) -> Iterator[tuple[datetime, datetime]]:
        """The working spans as UTC instants, from local day ``first`` on, in order."""
        assert self.zone is not None
        if not any(self.spans):
            return
        for offset in range(days):
            day = first + offset * _ONE_DAY
            if self.is_holiday(day):
                continue
            for start, end in self.spans[day.weekday()]:
                yield self._instant(day, start), self._instant(day, end)

    def spans_back(self, last: date) -> Iterator[tuple[datetime, datetime]]:
        """The working spans as UTC instants, from local day ``last`` back, latest first."""
        assert self.zone is not None
        if not any(self.spans):
            return
        for offset in range(MAX_DAYS):
            day = last - offset * _ONE_DAY
            if not self.is_holiday(day):
                for start, end in reversed(self.spans[day.weekday()]):
                    yield self._instant(day, start), self._instant(day, end)

    def _instant(self, day: date, minute: int) -> datetime:
        assert self.zone is not None
        if minute >= 24 * 60:  # midnight at the end of the day
            day, minute = day + _ONE_DAY, 0
        local = datetime.combine(day, time(minute // 60, minute % 60), tzinfo=self.zone)
        return local.astimezone(UTC)

    def local_day(self, instant: datetime) -> date:
        assert self.zone is not None
        return instant.astimezone(self.zone).date()


def add_business_minutes(cal: WorkCalendar, start: datetime, minutes: float) -> datetime | None:
    """The instant ``minutes`` working minutes after ``start``; None when the calendar has no
    working time left within ``MAX_DAYS``."""
    start = start.astimezone(UTC)
    if minutes <= 0 or cal.around_the_clock:
        return start + timedelta(minutes=max(minutes, 0))
    remaining = timedelta(minutes=minutes)
    for span_start, span_end in cal.working_spans(cal.local_day(start)):
        begin = max(span_start, start)
        if begin >= span_end:
            continue
        if remaining <= span_end - begin:
            return begin + remaining
        remaining -= span_end - begin
    return None


def business_minutes_between(cal: WorkCalendar, a: datetime, b: datetime) -> float:
    """Working minutes in [a, b); 0 when b is not after a."""
    a, b = a.astimezone(UTC), b.astimezone(UTC)
    if b <= a:
        return 0.0
    if cal.around_the_clock:
        return (b - a).total_seconds() / 60
    days = (cal.local_day(b) - cal.local_day(a)).days + 1
    total = timedelta()
    for span_start, span_end in cal.working_spans(cal.local_day(a), min(days, MAX_DAYS)):
        overlap = min(span_end, b) - max(span_start, a)
        if overlap > timedelta():
            total += overlap
    return total.total_seconds() / 60


def subtract_business_minutes(cal: WorkCalendar, end: datetime, minutes: float) -> datetime | None:
    """The instant ``minutes`` working minutes before ``end`` (the warning point before a due
    time); None when there is no such working time within ``MAX_DAYS``."""
    end = end.astimezone(UTC)
    if minutes <= 0 or cal.around_the_clock:
        return end - timedelta(minutes=max(minutes, 0))
    remaining = timedelta(minutes=minutes)
    for span_start, span_end in cal.spans_back(cal.local_day(end)):
        finish = min(span_end, end)
        if finish <= span_start:
            continue
        if remaining <= finish - span_start:
            return finish - remaining
        remaining -= finish - span_start
    return None
