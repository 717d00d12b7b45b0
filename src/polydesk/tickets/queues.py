"""An agent's work queues: the console's built-in views of the tickets still to be worked on
(mine, unassigned, my help desks, waiting, breaching SLA, all I can see), as filters on the
native ticket list, and their live counts in one query.

Decisions:
- Every queue counts the actor's *active* tickets (new, open or waiting) within the actor's
  visibility: the same tickets the list shows for that queue with the console's default
  status filter, so a count and its list agree.
- "Unassigned" is a readable active ticket without an owner; "my help desks" a ticket in a
  help desk the agent is a member of (read or write); "breaching SLA" a ticket whose
  earliest SLA due time has passed (Znuny's escalated tickets); a ticket whose clock is
  paused while waiting keeps the due times it had, so an overdue wait still counts.
- The stored saved views (``tickets.views``) are fixed criteria; these queues depend on who
  looks (``mine`` is each agent's own), so they are built here rather than stored.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, case, func, select, true
from sqlalchemy.orm import Session

from polydesk.authz.tickets import readable_tickets, require_agent
from polydesk.core.actor import Actor
from polydesk.models.catalogs import Status, StatusCategory
from polydesk.models.tickets import Ticket
from polydesk.tickets.criteria_query import earliest_due

ACTIVE = (StatusCategory.NEW, StatusCategory.OPEN, StatusCategory.WAITING)


class Queue(StrEnum):
    ALL = "all"
    MINE = "mine"
    UNASSIGNED = "unassigned"
    DESKS = "desks"
    WAITING = "waiting"
    BREACHING = "breaching"


LABELS = {
    Queue.MINE: "Mine",
    Queue.UNASSIGNED: "Unassigned",
    Queue.DESKS: "My help desks",
    Queue.WAITING: "Waiting",
    Queue.BREACHING: "Breaching SLA",
    Queue.ALL: "All I can see",
}


def queue_filter(queue: Queue, actor: Actor, now: datetime) -> dict[str, Any]:
    """The ``TicketFilter`` fields that narrow a list to ``queue`` for ``actor``."""
    if queue is Queue.MINE:
        return {"owner_ids": [actor.user_id] if actor.user_id is not None else []}
    if queue is Queue.UNASSIGNED:
        return {"owned": False}
    if queue is Queue.DESKS:
        return {"helpdesk_ids": sorted(actor.helpdesk_ids)}
    if queue is Queue.WAITING:
        return {"status_categories": [StatusCategory.WAITING]}
    if queue is Queue.BREACHING:
        return {"overdue_at": now}
    return {}


def _condition(queue: Queue, actor: Actor, now: datetime) -> ColumnElement[bool]:
    if queue is Queue.MINE:
        return Ticket.owner_id == actor.user_id
    if queue is Queue.UNASSIGNED:
        return Ticket.owner_id.is_(None)
    if queue is Queue.DESKS:
        return Ticket.helpdesk_id.in_(sorted(actor.helpdesk_ids))
    if queue is Queue.WAITING:
        return Status.category == StatusCategory.WAITING
    if queue is Queue.BREACHING:
        return earliest_due() <= now
    return true()


def count_queues(session: Session, actor: Actor, now: datetime) -> dict[Queue, int]:
    """How many active tickets the agent may read are in each queue: one query."""
    require_agent(actor)
    queues = list(Queue)
    columns = [func.count(case((_condition(q, actor, now), 1))) for q in queues]
    query = (
        select(*columns)
        .select_from(Ticket)
        .join(Status, Status.id == Ticket.status_id)
        .where(readable_tickets(actor), Status.category.in_(ACTIVE))
    )
    row = session.execute(query).one()
    return {queue: int(value or 0) for queue, value in zip(queues, row, strict=True)}
