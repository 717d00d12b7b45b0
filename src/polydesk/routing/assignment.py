"""The assignment engine: who gets a ticket entering a help desk level without an owner.

Decisions:
- Engines (``Helpdesk.assignment_engine``): ``manual`` and ``free`` assign nobody (free is the
  pool: the ticket waits unassigned in the desk and any member takes it; manual waits for a
  dispatcher; the engine treats both alike, the difference is the desk's working practice and
  what InvGate shows as its engine); ``round_robin`` takes turns; ``least_loaded`` picks the
  candidate owning the fewest open tickets (status category not resolved/closed/cancelled),
  ties broken by the longest since least loaded last gave them a ticket in any queue (never
  first; ``agent_assignments``, written by least loaded only), then lowest id.
- Candidates: members of the desk at the ticket's level with write access, agents or admins,
  enabled, not out of office now (the window's end day is included, as users.service counts
  it). No candidate: nobody is assigned.
- Round robin's turn is per (help desk, level): candidates in id order, the next after the last
  one given a ticket (wrapping). Someone who joins later gets their turn in id order.
- Concurrency: both engines lock the (help desk, level) turn row with an upsert (the row lock of
  ON CONFLICT DO UPDATE on PostgreSQL; SQLite serialises writers), so two concurrent
  assignments in one queue queue up: none is handed out of turn and least loaded counts the
  other's ticket. Round robin reads the candidates and moves the turn in that one statement,
  so a create under round robin costs one statement.
- A new ticket's help desk ``default_owner_id`` (Integria's group default user) comes first:
  it becomes the owner when enabled and not out of office; otherwise the engine runs.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, cast

from sqlalchemy import (
    Integer,
    Select,
    Table,
    and_,
    bindparam,
    func,
    literal_column,
    not_,
    or_,
    select,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from polydesk.core.actor import Role
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
    """The engine's choice for a ticket entering (``helpdesk``, ``level``); ``None`` for manual
    and free desks or when nobody can take it."""
    if helpdesk.assignment_engine in PASSIVE:
        return None
    queue = {"helpdesk_id": helpdesk.id, "level": level, "now": now, "day_ago": now - DAY}
    if helpdesk.assignment_engine is AssignmentEngine.ROUND_ROBIN:
        chosen: int | None = session.execute(_TAKE_TURN[_dialect(session)], queue).scalar_one()
        return chosen
    session.execute(_LOCK_QUEUE[_dialect(session)], queue)
    candidates = list(session.scalars(_CANDIDATES.order_by(_users.c.id), queue))
    if not candidates:
        return None
    chosen = _least_loaded(session, candidates)
    _mark_assigned(session, chosen, now)
    return chosen


# The statements are built once (bound parameters: helpdesk_id, level, now, day_ago) and run
# on the tables, not the mapped classes: building SQLAlchemy expressions and the ORM's bulk
# path cost more than the statements themselves on this hot path.
_users, _members = User.__table__, HelpdeskMember.__table__
_turns = cast(Table, AssignmentTurn.__table__)
DAY = timedelta(days=1)  # out of office: the window's end is the last day out, at 00:00


def _candidate_select(*columns: Any) -> Select[Any]:
    """Members of the queue who can take a ticket now (module docstring)."""
    away = and_(
        _users.c.out_of_office_start.is_not(None),
        _users.c.out_of_office_start <= bindparam("now"),
        or_(
            _users.c.out_of_office_end.is_(None),
            _users.c.out_of_office_end > bindparam("day_ago"),
        ),
    )
    return (
        select(*columns)
        .select_from(_users.join(_members, _members.c.user_id == _users.c.id))
        .where(
            _members.c.helpdesk_id == bindparam("helpdesk_id"),
            _members.c.level == bindparam("level"),
            _members.c.access == MemberAccess.WRITE,
            _users.c.role.in_((Role.AGENT, Role.ADMIN)),
            _users.c.is_enabled.is_(True),
            not_(away),
        )
    )


_CANDIDATES = _candidate_select(_users.c.id)


def _turn_statements() -> tuple[dict[str, Any], dict[str, Any]]:
    """Per dialect: round robin's one statement, and least loaded's queue lock.

    Round robin: the turn row is created (the first candidate's turn) or moved to the first
    candidate after the last one served, wrapping to the first, and returned; no candidate
    gives NULL (nobody, and the turn starts over). The upsert locks the row (the row lock of
    ON CONFLICT DO UPDATE on PostgreSQL; SQLite serialises writers), so a concurrent
    assignment in the queue waits and then sees this one's turn."""
    first = _candidate_select(func.min(_users.c.id)).scalar_subquery()
    # The existing row's column, named as text: SQLAlchemy does not correlate a subquery with
    # an INSERT's table, and would add assignment_turns to the subquery's FROM.
    last = literal_column(f"{_turns.name}.last_user_id", Integer)
    after_last = _candidate_select(func.min(_users.c.id)).where(_users.c.id > last)
    after_last_id = after_last.scalar_subquery()
    queue: dict[str, Any] = {"helpdesk_id": bindparam("helpdesk_id"), "level": bindparam("level")}
    take: dict[str, Any] = {}
    lock: dict[str, Any] = {}
    for name, insert in (("postgresql", pg_insert), ("sqlite", sqlite_insert)):
        take[name] = (
            insert(_turns)
            .values(**queue, last_user_id=first)
            .on_conflict_do_update(
                index_elements=["helpdesk_id", "level"],
                set_={"last_user_id": func.coalesce(after_last_id, first)},
            )
            .returning(_turns.c.last_user_id)
        )
        lock[name] = (
            insert(_turns)
            .values(**queue, last_user_id=None)
            .on_conflict_do_update(
                index_elements=["helpdesk_id", "level"],
                set_={"last_user_id": _turns.c.last_user_id},
            )
        )
    return take, lock


_TAKE_TURN, _LOCK_QUEUE = _turn_statements()


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def _away(user: User, now: datetime) -> bool:
    start, end = user.out_of_office_start, user.out_of_office_end
    if start is None or start > now:
        return False
    return end is None or end > now - DAY


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
    insert = pg_insert if _dialect(session) == "postgresql" else sqlite_insert
    row = insert(AgentAssignment).values(user_id=user_id, last_assigned_at=now)
    session.execute(
        row.on_conflict_do_update(
            index_elements=[AgentAssignment.user_id], set_={"last_assigned_at": now}
        )
    )
