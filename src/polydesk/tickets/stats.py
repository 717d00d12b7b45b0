"""Counts and averages over the tickets an actor may read (reports, Integria get_stats)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import Select, and_, case, func, select
from sqlalchemy.orm import Session

from polydesk.authz.parts import visible_time_entries
from polydesk.core.actor import Actor
from polydesk.db.functions import epoch_seconds
from polydesk.models.catalogs import Status, StatusCategory
from polydesk.models.tickets import Ticket
from polydesk.models.timetracking import TimeEntry
from polydesk.tickets import criteria_query
from polydesk.tickets.schemas import TicketFilter

GroupField = Literal["status_id", "priority_id", "helpdesk_id", "owner_id"]
_CLOSED = (StatusCategory.CLOSED, StatusCategory.CANCELLED)


@dataclass(frozen=True)
class TicketMetrics:
    total: int
    open: int
    closed: int
    average_life_seconds: float | None  # created -> closed, over closed tickets
    average_rating: float | None  # over rated tickets (rating > 0)
    average_work_seconds: float | None  # logged time per ticket (what the actor reads of it)
    sla_met_percent: float | None  # tickets under an SLA that did not breach it


def _matching(session: Session, actor: Actor, filters: TicketFilter) -> Select[Ticket]:
    return criteria_query.matching(session, actor, filters.criteria())


def count_by(
    session: Session, actor: Actor, filters: TicketFilter, field: GroupField
) -> dict[Any, int]:
    """Ticket counts grouped by one column (None for tickets without a value)."""
    matching = _matching(session, actor, filters).subquery()
    column = matching.c[field]
    rows = session.execute(select(column, func.count()).group_by(column))
    return {value: count for value, count in rows}


def ticket_metrics(session: Session, actor: Actor, filters: TicketFilter) -> TicketMetrics:
    matching = _matching(session, actor, filters).subquery()
    closed = matching.c.status_id.in_(select(Status.id).where(Status.category.in_(_CLOSED)))
    life = epoch_seconds(matching.c.closed_at) - epoch_seconds(matching.c.created_at)
    under_sla = ~matching.c.sla_disabled & matching.c.sla_id.is_not(None)
    row = session.execute(
        select(
            func.count(),
            func.count(case((closed, 1))),
            func.avg(case((and_(closed, matching.c.closed_at.is_not(None)), life))),
            func.avg(case((matching.c.rating > 0, matching.c.rating))),
            func.count(case((under_sla, 1))),
            func.count(case((and_(under_sla, ~matching.c.sla_breached), 1))),
        )
    ).one()
    total, closed_count, life_avg, rating_avg, sla_total, sla_met = row
    work = session.scalar(
        select(func.coalesce(func.sum(TimeEntry.duration_seconds), 0)).where(
            TimeEntry.ticket_id.in_(select(matching.c.id)), visible_time_entries(actor)
        )
    )
    return TicketMetrics(
        total=total,
        open=total - closed_count,
        closed=closed_count,
        average_life_seconds=None if life_avg is None else float(life_avg),
        average_rating=None if rating_avg is None else float(rating_avg),
        average_work_seconds=(work or 0) / total if total else None,
        sla_met_percent=100.0 * sla_met / sla_total if sla_total else None,
    )
