"""Business time with fixed instants: weekends, holidays, DST both ways, zero, no working time."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from polydesk.sla.business_time import (
    WorkCalendar,
    add_business_minutes,
    business_minutes_between,
    subtract_business_minutes,
)

NINE_TO_SIX = [(weekday, 9 * 60, 18 * 60) for weekday in range(5)]  # Mon-Fri 09:00-18:00


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


def madrid(holidays: list[tuple[date, bool]] | None = None) -> WorkCalendar:
    return WorkCalendar.build("Europe/Madrid", NINE_TO_SIX, holidays or [])


def test_around_the_clock_is_plain_arithmetic() -> None:
    cal = WorkCalendar.always()
    assert add_business_minutes(cal, utc(2026, 3, 7, 23, 30), 90) == utc(2026, 3, 8, 1, 0)
    assert business_minutes_between(cal, utc(2026, 3, 7), utc(2026, 3, 8)) == 1440


def test_zero_minutes_is_the_start_even_outside_hours() -> None:
    sunday_night = utc(2026, 3, 8, 22, 0)
    assert add_business_minutes(madrid(), sunday_night, 0) == sunday_night


def test_inside_hours_adds_within_the_day() -> None:
    # Tuesday 10:00 Madrid (CET, UTC+1) = 09:00 UTC; +120 -> 12:00 local = 11:00 UTC.
    assert add_business_minutes(madrid(), utc(2026, 2, 10, 9, 0), 120) == utc(2026, 2, 10, 11, 0)


def test_before_hours_starts_at_opening() -> None:
    # Tuesday 06:00 local -> opening 09:00 local (08:00 UTC) + 30.
    assert add_business_minutes(madrid(), utc(2026, 2, 10, 5, 0), 30) == utc(2026, 2, 10, 8, 30)


def test_friday_evening_rolls_over_the_weekend() -> None:
    # Friday 17:00 local: 60 min left that day, 60 more on Monday from 09:00 -> 10:00 local.
    friday = utc(2026, 2, 13, 16, 0)
    assert add_business_minutes(madrid(), friday, 120) == utc(2026, 2, 16, 9, 0)
    assert business_minutes_between(madrid(), friday, utc(2026, 2, 16, 9, 0)) == 120


def test_after_hours_on_friday_starts_monday() -> None:
    assert add_business_minutes(madrid(), utc(2026, 2, 13, 19, 0), 60) == utc(2026, 2, 16, 9, 0)


def test_dated_holiday_is_skipped() -> None:
    cal = madrid([(date(2026, 2, 16), False)])  # Monday off
    assert add_business_minutes(cal, utc(2026, 2, 13, 16, 0), 120) == utc(2026, 2, 17, 9, 0)


def test_recurring_holiday_matches_every_year() -> None:
    cal = madrid([(date(2000, 1, 6), True)])  # Epiphany, given with any year
    # Tuesday 2026-01-06 is off: Monday 17:00 local + 120 -> Wednesday 10:00 local.
    assert add_business_minutes(cal, utc(2026, 1, 5, 16, 0), 120) == utc(2026, 1, 7, 9, 0)
    assert business_minutes_between(cal, utc(2027, 1, 6, 0, 0), utc(2027, 1, 7, 0, 0)) == 0


def test_madrid_spring_forward_keeps_local_opening_hours() -> None:
    # Friday 2026-03-27 17:00 CET (16:00 UTC); DST starts Sunday 29th; Monday opens 09:00 CEST
    # = 07:00 UTC.
    assert add_business_minutes(madrid(), utc(2026, 3, 27, 16, 0), 120) == utc(2026, 3, 30, 8, 0)


def test_madrid_fall_back_keeps_local_opening_hours() -> None:
    # Friday 2026-10-23 17:00 CEST (15:00 UTC); Monday 26th opens 09:00 CET = 08:00 UTC.
    assert add_business_minutes(madrid(), utc(2026, 10, 23, 15, 0), 120) == utc(2026, 10, 26, 9, 0)


def test_span_on_the_spring_forward_day_counts_real_minutes() -> None:
    # Sunday 00:00-06:00 local on 2026-03-29 (the clock jumps 02:00 -> 03:00): 5 real hours.
    cal = WorkCalendar.build("Europe/Madrid", [(6, 0, 6 * 60)])
    day = (utc(2026, 3, 28, 23, 0), utc(2026, 3, 29, 4, 0))
    assert business_minutes_between(cal, utc(2026, 3, 28), utc(2026, 3, 30)) == 300
    assert add_business_minutes(cal, day[0], 300) == day[1]


def test_span_on_the_fall_back_day_counts_real_minutes() -> None:
    # Sunday 00:00-06:00 local on 2026-10-25 (03:00 -> 02:00): 7 real hours.
    cal = WorkCalendar.build("Europe/Madrid", [(6, 0, 6 * 60)])
    assert business_minutes_between(cal, utc(2026, 10, 24), utc(2026, 10, 26)) == 420
    assert add_business_minutes(cal, utc(2026, 10, 24, 22, 0), 420) == utc(2026, 10, 25, 5, 0)


def test_span_inside_the_spring_gap_counts_nothing() -> None:
    cal = WorkCalendar.build("Europe/Madrid", [(6, 2 * 60, 3 * 60)])  # 02:00-03:00 Sundays
    assert business_minutes_between(cal, utc(2026, 3, 28), utc(2026, 3, 30)) == 0
    assert business_minutes_between(cal, utc(2026, 3, 21), utc(2026, 3, 23)) == 60


def test_new_york_spring_forward_crossing_the_change() -> None:
    # 2026-03-08: 02:00 EST -> 03:00 EDT. Sunday 00:00-12:00 local is 11 real hours.
    cal = WorkCalendar.build("America/New_York", [(6, 0, 12 * 60)])
    start = utc(2026, 3, 8, 5, 0)  # 00:00 EST
    assert add_business_minutes(cal, start, 11 * 60) == utc(2026, 3, 8, 16, 0)  # 12:00 EDT
    # The 12th hour is the first of next Sunday (00:00 EDT = 04:00 UTC) -> 05:00 UTC.
    assert add_business_minutes(cal, start, 12 * 60) == utc(2026, 3, 15, 5, 0)


def test_new_york_fall_back_crossing_the_change() -> None:
    # 2026-11-01: 02:00 EDT -> 01:00 EST. Sunday 00:00-12:00 local is 13 real hours.
    cal = WorkCalendar.build("America/New_York", [(6, 0, 12 * 60)])
    start = utc(2026, 11, 1, 4, 0)  # 00:00 EDT
    assert business_minutes_between(cal, start, utc(2026, 11, 1, 17, 0)) == 13 * 60
    assert add_business_minutes(cal, start, 13 * 60) == utc(2026, 11, 1, 17, 0)  # 12:00 EST


def test_new_york_weekday_hours_move_in_utc_with_dst() -> None:
    cal = WorkCalendar.build("America/New_York", NINE_TO_SIX)
    # Friday 2026-03-06 17:00 EST (22:00 UTC) + 120 -> Monday 10:00 EDT = 14:00 UTC.
    assert add_business_minutes(cal, utc(2026, 3, 6, 22, 0), 120) == utc(2026, 3, 9, 14, 0)


def test_midnight_end_of_day_span() -> None:
    cal = WorkCalendar.build("UTC", [(0, 22 * 60, 24 * 60), (1, 0, 2 * 60)])
    # Monday 22:00 - Tuesday 02:00 UTC is one stretch of 4 hours.
    assert add_business_minutes(cal, utc(2026, 2, 9, 21, 0), 240) == utc(2026, 2, 10, 2, 0)


def test_between_is_zero_when_reversed_and_counts_partial_spans() -> None:
    cal = madrid()
    assert business_minutes_between(cal, utc(2026, 2, 10, 12), utc(2026, 2, 10, 11)) == 0
    # Tuesday 08:30-17:30 UTC = 09:30-18:30 local: 8.5 working hours.
    assert business_minutes_between(cal, utc(2026, 2, 10, 8, 30), utc(2026, 2, 10, 17, 30)) == 510


def test_between_and_add_agree() -> None:
    cal = madrid([(date(2026, 4, 3), False)])
    start = utc(2026, 3, 25, 14, 17)
    for minutes in (1, 59, 540, 541, 5000, 20000):
        end = add_business_minutes(cal, start, minutes)
        assert end is not None
        assert business_minutes_between(cal, start, end) == pytest.approx(minutes)


def test_no_working_time_gives_none() -> None:
    assert add_business_minutes(WorkCalendar.build("UTC", []), utc(2026, 1, 1), 10) is None
    every_day_off = WorkCalendar.build(
        "UTC",
        [(0, 0, 60)],
        [(date(2000, m, d), True) for m in range(1, 13) for d in range(1, 32) if _real(m, d)],
    )
    assert add_business_minutes(every_day_off, utc(2026, 1, 1), 10) is None


def _real(month: int, day: int) -> bool:
    try:
        date(2000, month, day)
    except ValueError:
        return False
    return True


def test_subtract_walks_back_over_weekend_and_holiday() -> None:
    cal = madrid([(date(2026, 2, 13), False)])  # Friday off
    # Monday 10:00 local (09:00 UTC) - 120 -> Thursday 17:00 local (16:00 UTC).
    assert subtract_business_minutes(cal, utc(2026, 2, 16, 9, 0), 120) == utc(2026, 2, 12, 16, 0)
    assert subtract_business_minutes(WorkCalendar.always(), utc(2026, 1, 1), 60) == utc(
        2025, 12, 31, 23, 0
    )


def test_subtract_undoes_add_across_dst() -> None:
    cal = WorkCalendar.build("America/New_York", NINE_TO_SIX)
    start = utc(2026, 10, 30, 20, 0)  # Friday 16:00 EDT; DST ends Sunday
    for minutes in (30, 120, 600, 3000):
        end = add_business_minutes(cal, start, minutes)
        assert end is not None
        assert subtract_business_minutes(cal, end, minutes) == start
