"""The pinned clock: nested pins unwind, and threads that pin time at once and leave in any
order leave the real clock behind (a pin that outlived its block once froze "now" for every
later test in the process)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from polydesk.core.clock import frozen, utcnow

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_nested_pins_unwind_to_the_real_clock() -> None:
    with frozen(T0):
        with frozen(T0 + timedelta(hours=1)):
            assert utcnow() == T0 + timedelta(hours=1)
        assert utcnow() == T0
    assert abs(utcnow() - datetime.now(UTC)) < timedelta(minutes=1)


def test_threads_leaving_out_of_order_take_out_only_their_own_pin() -> None:
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()

    def first() -> None:
        with frozen(T0):
            first_in.set()
            second_in.wait(5)
        first_out.set()

    def second() -> None:
        first_in.wait(5)
        with frozen(T0 + timedelta(hours=2)):
            second_in.set()
            first_out.wait(5)  # the first thread leaves while this one is still pinned
            assert utcnow() == T0 + timedelta(hours=2)

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert abs(utcnow() - datetime.now(UTC)) < timedelta(minutes=1)
