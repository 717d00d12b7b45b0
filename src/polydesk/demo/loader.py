"""Load a realistic demo help desk (``polydesk demo``), only through the core services.

Every row is written by the service a user's action would call (``create_ticket``,
``update_ticket``, ``add_comment``, ``log_time``, ...), acting as the user who would do it, so
numbering, history and the search index are exactly what production writes. Time is pinned
with ``frozen`` so the tickets and their stories spread over the last ``DAYS`` days.

Decisions:
- Deterministic: one ``random.Random(SEED)`` drives every choice.
- Idempotent: the setting ``demo.loaded`` records a load; a second call changes nothing.
- Tickets are created in time order, never before the newest existing ticket: the daily
  ticket-number counter restarts when the day changes, so going back to an earlier day would
  draw numbers that day already used.
- Only the demo agent and the demo customer get passwords (argon2 is deliberately slow).
- Any conflict (a login or help desk name already taken) raises the service's domain error and
  the caller's unit of work rolls everything back.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from polydesk.authz.actors import actor_for
from polydesk.catalogs.service import get_catalog_item_by_name
from polydesk.comments.schemas import CommentCreate
from polydesk.comments.service import add_comment
from polydesk.companies.service import CompanyCreate, create_company
from polydesk.core.actor import SYSTEM, Actor, Role
from polydesk.core.clock import frozen, utcnow
from polydesk.core.errors import ValidationFailed
from polydesk.core.pagination import PageRequest
from polydesk.demo import data
from polydesk.groups.service import GroupCreate, add_member, create_group
from polydesk.helpdesks.service import HelpdeskCreate, create_helpdesk
from polydesk.models.comments import Channel
from polydesk.models.history import HistoryEvent
from polydesk.models.users import User
from polydesk.settings.service import get_setting, set_setting
from polydesk.tickets.schemas import SortField, TicketCreate, TicketFilter, TicketUpdate
from polydesk.tickets.service import create_ticket, list_tickets, update_ticket
from polydesk.timetracking.service import TimeEntryCreate, log_time
from polydesk.users.schemas import UserCreate
from polydesk.users.service import create_user

SETTING = "demo.loaded"
SEED = 42
DAYS = 90


def load_demo(session: Session, *, tickets: int = 300) -> dict[str, Any]:
    """Load the demo desk and ``tickets`` tickets; never commits (the caller owns the unit)."""
    if get_setting(session, SETTING) is not None:
        return {"status": "already loaded"}
    rng = random.Random(SEED)
    now = utcnow()
    ids = _catalog_ids(session)
    desks, customers, counts = _organisation(session, rng)
    events_before = _count_events(session)
    story = Story(session, rng, ids, now)
    for index, created_at in enumerate(_ticket_times(session, rng, tickets, now)):
        requester = customers[0] if index % 10 == 0 else rng.choice(customers)
        story.play(created_at, rng.choice(desks), requester)
    set_setting(session, SYSTEM, SETTING, now.isoformat(timespec="seconds"))
    return {
        "status": "loaded",
        **counts,
        "tickets": tickets,
        "comments": story.stats["comments"],
        "time_entries": story.stats["time_entries"],
        "history_events": _count_events(session) - events_before,
        "statuses": dict(sorted(story.statuses.items())),
        "logins": {data.DEMO_AGENT: data.DEMO_AGENT, data.DEMO_CUSTOMER: data.DEMO_CUSTOMER},
    }


def _catalog_ids(session: Session) -> dict[str, dict[str, int]]:
    """Every catalog id the demo uses, by kind and name, looked up once."""
    templates = [t for desk in data.TEMPLATES.values() for t in desk]
    wanted: dict[str, set[str]] = {
        "status": set(data.STATUSES),
        "priority": set(data.PRIORITY_WEIGHTS),
        "impact": set(data.IMPACTS),
        "urgency": set(data.URGENCIES),
        "source": {data.EMAIL_SOURCE, data.PORTAL_SOURCE, *data.AGENT_SOURCES},
        "close_reason": set(data.CLOSE_REASONS),
        "type": {t.type for t in templates},
        "category": {t.category for t in templates},
    }
    return {
        kind: {n: _catalog_id(session, kind, n) for n in names} for kind, names in wanted.items()
    }


def _catalog_id(session: Session, kind: str, name: str) -> int:
    row = get_catalog_item_by_name(session, kind, name)
    if row is None:
        message = f"the demo needs the {kind} {name!r}; restore it or rename it back"
        raise ValidationFailed("demo.catalog_missing", message, kind=kind, name=name)
    return row.id


def _organisation(
    session: Session, rng: random.Random
) -> tuple[list[Desk], list[Person], dict[str, int]]:
    groups: dict[str, int] = {}
    for name, text in data.GROUPS:
        groups[name] = create_group(session, SYSTEM, GroupCreate(name=name, description=text)).id
    desks: list[Desk] = []
    for spec in data.DESKS:
        cmd = HelpdeskCreate(
            name=spec.name, description=spec.description, email=spec.email, levels=[*spec.levels]
        )
        escalation = groups.get(data.ESCALATION_GROUP.get(spec.name, ""))
        desk_id = create_helpdesk(session, SYSTEM, cmd).id
        desks.append(Desk(desk_id, spec.name, len(spec.levels), groups[spec.group], escalation))
    agents = _create_agents(session, desks, groups)
    customers = _create_customers(session, rng)
    counts = dict(helpdesks=len(desks), groups=len(groups), companies=len(data.COMPANIES))
    counts |= dict(agents=agents, customers=len(customers), users=agents + len(customers))
    return desks, customers, counts


def _create_agents(session: Session, desks: list[Desk], groups: dict[str, int]) -> int:
    """Create the agents and add each to its desks (``Desk.agents``) and their groups."""
    group_of = {spec.name: spec.group for spec in data.DESKS}
    for spec in data.AGENTS:
        password = spec.login if spec.login == data.DEMO_AGENT else None
        mine = [desk for desk in desks if desk.name in spec.desks]
        user = create_user(session, SYSTEM, UserCreate(
            login=spec.login, first_name=spec.first_name, last_name=spec.last_name,
            email=f"{spec.login}@polydesk.example", role=Role.AGENT, password=password,
            helpdesk_ids=[desk.id for desk in mine],
        ))  # fmt: skip
        for group in sorted({group_of[desk.name] for desk in mine}):
            add_member(session, SYSTEM, group_id=groups[group], user_id=user.id)
        person = _person(session, user)
        for desk in mine:
            desk.agents.append(person)
    return len(data.AGENTS)


def _create_customers(session: Session, rng: random.Random) -> list[Person]:
    companies = []
    for name, domain, country in data.COMPANIES:
        cmd = CompanyCreate(name=name, country=country, email=f"info@{domain}", website=domain)
        companies.append(create_company(session, SYSTEM, cmd))
    pairs = [(first, last) for first in data.FIRST_NAMES for last in data.LAST_NAMES]
    names = [("Casey", "Jordan"), *rng.sample(pairs, data.CUSTOMER_COUNT - 1)]
    customers = []
    for index, (first, last) in enumerate(names):
        company = companies[index] if index < len(companies) else rng.choice(companies)
        demo = index == 0  # the one customer with a password
        user = create_user(session, SYSTEM, UserCreate(
            login=data.DEMO_CUSTOMER if demo else f"{first}.{last}".lower(),
            password=data.DEMO_CUSTOMER if demo else None, role=Role.CUSTOMER,
            first_name=first, last_name=last, email=f"{first}.{last}@{company.website}".lower(),
            company_id=company.id, phone=f"+1 555 01{index:02d}",
        ))  # fmt: skip
        customers.append(_person(session, user))
    return customers


def _person(session: Session, user: User) -> Person:
    return Person(actor_for(session, user), user.first_name, user.email or "")


def _ticket_times(
    session: Session, rng: random.Random, count: int, now: datetime
) -> list[datetime]:
    """``count`` creation times, oldest first, mostly in office hours on weekdays."""
    start = now - timedelta(days=DAYS)
    newest_first = TicketFilter(sort=SortField.CREATED_AT, descending=True)
    newest = list_tickets(session, SYSTEM, newest_first, PageRequest(limit=1)).items
    if newest and newest[0].created_at > start:
        start = newest[0].created_at
    end = now - timedelta(minutes=5)
    span = max((end - start).total_seconds(), 0.0)
    times = []
    for _ in range(count):
        at = start + timedelta(seconds=rng.uniform(0, span))
        shifted = _office_hours(rng, at)
        times.append(shifted if start <= shifted <= end else at)
    return sorted(times)


def _office_hours(rng: random.Random, at: datetime) -> datetime:
    if at.weekday() >= 5 and rng.random() < 0.8:  # most weekend tickets wait for Friday
        at -= timedelta(days=at.weekday() - 4)
    return at.replace(hour=rng.randint(8, 17), minute=rng.randint(0, 59))


def _count_events(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(HistoryEvent)) or 0


# --- people and places the stories use -------------------------------------------------------


@dataclass(frozen=True)
class Person:
    actor: Actor
    first_name: str
    email: str

    @property
    def id(self) -> int:
        assert self.actor.user_id is not None  # demo people are real users
        return self.actor.user_id


@dataclass(frozen=True)
class Desk:
    id: int
    name: str
    levels: int
    group_id: int
    escalation_group_id: int | None
    agents: list[Person] = field(default_factory=list)


@dataclass
class _Case:
    """One ticket while its story plays."""

    ticket_id: int
    title: str
    desk: Desk
    requester: Person
    owner: Person
    target: str
    channel: str  # "portal" (the customer), "email" (the mail fetcher) or "agent"
    tags: list[str]
    thanked: bool = False

    @property
    def comment_channel(self) -> Channel:
        return Channel.EMAIL if self.channel == "email" else Channel.WEB


# --- ticket stories --------------------------------------------------------------------------

_OPTIONAL_COMMENTS = frozenset({"reply", "customer", "note", "thanks"})
_COMMENT_STEPS = _OPTIONAL_COMMENTS | {"wait", "solve", "reopen", "cancel"}


class Story:
    """Creates one ticket and plays its life: triage, replies, notes, work, solution, close."""

    MAX_COMMENTS = 4

    def __init__(
        self, session: Session, rng: random.Random, ids: dict[str, dict[str, int]], now: datetime
    ) -> None:
        self.session, self.rng, self.ids, self.now = session, rng, ids, now
        self.stats: Counter[str] = Counter()
        self.statuses: Counter[str] = Counter()
        self.steps: dict[str, Callable[[_Case], None]] = {
            "triage": self._triage, "reply": self._reply, "customer": self._customer,
            "note": self._note, "time": self._time, "progress": self._progress,
            "wait": self._wait, "solve": self._solve, "thanks": self._thanks,
            "close": self._close, "reopen": self._reopen, "cancel": self._cancel,
        }  # fmt: skip

    def play(self, created_at: datetime, desk: Desk, requester: Person) -> None:
        age_days = (self.now - created_at) / timedelta(days=1)
        weights = next(w for limit, w in data.TARGETS if age_days < limit)
        target = self.rng.choices(list(weights), weights=list(weights.values()))[0]
        plan = _trim(self._plan(target), self.MAX_COMMENTS)
        with frozen(created_at):
            case = self._create(desk, requester, target)
        for step, at in zip(plan, self._timeline(created_at, plan), strict=True):
            with frozen(at):
                self.steps[step](case)
        self.statuses[target] += 1

    def _plan(self, target: str) -> list[str]:
        maybe = self._maybe
        if target == "New":
            return maybe(0.3, "customer")
        steps = ["triage", *maybe(0.6, "reply")]
        if target == "Open":
            return [*steps, *maybe(0.3, "customer")]
        if target == "Cancelled":
            return [*steps, "cancel"]
        steps += ["progress", *maybe(0.4, "note"), *maybe(0.5, "time"), *maybe(0.3, "customer")]
        if target in data.WAITING:
            return [*steps, "wait"]
        if target == "In progress":
            return steps
        steps.append("solve")
        if self.rng.random() < 0.12:
            steps += ["reopen", "note", "time", "solve"]
        if target == "Resolved":
            return steps
        return [*steps, *maybe(0.5, "thanks"), "close"]

    def _maybe(self, chance: float, step: str) -> list[str]:
        return [step] if self.rng.random() < chance else []

    def _timeline(self, start: datetime, plan: list[str]) -> list[datetime]:
        gaps = [self.rng.uniform(*data.GAPS[step]) for step in plan]
        room = max((self.now - start) / timedelta(minutes=1) - 1, 0.0)
        scale = min(1.0, room / sum(gaps)) if gaps else 1.0
        times, at = [], start
        for gap in gaps:
            at += timedelta(minutes=gap * scale)
            times.append(at)
        return times

    def _create(self, desk: Desk, requester: Person, target: str) -> _Case:
        rng, ids = self.rng, self.ids
        template = rng.choice(data.TEMPLATES[desk.name])
        fill = {key: rng.choice(values) for key, values in data.FILLERS.items()}
        fields: dict[str, Any] = {
            "title": template.title.format(**fill),
            "description": template.description.format(**fill),
            "helpdesk_id": desk.id,
            "priority_id": self._priority(),
            "type_id": ids["type"][template.type],
            "category_id": ids["category"][template.category],
        }
        if rng.random() < 0.5:
            fields["impact_id"] = ids["impact"][rng.choice(data.IMPACTS)]
            fields["urgency_id"] = ids["urgency"][rng.choice(data.URGENCIES)]
        tags = [*template.tags, *self._maybe(0.15, rng.choice(data.EXTRA_TAGS))]
        owner = rng.choice(desk.agents)
        channel = rng.choices(("portal", "email", "agent"), weights=(4, 3, 3))[0]
        actor = requester.actor
        if channel != "portal":
            fields |= {"requester_id": requester.id, "contact_email": requester.email}
        if channel == "email":
            actor = SYSTEM  # what the mail fetcher does
            fields["source_id"] = ids["source"][data.EMAIL_SOURCE]
        elif channel == "agent":
            actor = owner.actor
            fields |= {
                "source_id": ids["source"][rng.choice(data.AGENT_SOURCES)],
                "owner_id": owner.id,
                "assigned_group_id": desk.group_id,
                "tags": tags,
            }
        ticket = create_ticket(self.session, actor, TicketCreate(**fields))
        return _Case(ticket.id, ticket.title, desk, requester, owner, target, channel, tags)

    def _priority(self) -> int:
        weights = data.PRIORITY_WEIGHTS
        name = self.rng.choices(list(weights), weights=list(weights.values()))[0]
        return self.ids["priority"][name]

    def _update(self, case: _Case, **values: Any) -> None:
        update_ticket(self.session, case.owner.actor, case.ticket_id, TicketUpdate(**values))

    def _status(self, case: _Case, name: str, **values: Any) -> None:
        self._update(case, status_id=self.ids["status"][name], **values)

    def _comment(
        self,
        case: _Case,
        by: Person,
        texts: tuple[str, ...],
        *,
        note: bool = False,
        solution: bool = False,
    ) -> str:
        body = self.rng.choice(texts).format(first=case.requester.first_name)
        cmd = CommentCreate(
            body=body, subject=f"Re: {case.title}", is_public=not note, is_solution=solution,
            channel=Channel.NOTE if note else case.comment_channel,
        )  # fmt: skip
        add_comment(self.session, by.actor, case.ticket_id, cmd)
        self.stats["comments"] += 1
        return body

    # Steps, each run with the clock pinned to its moment.

    def _triage(self, case: _Case) -> None:
        values: dict[str, Any] = {}
        if case.channel != "agent":  # the owner picks the ticket up from the queue
            values |= {
                "owner_id": case.owner.id,
                "assigned_group_id": case.desk.group_id,
                "tags": case.tags,
            }
        if case.channel == "portal":  # customers cannot set the source; the agent records it
            values["source_id"] = self.ids["source"][data.PORTAL_SOURCE]
        if self.rng.random() < 0.2:
            values["priority_id"] = self._priority()
        self._status(case, "Open", **values)

    def _reply(self, case: _Case) -> None:
        self._comment(case, case.owner, data.AGENT_REPLIES)

    def _customer(self, case: _Case) -> None:
        self._comment(case, case.requester, data.CUSTOMER_REPLIES)

    def _note(self, case: _Case) -> None:
        self._comment(case, case.owner, data.INTERNAL_NOTES, note=True)

    def _time(self, case: _Case) -> None:
        minutes = self.rng.choice((15, 30, 45, 60, 90, 120))
        cmd = TimeEntryCreate(
            duration_seconds=minutes * 60, started_at=utcnow() - timedelta(minutes=minutes),
            is_billable=case.desk.name == "Billing" or self.rng.random() < 0.3,
            description=self.rng.choice(data.WORK_DESCRIPTIONS),
        )  # fmt: skip
        log_time(self.session, case.owner.actor, case.ticket_id, cmd)
        self.stats["time_entries"] += 1

    def _progress(self, case: _Case) -> None:
        desk, values = case.desk, dict[str, Any]()
        new_owner = None
        if desk.levels > 1 and self.rng.random() < 0.25:  # escalate to the second level
            values["level"] = 2
            if desk.escalation_group_id is not None:
                values["assigned_group_id"] = desk.escalation_group_id
        elif len(desk.agents) > 1 and self.rng.random() < 0.15:  # hand over to a colleague
            new_owner = self.rng.choice([a for a in desk.agents if a is not case.owner])
            values["owner_id"] = new_owner.id
        self._status(case, "In progress", **values)
        case.owner = new_owner or case.owner

    def _wait(self, case: _Case) -> None:
        self._comment(case, case.owner, data.AGENT_QUESTIONS)
        self._status(case, case.target)

    def _solve(self, case: _Case) -> None:
        solution = self._comment(case, case.owner, data.SOLUTIONS, solution=True)
        self._status(case, "Resolved", resolution_note=solution)

    def _thanks(self, case: _Case) -> None:
        self._comment(case, case.requester, data.CUSTOMER_THANKS)
        case.thanked = True

    def _close(self, case: _Case) -> None:
        reason = "Solution accepted" if case.thanked else "Fixed"
        self._status(case, "Closed", close_reason_id=self.ids["close_reason"][reason])

    def _reopen(self, case: _Case) -> None:
        self._comment(case, case.requester, data.CUSTOMER_REOPENS)
        self._status(case, "Reopened")

    def _cancel(self, case: _Case) -> None:
        self._comment(case, case.requester, data.CUSTOMER_CANCELS)
        self._status(case, "Cancelled", close_reason_id=self.ids["close_reason"]["Duplicate"])


def _trim(plan: list[str], most: int) -> list[str]:
    """Drop optional comments, latest first, until the story has at most ``most`` comments."""
    excess = sum(step in _COMMENT_STEPS for step in plan) - most
    kept: list[str] = []
    for step in reversed(plan):
        if excess > 0 and step in _OPTIONAL_COMMENTS:
            excess -= 1
            continue
        kept.append(step)
    return kept[::-1]
