"""UTC clock. Services ask this module for "now" so tests can pin time."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

# Pinned instants, innermost last. A list rather than "remember the previous clock": threads
# that pin time at once may leave in any order, and each must take out only its own pin, or
# a pin outlives its block and every later caller in the process gets a stale "now".
_pins: list[tuple[object, datetime]] = []
_pins_lock = threading.Lock()


def utcnow() -> datetime:
    latest = _pins[-1:]  # one copy: another thread may take its pin out meanwhile
    return latest[0][1] if latest else datetime.now(UTC)


@contextmanager
def frozen(at: datetime) -> Iterator[None]:
    """Pin ``utcnow()`` to ``at`` (aware) inside the block (the latest pin wins)."""
    token = object()
    with _pins_lock:
        _pins.append((token, at))
    try:
        yield
    finally:
        with _pins_lock:
            _pins[:] = [pin for pin in _pins if pin[0] is not token]
