"""The assignment engine: who gets a ticket entering a help desk level without an owner.

Decisions:
- Engines (``Helpdesk.assignment_engine``): ``manual`` and ``free`` assign nobody (free is the
  pool: the ticket waits unassigned in the desk and any member takes it; manual waits for a
  dispatcher; the engine treats both alike, the difference is the desk's working practice and
  what InvGate shows as its engine); ``round_robin`` takes turns; ``least_loaded`` picks the
  candidate owning the fewest open tickets (status category not resolved/closed/cancelled),
  ties broken by the longest since the engine last assigned them (never first), then lowest id.
- Candidates: members of the desk at the ticket's level with write access, agents or admins,
  enabled, not out of office now (the window's end day is included, as users.service counts
  it). No candidate: nobody is assigned.
- Round robin's turn is per (help desk, level): candidates in id order, the next after the last
  one given a ticket (wrapping). Someone who joins later gets their turn in id order.
- Concurrency: both engines read the (help desk, level) turn row with a row lock (FOR UPDATE on
  PostgreSQL; SQLite serialises writers), so two concurrent assignments in one queue queue up:
  none is handed out of turn and least loaded counts the other's ticket.
- A new ticket's help desk ``default_owner_id`` (Integria's group default user) comes first:
  it becomes the owner when enabled and not out of office; otherwise the engine runs.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, func, not_, or_, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from polydesk.core.actor import Role
from polydesk.db.locking import for_update
from polydesk.models.catalogs import Status, StatusCategory
from polydesk.models.helpdesks import AssignmentEngine, Helpdesk, HelpdeskMember, MemberAccess
from polydesk.models.routing import AgentAssignment, AssignmentTurn
from polydesk.models.tickets import Ticket
from polydesk.models.users import User

#: Engines that never assign: nothing is read for them.
PASSIVE = frozenset({AssignmentEngine.MANUAL, AssignmentEngine.FREE})
DONE = (StatusCategory.RESOLVED, StatusCategory.CLOSED, StatusCategory.CANCELLED)


def owner_for_new(session: Session, helpdesk: Helpdesk, level: int, now: datetime) -> int | None:
    """The owner of a new ticket opened in ``helpdesk`` at ``level`` with none given."""
    if helpdesk.default_owner_id is not None:
        default = session.get(User, helpdesk.default_owner_id)
        if default is not None and default.is_enabled and not _away(default, now):
            return default.id
    return pick_owner(session, helpdesk, level, now)


def pick_owner(session: Session, helpdesk: Helpdesk, level: int, now: datetime) -> int | None:
    """The engine's choice for a ticket entering (``helpdesk``, ``level``), recorded as the
    queue's last turn; ``None`` for manual and free desks or when nobody can take it."""
    if helpdesk.assignment_engine in PASSIVE:
        return None
    turn = _locked_turn(session, helpdesk.id, level)
    candidates = _candidates(session, helpdesk.id, level, now)
    if not candidates:
        return None
    if helpdesk.assignment_engine is AssignmentEngine.ROUND_ROBIN:
        chosen = next_in_turn(candidates, turn.last_user_id)
    else:
        chosen = _least_loaded(session, candidates)
    turn.last_user_id = chosen
    _mark_assigned(session, chosen, now)
    session.flush()
    return chosen


def next_in_turn(candidates: list[int], last: int | None) -> int:
    """The first candidate (ids ascending) after ``last``, wrapping to the first."""
    if last is not None:
        for user_id in candidates:
            if user_id > last:
                return user_id
    return candidates[0]


def _locked_turn(session: Session, helpdesk_id: int, level: int) -> AssignmentTurn:
    """The queue's turn row, created if missing (a racing creator's row is kept), locked."""
    session.execute(
        _insert(session)(AssignmentTurn)
        .values(helpdesk_id=helpdesk_id, level=level, last_user_id=None)
        .on_conflict_do_nothing(index_elements=["helpdesk_id", "level"])
    )
    query = select(AssignmentTurn).where(
        AssignmentTurn.helpdesk_id == helpdesk_id, AssignmentTurn.level == level
    )
    return session.scalars(for_update(query)).one()


def _candidates(session: Session, helpdesk_id: int, level: int, now: datetime) -> list[int]:
    query = (
        select(User.id)
        .join(HelpdeskMember, HelpdeskMember.user_id == User.id)
        .where(
            HelpdeskMember.helpdesk_id == helpdesk_id,
            HelpdeskMember.level == level,
            HelpdeskMember.access == MemberAccess.WRITE,
            User.role.in_((Role.AGENT, Role.ADMIN)),
            User.is_enabled,
            not_(_away_clause(now)),
        )
        .order_by(User.id)
    )
    return list(session.scalars(query))


def _away_clause(now: datetime) -> ColumnElement[bool]:
    """Out of office at ``now``: the window has started and its end day is not over."""
    one_day_ago = now - timedelta(days=1)  # the end is the last day out, at 00:00
    return and_(
        User.out_of_office_start.is_not(None),
        User.out_of_office_start <= now,
        or_(User.out_of_office_end.is_(None), User.out_of_office_end > one_day_ago),
    )


def _away(user: User, now: datetime) -> bool:
    start, end = user.out_of_office_start, user.out_of_office_end
    if start is None or start > now:
        return False
    return end is None or end > now - timedelta(days=1)


def _least_loaded(session: Session, candidates: list[int]) -> int:
    counted = (
        select(Ticket.owner_id, func.count())
        .join(Status, Status.id == Ticket.status_id)
        .where(Ticket.owner_id.in_(candidates), Status.category.not_in(DONE))
        .group_by(Ticket.owner_id)
    )
    load: dict[int | None, int] = {owner: count for owner, count in session.execute(counted)}
    marks = select(AgentAssignment.user_id, AgentAssignment.last_assigned_at).where(
        AgentAssignment.user_id.in_(candidates)
    )
    last: dict[int, datetime] = {user: at for user, at in session.execute(marks)}
    never = datetime.min.replace(tzinfo=UTC)

    def rank(user_id: int) -> tuple[int, datetime, int]:
        return load.get(user_id, 0), last.get(user_id) or never, user_id

    return min(candidates, key=rank)


def _mark_assigned(session: Session, user_id: int, now: datetime) -> None:
    """One upsert: an agent can be handed tickets in two queues at once."""
    row = _insert(session)(AgentAssignment).values(user_id=user_id, last_assigned_at=now)
    session.execute(
        row.on_conflict_do_update(
            index_elements=[AgentAssignment.user_id], set_={"last_assigned_at": now}
        )
    )


def _insert(session: Session) -> Any:
    return pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
