"""The core's history events in the order Znuny's GenericInterface writes its lines.

The core records one request's changes in its own order; Znuny's operations call the ticket
functions in theirs, and its history lines follow those calls:

- GI TicketCreate (``_TicketCreate``) sets the ticket's dynamic fields right after creating
  the ticket (and its pending time), *before* the article; the core sets them last.
- GI TicketUpdate (``_TicketUpdate``) calls ``TicketPendingTimeSet`` before ``TicketStateSet``,
  so a SetPendingTime line precedes the StateUpdate of the same request (and still shows the
  old state); the core changes the status first.

Everything else already comes in Znuny's order (see ``ticket_update.STEPS``). Only events of
one request are moved: same actor, within ``ONE_REQUEST`` of each other."""

from __future__ import annotations

from collections.abc import Set
from datetime import timedelta

from polydesk.models.history import EventKind, HistoryEvent

ONE_REQUEST = timedelta(seconds=1)
#: What ends the creation's tail (owner, lock, responsible, time, dynamic fields, files
#: written after its first article): another article or ticket.
_NOT_CREATION = {EventKind.COMMENT_ADDED, EventKind.CREATED}


#: How far after a status change its pending time may be, and what ends the search (a next
#: step of the request).
_LOOK_AHEAD = 3
_OTHER_STEPS = {EventKind.STATUS_CHANGED, EventKind.COMMENT_ADDED, EventKind.PRIORITY_CHANGED}


def in_znuny_order(events: list[HistoryEvent], initial: Set[int]) -> list[HistoryEvent]:
    """``events`` (oldest first) reordered as Znuny writes them; ``initial`` holds the ids of
    first articles."""
    ordered = _fields_before_first_article(list(events), initial)
    return _pending_time_before_state(ordered)


def _same_request(first: HistoryEvent, later: HistoryEvent) -> bool:
    return later.actor_id == first.actor_id and later.created_at - first.created_at <= ONE_REQUEST


def _fields_before_first_article(
    events: list[HistoryEvent], initial: Set[int]
) -> list[HistoryEvent]:
    created = next((e for e in events if e.kind is EventKind.CREATED), None)
    article = next(
        (
            index
            for index, e in enumerate(events)
            if e.kind is EventKind.COMMENT_ADDED and e.related_id in initial
        ),
        None,
    )
    if created is None or article is None or not _same_request(created, events[article]):
        return events
    end = article + 1
    while (
        end < len(events)
        and events[end].kind not in _NOT_CREATION
        and _same_request(created, events[end])
    ):
        end += 1
    tail = events[article + 1 : end]
    fields = [e for e in tail if e.kind is EventKind.CUSTOM_FIELD_CHANGED]
    if not fields:
        return events
    rest = [e for e in tail if e.kind is not EventKind.CUSTOM_FIELD_CHANGED]
    return events[:article] + fields + [events[article]] + rest + events[end:]


def _pending_time_before_state(events: list[HistoryEvent]) -> list[HistoryEvent]:
    """A status change's pending time (the core may note the wait in between) moves before it."""
    for index, state in enumerate(events):
        if state.kind is not EventKind.STATUS_CHANGED:
            continue
        for later in range(index + 1, min(index + 1 + _LOOK_AHEAD, len(events))):
            pending = events[later]
            if not _same_request(state, pending) or pending.kind in _OTHER_STEPS:
                break
            if pending.kind is EventKind.UPDATED and pending.field == "pending_until":
                events.insert(index, events.pop(later))
                break
    return events
