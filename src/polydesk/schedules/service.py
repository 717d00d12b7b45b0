"""Schedule use cases: add, update (partial), get and list schedules.

Decisions (ARCHITECTURE.md: "write the decision down next to the code"):
- Agents and admins add and change schedules; a technicians' calendar is shared, so every
  agent reads and changes every schedule. Customers only read schedules they are on.
- Customers and technicians are named by login (ignoring case); a login of the wrong kind
  (an agent given as a customer, or the reverse) is "not found", like an unknown one. Groups
  are named by name, ignoring case.
- A linked ticket must be readable by the actor (scheduling work does not change a ticket).
- The end, when given, is not before the start. Marking a schedule completed without a
  completion time records now; other statuses keep whatever completion time was given.
- The creator (``user_id``) is the acting user.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Select, delete, func, select, true
from sqlalchemy.orm import Session

from polydesk.authz.tickets import require_agent
from polydesk.core.actor import Actor, Role
from polydesk.core.clock import utcnow
from polydesk.core.errors import ValidationFailed, not_found
from polydesk.core.pagination import Page, PageRequest
from polydesk.db.filters import between, text_matches
from polydesk.db.listing import sorted_page
from polydesk.models.groups import Group
from polydesk.models.schedules import Schedule, ScheduleGroup, ScheduleMember, ScheduleStatus
from polydesk.models.users import User
from polydesk.schedules.schemas import (
    RepeatRule,
    ScheduleCreate,
    ScheduleFields,
    ScheduleFilter,
    ScheduleUpdate,
)
from polydesk.tickets.access import require_ticket
from polydesk.users.listing import login_lookup

_TECH_ROLES = (Role.AGENT, Role.ADMIN)
#: Command fields copied onto the schedule as they are.
_COPIED = (
    "title", "description", "category", "status", "ticket_id",
    "starts_at", "ends_at", "completed_at", "all_day",
)  # fmt: skip


@dataclass(frozen=True)
class ScheduleView:
    schedule: Schedule
    creator_login: str | None
    customer_logins: list[str] = field(default_factory=list)
    tech_logins: list[str] = field(default_factory=list)
    group_names: list[str] = field(default_factory=list)


def add_schedule(session: Session, actor: Actor, cmd: ScheduleCreate) -> Schedule:
    require_agent(actor)
    now = utcnow()
    schedule = Schedule(
        created_at=now,
        updated_at=now,
        title=cmd.title,
        starts_at=cmd.starts_at,
        description="",
        category="",
        status=ScheduleStatus.ACTIVE,
        all_day=False,
        repeat_weekdays=[],
        user_id=actor.user_id,
    )
    _apply(session, actor, schedule, cmd)
    session.add(schedule)
    session.flush()
    _replace_people(session, schedule.id, cmd)
    session.flush()
    return schedule


def update_schedule(
    session: Session, actor: Actor, schedule_id: int, cmd: ScheduleUpdate
) -> Schedule:
    require_agent(actor)
    schedule = require_schedule(session, actor, schedule_id)
    _apply(session, actor, schedule, cmd)
    _replace_people(session, schedule.id, cmd)
    schedule.updated_at = utcnow()
    session.flush()
    return schedule


def require_schedule(session: Session, actor: Actor, schedule_id: int) -> Schedule:
    query = select(Schedule).where(Schedule.id == schedule_id, _readable(actor))
    schedule = session.scalars(query).first()
    if schedule is None:
        raise not_found("schedule", schedule_id)
    return schedule


_SORT_COLUMNS: dict[str, Any] = {
    "id": Schedule.id,
    "starts_at": Schedule.starts_at,
    "ends_at": Schedule.ends_at,
    "title": Schedule.title,
    "status": Schedule.status,
    "created_at": Schedule.created_at,
}


def list_schedules(
    session: Session, actor: Actor, filters: ScheduleFilter, page: PageRequest
) -> Page[ScheduleView]:
    query = select(Schedule).where(_readable(actor), *_filter_clauses(filters))
    found = sorted_page(session, query, page, _SORT_COLUMNS, filters, Schedule.id)
    return Page(items=schedule_views(session, found.items), total=found.total)


def schedule_views(session: Session, schedules: list[Schedule]) -> list[ScheduleView]:
    """The schedules with their people and groups: three queries, whatever the count."""
    ids = [s.id for s in schedules]
    if not ids:
        return []
    people: dict[int, list[User]] = defaultdict(list)
    member_rows = session.execute(
        select(ScheduleMember.schedule_id, User)
        .join(User, User.id == ScheduleMember.user_id)
        .where(ScheduleMember.schedule_id.in_(ids))
        .order_by(func.lower(User.login), User.id)
    ).all()
    for schedule_id, user in member_rows:
        people[schedule_id].append(user)
    login = login_lookup(session, [s.user_id for s in schedules])
    groups = _group_names(session, ids)
    return [
        ScheduleView(
            schedule=s,
            creator_login=login(s.user_id),
            customer_logins=[u.login for u in people[s.id] if u.role is Role.CUSTOMER],
            tech_logins=[u.login for u in people[s.id] if u.role in _TECH_ROLES],
            group_names=groups.get(s.id, []),
        )
        for s in schedules
    ]


def _group_names(session: Session, schedule_ids: list[int]) -> dict[int, list[str]]:
    names: dict[int, list[str]] = defaultdict(list)
    if schedule_ids:
        rows = session.execute(
            select(ScheduleGroup.schedule_id, Group.name)
            .join(Group, Group.id == ScheduleGroup.group_id)
            .where(ScheduleGroup.schedule_id.in_(schedule_ids))
            .order_by(func.lower(Group.name), Group.id)
        ).all()
        for schedule_id, name in rows:
            names[schedule_id].append(name)
    return names


def _readable(actor: Actor) -> ColumnElement[bool]:
    if not actor.is_customer:
        return true()
    mine = select(ScheduleMember.schedule_id).where(ScheduleMember.user_id == actor.user_id)
    return Schedule.id.in_(mine)


def _filter_clauses(f: ScheduleFilter) -> list[ColumnElement[bool]]:
    clauses = between(Schedule.starts_at, f.starts_after, f.starts_before)
    if f.ids is not None:
        clauses.append(Schedule.id.in_(f.ids))
    if f.ticket_ids is not None:
        clauses.append(Schedule.ticket_id.in_(f.ticket_ids))
    if f.customer_logins is not None:
        clauses.append(Schedule.id.in_(_with_members(f.customer_logins, (Role.CUSTOMER,))))
    if f.tech_logins is not None:
        clauses.append(Schedule.id.in_(_with_members(f.tech_logins, _TECH_ROLES)))
    if f.group_names is not None:
        with_groups = (
            select(ScheduleGroup.schedule_id)
            .join(Group, Group.id == ScheduleGroup.group_id)
            .where(text_matches(Group.name, f.group_names))
        )
        clauses.append(Schedule.id.in_(with_groups))
    return clauses


def _with_members(logins: list[str], roles: Iterable[Role]) -> Select[int]:
    return (
        select(ScheduleMember.schedule_id)
        .join(User, User.id == ScheduleMember.user_id)
        .where(User.role.in_(list(roles)), text_matches(User.login, logins))
    )


def _apply(session: Session, actor: Actor, schedule: Schedule, cmd: ScheduleFields) -> None:
    given = cmd.model_dump(exclude_unset=True)
    if given.get("ticket_id") is not None:
        require_ticket(session, actor, given["ticket_id"])
    for key in _COPIED:
        if key in given:
            setattr(schedule, key, given[key])
    if "repeat" in cmd.model_fields_set:
        _set_rule(schedule, cmd.repeat)
    if schedule.status is ScheduleStatus.COMPLETED and schedule.completed_at is None:
        schedule.completed_at = utcnow()
    if schedule.ends_at is not None and schedule.ends_at < schedule.starts_at:
        raise ValidationFailed("schedule.ends_before_start", "the end is before the start")


def _set_rule(schedule: Schedule, rule: RepeatRule | None) -> None:
    schedule.repeat_kind = rule.kind if rule else None
    schedule.repeat_every = rule.every if rule else None
    schedule.repeat_unit = rule.unit if rule else None
    schedule.repeat_weekdays = sorted(rule.weekdays) if rule else []


def _replace_people(session: Session, schedule_id: int, cmd: ScheduleFields) -> None:
    """Replace each list given (customers, technicians, groups); others stay."""
    for logins, roles, entity in (
        (cmd.customer_logins, (Role.CUSTOMER,), "customer"),
        (cmd.tech_logins, _TECH_ROLES, "tech"),
    ):
        if logins is None:
            continue
        user_ids = _user_ids(session, logins, roles, entity)
        kind = select(User.id).where(User.role.in_(roles))
        session.execute(
            delete(ScheduleMember).where(
                ScheduleMember.schedule_id == schedule_id, ScheduleMember.user_id.in_(kind)
            )
        )
        session.add_all(ScheduleMember(schedule_id=schedule_id, user_id=i) for i in user_ids)
    if cmd.group_names is not None:
        group_ids = _group_ids(session, cmd.group_names)
        session.execute(delete(ScheduleGroup).where(ScheduleGroup.schedule_id == schedule_id))
        session.add_all(ScheduleGroup(schedule_id=schedule_id, group_id=i) for i in group_ids)


def _user_ids(session: Session, logins: list[str], roles: Iterable[Role], entity: str) -> list[int]:
    """One query for all the logins; the first one missing (or of another kind) is reported."""
    wanted = {login.lower() for login in logins}
    rows = session.execute(
        select(func.lower(User.login), User.id, User.role).where(func.lower(User.login).in_(wanted))
    ).all()
    found = {login: (user_id, role) for login, user_id, role in rows}
    allowed = set(roles)
    for login in logins:
        match = found.get(login.lower())
        if match is None or match[1] not in allowed:
            raise not_found(entity, login)
    return sorted({found[login.lower()][0] for login in logins})


def _group_ids(session: Session, names: list[str]) -> list[int]:
    wanted = {name.lower() for name in names}
    rows = session.execute(
        select(func.lower(Group.name), Group.id).where(func.lower(Group.name).in_(wanted))
    ).all()
    found: dict[str, int] = {name: group_id for name, group_id in rows}
    missing = [name for name in names if name.lower() not in found]
    if missing:
        raise not_found("group", missing[0])
    return sorted(set(found.values()))
