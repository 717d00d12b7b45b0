"""Which SLA a ticket is held to, and the policy (targets + working calendar) it means.

Decisions:
- Order: ``sla_disabled`` -> none; an SLA a caller named (``sla_pinned``: Znuny's ``SLA``, the
  native ``sla_id``) stays; else the first matching enabled rule (``helpdesks.sla_rules``);
  else the help desk's SLA. A disabled SLA is never chosen by a rule or a help desk, but one a
  caller named stays on its ticket.
- Cost when nothing is configured: one query (the enabled rules outer-joined to the ticket's
  help desk, for its SLA). The category's ancestors are read only when some rule names a
  category.
- The clock counts in the SLA's business calendar only when ``business_hours_only`` is set
  and a calendar is named; otherwise around the clock.
- Built calendars are cached per process, keyed by the calendar's ``revision`` (renewed on
  every change), so a change made through any process is seen by the next ticket everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, joinedload
from sqlalchemy.orm.attributes import set_committed_value

from polydesk.helpdesks.sla_rules import TicketFacts, choose_sla
from polydesk.models.calendars import BusinessCalendar, BusinessHoliday, BusinessHours
from polydesk.models.catalogs import Category
from polydesk.models.helpdesks import Helpdesk, Sla, SlaRule
from polydesk.models.sla import SlaTarget
from polydesk.models.tickets import Ticket
from polydesk.sla.business_time import WorkCalendar


@dataclass(frozen=True)
class Policy:
    sla: Sla
    calendar: WorkCalendar

    def target_minutes(self, target: SlaTarget) -> int | None:
        return {
            SlaTarget.FIRST_RESPONSE: self.sla.first_response_minutes,
            SlaTarget.UPDATE: self.sla.update_minutes,
            SlaTarget.RESOLUTION: self.sla.resolution_minutes,
        }[target]


def choose_sla_for(session: Session, ticket: Ticket) -> Sla | None:
    """The SLA the ticket should have now (module docstring for the order). The row itself,
    so the caller need not read it again (the session's identity map keeps no unreferenced
    rows)."""
    if ticket.sla_disabled:
        return None
    if ticket.sla_pinned and ticket.sla_id is not None:
        return session.get(Sla, ticket.sla_id)
    rules, desk_sla = _rules_and_desk_sla(session, ticket.helpdesk_id)
    if rules:
        chosen = choose_sla(rules, _facts(session, ticket, rules))
        sla = _enabled_sla(session, chosen) if chosen is not None else None
        if sla is not None:
            return sla
    return desk_sla if desk_sla is not None and desk_sla.is_enabled else None


def _rules_and_desk_sla(
    session: Session, helpdesk_id: int | None
) -> tuple[list[SlaRule], Sla | None]:
    """The enabled rules and the help desk's SLA (with its calendar) in one statement: the
    desk's row outer-joined to its SLA, the SLA's calendar and every enabled rule (one row
    with no rule when there is none)."""
    if helpdesk_id is None:
        return list(session.scalars(_ENABLED_RULES)), None
    rows = session.execute(_DESK_SLA_AND_RULES, {"helpdesk_id": helpdesk_id}).all()
    desk_sla, calendar = (rows[0][0], rows[0][1]) if rows else (None, None)
    if desk_sla is not None:
        # Held by the SLA, so reading sla.calendar costs nothing (a loader's own way to fill a
        # relationship; contains_eager does the same at several times the cost per row).
        set_committed_value(desk_sla, "calendar", calendar)
    return [rule for *_, rule in rows if rule is not None], desk_sla


# Built once: on the create path, building the statement cost as much as running it.
_ENABLED_RULES = select(SlaRule).where(SlaRule.is_enabled.is_(True))
_DESK_SLA_AND_RULES = (
    select(Sla, BusinessCalendar, SlaRule)
    .select_from(Helpdesk)
    .outerjoin(Sla, Sla.id == Helpdesk.sla_id)
    .outerjoin(BusinessCalendar, BusinessCalendar.id == Sla.calendar_id)
    .outerjoin(SlaRule, SlaRule.is_enabled.is_(True))
    .where(Helpdesk.id == bindparam("helpdesk_id"))
)


def load_policy(session: Session, sla_id: int | None) -> Policy | None:
    """The policy of the ticket's SLA: nothing read when the SLA is in the session, else one
    statement (the SLA with its calendar). Without autoflush: the ticket's pending changes
    then go out in one UPDATE with the due times the caller is about to set."""
    if sla_id is None:
        return None
    with session.no_autoflush:
        return policy_of(session, session.get(Sla, sla_id, options=[joinedload(Sla.calendar)]))


def policy_of(session: Session, sla: Sla | None) -> Policy | None:
    if sla is None:
        return None
    if not sla.business_hours_only or sla.calendar is None:
        return Policy(sla, WorkCalendar.always())
    return Policy(sla, work_calendar(session, sla.calendar))


def work_calendar(session: Session, calendar: BusinessCalendar) -> WorkCalendar:
    """The calendar, built once per process and revision: a cache hit reads nothing more
    than the calendar's row, which the SLA engine reads with the SLA."""
    calendar_id = calendar.id
    cached = _BUILT.get(calendar_id)
    if cached is not None and cached[0] == calendar.revision:
        return cached[1]
    built = _build_calendar(session, calendar)
    if len(_BUILT) >= _BUILT_LIMIT:
        _BUILT.clear()
    _BUILT[calendar_id] = (calendar.revision, built)
    return built


#: Built calendars by id, with the revision they were built from. WorkCalendar is immutable,
#: so threads share them; a rolled-back change's revision is never seen again, so its entry is
#: only replaced. Bounded: a deployment has a handful of calendars.
_BUILT: dict[int, tuple[str, WorkCalendar]] = {}
_BUILT_LIMIT = 256


def _build_calendar(session: Session, calendar: BusinessCalendar) -> WorkCalendar:
    hours = session.execute(
        select(BusinessHours.weekday, BusinessHours.start_minute, BusinessHours.end_minute).where(
            BusinessHours.calendar_id == calendar.id
        )
    )
    holidays = session.execute(
        select(BusinessHoliday.day, BusinessHoliday.recurring).where(
            BusinessHoliday.calendar_id == calendar.id
        )
    )
    return WorkCalendar.build(
        calendar.time_zone,
        [(d, s, e) for d, s, e in hours],
        [(day, recurring) for day, recurring in holidays],
    )


def _enabled_sla(session: Session, sla_id: int) -> Sla | None:
    sla = session.get(Sla, sla_id)
    return sla if sla is not None and sla.is_enabled else None


def _facts(session: Session, ticket: Ticket, rules: list[SlaRule]) -> TicketFacts:
    wants_category = any(rule.category_id is not None for rule in rules)
    return TicketFacts(
        priority_id=ticket.priority_id,
        helpdesk_id=ticket.helpdesk_id,
        company_id=ticket.company_id,
        category_ids=_with_ancestors(session, ticket.category_id)
        if wants_category
        else frozenset(),
        type_id=ticket.type_id,
    )


def _with_ancestors(session: Session, category_id: int | None) -> frozenset[int]:
    """The category and every category above it (stops at a stored cycle)."""
    found: list[int] = []
    while category_id is not None and category_id not in found:
        found.append(category_id)
        category = session.get(Category, category_id)
        category_id = category.parent_id if category is not None else None
    return frozenset(found)
