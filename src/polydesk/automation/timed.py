"""Time triggers ("status is Waiting for customer and no change for 3 days"): a periodic scan.

Decisions:
- A time trigger's ``older_than`` condition is its anchor (``created_at`` or ``updated_at``):
  a ticket qualifies once its anchor is older than the age. Each trigger keeps how far it
  has looked (``scanned_until`` + ``scanned_until_id``) and reads the next tickets whose
  anchor passed the age since, through the anchor's index, ``TIME_BATCH`` at a time: a run
  never rereads what it has seen, however many tickets there are.
- A trigger fires once per ticket per qualifying period: the period is the anchor's value
  (unique with trigger and ticket in the execution log). A ticket changed later has a new
  ``updated_at``, so a new period that qualifies again when it is old enough.
- A ticket that does not match the other conditions when its anchor passes the age is not
  looked at again until its anchor moves (a change, for ``updated_at``).
- The trigger row is locked while it is scanned: two workers never scan the same stretch.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from polydesk.automation.conditions import anchor, matches
from polydesk.automation.engine import TIME_EVENT, facts_for, run_trigger, status_categories
from polydesk.core.clock import utcnow
from polydesk.db.locking import for_update
from polydesk.jobs.tasks import PeriodicTask
from polydesk.models.automation import Trigger, TriggerExecution
from polydesk.models.tickets import Ticket

TIME_TRIGGERS_TASK = "automation.time_triggers"
TIME_BATCH = 200
MAX_TIME_TRIGGERS = 50


def run_time_triggers(session: Session) -> int:
    """Scan every enabled time trigger once; returns how many runs it made."""
    query = (
        select(Trigger)
        .where(Trigger.is_enabled.is_(True), Trigger.event == TIME_EVENT)
        .order_by(Trigger.position, Trigger.id)
        .limit(MAX_TIME_TRIGGERS)
    )
    triggers = list(session.scalars(for_update(query, Trigger)))
    if not triggers:
        return 0
    categories = status_categories(session)
    return sum(_scan(session, trigger, categories) for trigger in triggers)


def _scan(session: Session, trigger: Trigger, categories: Mapping[int, str]) -> int:
    name, age = anchor(trigger.conditions)
    column = getattr(Ticket, name)
    query = select(Ticket).where(column <= utcnow() - age)
    if trigger.scanned_until is not None:
        after_mark = and_(column == trigger.scanned_until, Ticket.id > trigger.scanned_until_id)
        query = query.where(or_(column > trigger.scanned_until, after_mark))
    tickets = list(session.scalars(query.order_by(column, Ticket.id).limit(TIME_BATCH)))
    marks = [(getattr(ticket, name), ticket.id) for ticket in tickets]
    done = _fired(session, trigger, [ticket.id for ticket in tickets])
    fired = 0
    for ticket, (anchored, _id) in zip(tickets, marks, strict=True):
        period = anchored.isoformat()
        if (ticket.id, period) in done:
            continue
        facts = facts_for(session, ticket, categories=categories, uses_tags=_uses_tags(trigger))
        if matches(trigger.conditions, facts):
            run_trigger(session, trigger, ticket.id, event=TIME_EVENT, period=period)
            fired += 1
    if marks:
        trigger.scanned_until, trigger.scanned_until_id = marks[-1]
    return fired


def _uses_tags(trigger: Trigger) -> bool:
    return any(condition.get("field") == "tags" for condition in trigger.conditions)


def _fired(session: Session, trigger: Trigger, ticket_ids: list[int]) -> set[tuple[int, str]]:
    """The (ticket, period) pairs of the batch the trigger already ran for, in one query."""
    if not ticket_ids:
        return set()
    query = select(TriggerExecution.ticket_id, TriggerExecution.period).where(
        TriggerExecution.trigger_id == trigger.id,
        TriggerExecution.ticket_id.in_(ticket_ids),
        TriggerExecution.period.is_not(None),
    )
    return {(ticket_id, str(period)) for ticket_id, period in session.execute(query)}


def _run(session: Session) -> None:
    run_time_triggers(session)


#: Every minute: a time trigger fires within a minute of its ticket qualifying.
TIME_TRIGGERS = PeriodicTask(TIME_TRIGGERS_TASK, timedelta(minutes=1), _run)
