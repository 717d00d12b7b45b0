"""Demo loader: what it writes matches its summary, looks like a living desk, loads once."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from polydesk.authz.actors import actor_for
from polydesk.core.actor import SYSTEM, Role
from polydesk.core.clock import frozen, utcnow
from polydesk.core.errors import Conflict
from polydesk.core.pagination import PageRequest
from polydesk.demo.loader import DAYS, SETTING, load_demo
from polydesk.models.catalogs import Status
from polydesk.models.comments import Comment
from polydesk.models.history import EventKind, HistoryEvent
from polydesk.models.tickets import Ticket
from polydesk.models.timetracking import TimeEntry
from polydesk.models.users import User
from polydesk.settings.service import get_setting
from polydesk.tickets.schemas import TicketFilter
from polydesk.tickets.service import list_tickets
from polydesk.users.service import authenticate
from tests.factories import make_ticket, make_user

PAGE = PageRequest(limit=100, with_total=True)


def _count(session: Session, model: type[Any]) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def _counts(session: Session) -> dict[str, int]:
    models = {"tickets": Ticket, "comments": Comment, "time_entries": TimeEntry,
              "users": User, "history_events": HistoryEvent}  # fmt: skip
    return {name: _count(session, model) for name, model in models.items()}


def test_rows_match_the_summary(session: Session) -> None:
    summary = load_demo(session, tickets=15)

    assert summary["status"] == "loaded"
    assert _counts(session) == {key: summary[key] for key in _counts(session)}
    assert summary["tickets"] == 15
    assert summary["comments"] >= 15
    assert summary["time_entries"] > 0
    assert summary["history_events"] > 4 * summary["tickets"]
    roles = Counter(session.scalars(select(User.role)))
    assert roles == {Role.AGENT: summary["agents"], Role.CUSTOMER: summary["customers"]}
    assert summary["agents"] == 10 and summary["customers"] == 40
    assert summary["logins"] == {"agent": "agent", "customer": "customer"}
    assert get_setting(session, SETTING) is not None


def test_tickets_look_like_a_living_desk(session: Session) -> None:
    summary = load_demo(session, tickets=15)

    by_status = session.execute(
        select(Status.name, func.count())
        .join(Ticket, Ticket.status_id == Status.id)
        .group_by(Status.name)
    ).all()
    assert dict(by_status) == summary["statuses"]
    assert len(summary["statuses"]) >= 3
    kinds = set(session.scalars(select(HistoryEvent.kind)))
    assert {EventKind.CREATED, EventKind.STATUS_CHANGED, EventKind.OWNER_CHANGED,
            EventKind.COMMENT_ADDED, EventKind.TIME_LOGGED} <= kinds  # fmt: skip
    internal = session.scalar(select(func.count()).where(Comment.is_public.is_(False)))
    assert internal and internal < summary["comments"]
    assert len(set(session.scalars(select(Ticket.helpdesk_id)))) >= 3
    assert len(set(session.scalars(select(Ticket.priority_id)))) >= 2
    per_ticket = Counter(session.scalars(select(Comment.ticket_id)))
    assert max(per_ticket.values()) <= 4


def test_tickets_are_backdated_over_the_window_with_ordered_histories(session: Session) -> None:
    now = utcnow()
    load_demo(session, tickets=15)

    tickets = session.scalars(select(Ticket).order_by(Ticket.id)).all()
    created = [ticket.created_at for ticket in tickets]
    assert created == sorted(created)
    assert now - timedelta(days=DAYS) <= created[0] and created[-1] <= now
    assert created[-1] - created[0] > timedelta(days=30)
    assert len({ticket.number for ticket in tickets}) == len(tickets)
    assert all(t.number.startswith(t.created_at.strftime("%Y%m%d")) for t in tickets)
    for ticket in tickets:
        stamps = list(
            session.scalars(
                select(HistoryEvent.created_at)
                .where(HistoryEvent.ticket_id == ticket.id)
                .order_by(HistoryEvent.id)
            )
        )
        assert stamps[0] == ticket.created_at
        assert stamps == sorted(stamps) and stamps[-1] == ticket.updated_at <= now


def test_demo_logins_work_and_see_tickets(session: Session) -> None:
    load_demo(session, tickets=15)

    customer = authenticate(session, "customer", "customer")
    agent = authenticate(session, "agent", "agent")
    assert customer is not None and customer.role is Role.CUSTOMER
    assert agent is not None and agent.role is Role.AGENT
    others = session.scalars(select(User).where(User.login.not_in(["agent", "customer"])))
    assert all(user.password_hash is None for user in others)
    mine = list_tickets(session, actor_for(session, customer), TicketFilter(), PAGE)
    assert mine.total and mine.total >= 1
    assert any(t.requester_id == customer.id for t in mine.items)
    assert all(t.company_id == customer.company_id for t in mine.items)
    agent_actor = actor_for(session, agent)
    desk = list_tickets(session, agent_actor, TicketFilter(), PAGE)
    assert desk.total and desk.total >= 1
    assert all(t.helpdesk_id in agent_actor.helpdesk_ids for t in desk.items)


def test_tickets_are_in_the_search_index(session: Session) -> None:
    load_demo(session, tickets=15)

    ticket = session.scalars(select(Ticket).order_by(Ticket.id)).first()
    assert ticket is not None
    found = list_tickets(session, SYSTEM, TicketFilter(query=ticket.title), PAGE)
    assert ticket.id in {t.id for t in found.items}


def test_second_load_changes_nothing(session: Session) -> None:
    load_demo(session, tickets=5)
    before = _counts(session)

    assert load_demo(session, tickets=5) == {"status": "already loaded"}
    assert _counts(session) == before


def test_never_backdates_before_an_existing_ticket(session: Session) -> None:
    with frozen(utcnow() - timedelta(days=2)):
        existing = make_ticket(session, title="Real ticket")

    load_demo(session, tickets=10)

    demo = session.scalars(select(Ticket).where(Ticket.id != existing.id)).all()
    assert len(demo) == 10
    assert all(ticket.created_at >= existing.created_at for ticket in demo)
    numbers = session.scalars(select(Ticket.number)).all()
    assert len(set(numbers)) == 11


def test_a_taken_login_fails_without_marking_the_demo_loaded(session: Session) -> None:
    make_user(session, login="agent")

    with pytest.raises(Conflict) as raised:
        load_demo(session, tickets=5)
    assert raised.value.code == "user.login_taken"
    assert get_setting(session, SETTING) is None
