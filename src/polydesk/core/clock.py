"""UTC clock. Services ask this module for "now" so tests can pin time."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

_now: Callable[[], datetime] = lambda: datetime.now(UTC)  # noqa: E731


def utcnow() -> datetime:
    return _now()


@contextmanager
def frozen(at: datetime) -> Iterator[None]:
    """Pin ``utcnow()`` to ``at`` (aware) inside the block."""
    global _now
    previous = _now
    _now = lambda: at  # noqa: E731
    try:
        yield
    finally:
        _now = previous
