"""The trigger engine: which triggers a committed transaction's events wake, and one logged run.

Decisions:
- A subscriber of the domain events (``automation.triggers``), so triggers run after the change
  committed, in the worker, exactly once per transaction (docs/events.md); their own changes
  commit with the delivery job.
- Per ticket of a transaction, each enabled trigger fires at most once, in ``position`` order,
  when one of the ticket's events is of the trigger's kind and its conditions hold on the
  ticket as it is now (the first such event's payload is ``event.*``).
- Loop guard: a run emits ``trigger.ran`` carrying the chain of triggers that led to it. A
  later transaction's events for that ticket never wake a trigger already in the chain, and
  a chain stops at ``MAX_CHAIN`` triggers: A sets a field that wakes B, B's change never wakes
  A or B again.
- Each run is a savepoint: a trigger whose action fails (a refused change) rolls back alone
  and is logged ``failed`` with the error; the other triggers still run.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from polydesk.automation.actions import run_actions
from polydesk.automation.conditions import Facts, matches
from polydesk.core.actor import SYSTEM
from polydesk.core.clock import utcnow
from polydesk.events.catalogue import (
    ASSIGNMENT_COLUMNS,
    CATALOGUE,
    Assigned,
    DomainEvent,
    StatusMoved,
    TicketChanged,
    TriggerRan,
)
from polydesk.events.registry import Envelope
from polydesk.events.service import emit
from polydesk.models.automation import ExecutionOutcome, Trigger, TriggerExecution
from polydesk.models.catalogs import Status
from polydesk.models.tickets import Ticket, TicketTag

log = logging.getLogger(__name__)

SUBSCRIBER = "automation.triggers"
TIME_EVENT = "time"
#: Kinds a trigger may wait for: every ticket event but its own and deletion.
EVENT_KINDS = frozenset(CATALOGUE) - {TriggerRan.kind, "ticket.deleted"}
#: The subscriber also reads trigger.ran, for the loop guard.
SUBSCRIBED_KINDS = EVENT_KINDS | {TriggerRan.kind}
MAX_CHAIN = 3
MAX_TRIGGERS = 500


@dataclass
class _TicketBatch:
    kinds: dict[str, Envelope]
    chain: tuple[int, ...] = ()


def handle_events(session: Session, envelopes: Sequence[Envelope]) -> None:
    """The subscriber: run the triggers one transaction's events wake."""
    batches = _by_ticket(envelopes)
    if not any(batch.kinds for batch in batches.values()):
        return
    triggers = _event_triggers(session)
    if not triggers:
        return
    categories = status_categories(session)
    for ticket_id, batch in batches.items():
        if len(batch.chain) >= MAX_CHAIN:
            log.warning("ticket %s: trigger chain %s stopped", ticket_id, batch.chain)
            continue
        for trigger in triggers:
            envelope = batch.kinds.get(trigger.event)
            if envelope is None or trigger.id in batch.chain:
                continue
            _fire_if_matching(session, trigger, ticket_id, envelope, batch, envelopes, categories)


def _by_ticket(envelopes: Sequence[Envelope]) -> dict[int, _TicketBatch]:
    batches: dict[int, _TicketBatch] = {}
    for envelope in envelopes:
        ticket_id = envelope.event.ticket_id
        if ticket_id is None:
            continue
        batch = batches.setdefault(ticket_id, _TicketBatch({}))
        if isinstance(envelope.event, TriggerRan):
            batch.chain = tuple(dict.fromkeys([*batch.chain, *envelope.event.chain]))
        else:
            batch.kinds.setdefault(envelope.event.kind, envelope)
    return batches


def _event_triggers(session: Session) -> list[Trigger]:
    query = (
        select(Trigger)
        .where(Trigger.is_enabled.is_(True), Trigger.event != TIME_EVENT)
        .order_by(Trigger.position, Trigger.id)
        .limit(MAX_TRIGGERS)
    )
    return list(session.scalars(query))


def _fire_if_matching(
    session: Session,
    trigger: Trigger,
    ticket_id: int,
    envelope: Envelope,
    batch: _TicketBatch,
    envelopes: Sequence[Envelope],
    categories: Mapping[int, str],
) -> None:
    ticket = session.get(Ticket, ticket_id)
    if ticket is None:
        return
    uses_tags = any(condition.get("field") == "tags" for condition in trigger.conditions)
    changes = _changes(ticket_id, envelopes)
    facts = facts_for(
        session, ticket, envelope.event, changes, categories=categories, uses_tags=uses_tags
    )
    if matches(trigger.conditions, facts):
        chain = (*batch.chain, trigger.id)
        run_trigger(session, trigger, ticket_id, event=trigger.event, event_id=envelope.id,
                    chain=chain)  # fmt: skip


def status_categories(session: Session) -> dict[int, str]:
    """status id -> its category (statuses are few: one query per run, not one per ticket)."""
    rows = session.execute(select(Status.id, Status.category))
    return {status_id: category.value for status_id, category in rows}


def facts_for(
    session: Session,
    ticket: Ticket,
    event: DomainEvent | None = None,
    changes: dict[str, tuple[Any, Any]] | None = None,
    *,
    categories: Mapping[int, str],
    uses_tags: bool = True,
) -> Facts:
    """What conditions are checked against; ``categories``: every status's category (read
    once per run, ``status_categories``); the tags are read only when a condition needs them."""
    tags: frozenset[str] = frozenset()
    if uses_tags:
        query = select(TicketTag.tag).where(TicketTag.ticket_id == ticket.id)
        tags = frozenset(session.scalars(query))
    return Facts(
        ticket=ticket,
        status_category=categories.get(ticket.status_id, ""),
        tags=tags,
        now=utcnow(),
        event=event.payload() if event is not None else {},
        changes=changes or {},
    )


def _changes(ticket_id: int, envelopes: Sequence[Envelope]) -> dict[str, tuple[Any, Any]]:
    """column -> (first old, last new) over the transaction's events for the ticket."""
    found: dict[str, tuple[Any, Any]] = {}

    def note(column: str, old: Any, new: Any) -> None:
        found[column] = (found[column][0] if column in found else old, new)

    for envelope in envelopes:
        event = envelope.event
        if event.ticket_id != ticket_id:
            continue
        if isinstance(event, TicketChanged):
            for change in event.changes:
                note(change.field, change.old, change.new)
        elif isinstance(event, StatusMoved):
            note("status_id", event.old_status_id, event.new_status_id)
        elif isinstance(event, Assigned):
            for column in event.changed_columns:
                name = ASSIGNMENT_COLUMNS[column]
                note(column, getattr(event, f"old_{name}"), getattr(event, name))
    return found


def run_trigger(
    session: Session,
    trigger: Trigger,
    ticket_id: int,
    *,
    event: str,
    event_id: int | None = None,
    chain: tuple[int, ...] = (),
    period: str | None = None,
) -> TriggerExecution | None:
    """Run the trigger's actions on the ticket in a savepoint and log it; a failure rolls back
    the actions only and is logged as such. None: a time trigger's period was logged by
    another worker meanwhile (the unique key refused this one)."""
    started = utcnow()
    values = dict(trigger_id=trigger.id, ticket_id=ticket_id, event=event, event_id=event_id,
                  period=period, started_at=started)  # fmt: skip
    try:
        with session.begin_nested():
            execution = TriggerExecution(**values, outcome=ExecutionOutcome.OK, error="")
            session.add(execution)
            session.flush()
            execution.actions_done = run_actions(
                session, trigger, ticket_id, event=event, execution_id=execution.id
            )
            execution.finished_at = utcnow()
            ran = TriggerRan(ticket_id=ticket_id, trigger_id=trigger.id,
                             execution_id=execution.id, chain=chain or (trigger.id,))  # fmt: skip
            emit(session, SYSTEM, ran)
            session.flush()
        return execution
    except Exception as exc:
        log.warning("trigger %s on ticket %s failed: %s", trigger.id, ticket_id, exc)
        failed = TriggerExecution(
            **values, outcome=ExecutionOutcome.FAILED, error=_describe(exc)[:4000],
            finished_at=utcnow(), actions_done=[],
        )  # fmt: skip
        try:
            with session.begin_nested():
                session.add(failed)
        except IntegrityError:  # another worker logged this period first
            return None
        return failed


def _describe(exc: Exception) -> str:
    return f"{getattr(exc, 'code', type(exc).__name__)}: {exc}"
