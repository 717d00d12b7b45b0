"""Subscribers of domain events and the registry the worker dispatches to.

A subscriber is a name (stable: it is stored in the delivery jobs), the kinds it wants and a
handler. The handler gets the events one transaction committed, those of its kinds, in the
order they were emitted, and runs in the transaction that completes its delivery job: what it
writes commits together with "delivered", so each event reaches it exactly once. Seeing one
transaction's events together lets a subscriber treat one request as one change (the cc
notice names every field a request changed).

The registry is built where the worker is (``polydesk.runtime.event_subscribers``), never
filled as a side effect of importing the code that emits.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from polydesk.events.catalogue import CATALOGUE, DomainEvent


@dataclass(frozen=True)
class Envelope:
    """A committed event as a subscriber receives it."""

    id: int
    actor_id: int | None
    occurred_at: datetime
    event: DomainEvent


Handler = Callable[[Session, Sequence[Envelope]], None]


@dataclass(frozen=True)
class Subscriber:
    name: str
    kinds: frozenset[str]
    handler: Handler


class Subscribers:
    def __init__(self) -> None:
        self._by_name: dict[str, Subscriber] = {}

    def subscribe(self, name: str, kinds: Iterable[str], handler: Handler) -> Subscriber:
        """Add a subscriber; names are unique and kinds must be in the catalogue."""
        wanted = frozenset(kinds)
        unknown = sorted(wanted - CATALOGUE.keys())
        if not name or name in self._by_name or not wanted or unknown:
            raise ValueError(f"bad subscriber {name!r} (duplicate, no kinds or {unknown})")
        subscriber = Subscriber(name, wanted, handler)
        self._by_name[name] = subscriber
        return subscriber

    def get(self, name: str) -> Subscriber | None:
        return self._by_name.get(name)

    def interested_in(self, kinds: Iterable[str]) -> list[Subscriber]:
        """Subscribers wanting any of ``kinds``, by name (a stable order of delivery jobs)."""
        present = frozenset(kinds)
        return [self._by_name[n] for n in sorted(self._by_name) if self._by_name[n].kinds & present]
