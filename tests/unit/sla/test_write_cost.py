"""What the SLA clock costs the write path: with nothing configured, one small query when a
ticket is created (the enabled rules) and nothing on updates, replies and status changes; on a
business calendar, at most one more (the calendar's row, for its revision) once the process
has built it."""

from __future__ import annotations

import re

from sqlalchemy.orm import Session

from polydesk.comments.schemas import CommentCreate
from polydesk.comments.service import add_comment
from polydesk.core.actor import SYSTEM
from polydesk.core.clock import utcnow
from polydesk.helpdesks.calendars import (
    CalendarCreate,
    CalendarUpdate,
    Span,
    create_calendar,
    update_calendar,
)
from polydesk.models.catalogs import StatusCategory
from polydesk.tickets.lifecycle import status_for
from polydesk.tickets.schemas import TicketUpdate
from polydesk.tickets.service import update_ticket
from polydesk.tickets.transition import move_ticket
from tests.factories import make_helpdesk, make_ticket
from tests.queries import sql_statements
from tests.unit.sla.conftest import T0, SlaWorld, make_sla

SLA_TABLES = re.compile(r"\b(sla_rules|slas|business_calendar\w*|ticket_sla_marks)\b")


def _sla_statements(seen: list[str]) -> list[str]:
    return [s for s in seen if SLA_TABLES.search(s) and not s.lstrip().startswith("INSERT")]


def test_nothing_configured_costs_one_query_at_creation_only(session: Session) -> None:
    desk = make_helpdesk(session)
    with sql_statements(session.get_bind()) as seen:
        ticket = make_ticket(session, helpdesk_id=desk.id, title="Printer")
    assert len(_sla_statements(seen)) == 1 and "sla_rules" in _sla_statements(seen)[0]
    with sql_statements(session.get_bind()) as seen:
        update_ticket(session, SYSTEM, ticket.id, TicketUpdate(title="Printer jammed"))
        add_comment(session, SYSTEM, ticket.id, CommentCreate(body="Looking"))
        waiting = status_for(session, StatusCategory.WAITING)
        move_ticket(session, SYSTEM, ticket, waiting, utcnow())
        opened = status_for(session, StatusCategory.OPEN)
        move_ticket(session, SYSTEM, ticket, opened, utcnow())
    assert _sla_statements(seen) == []


def test_an_agent_reply_on_an_sla_ticket_reads_nothing_more(sla_world: SlaWorld) -> None:
    ticket = sla_world.ticket()
    session = sla_world.session
    with sql_statements(session.get_bind()) as seen:
        add_comment(session, sla_world.agent_actor, ticket.id, CommentCreate(body="On it"))
    assert _sla_statements(seen) == []  # the SLA row comes from the session's identity map


def test_a_built_calendar_is_reused_until_it_changes(sla_world: SlaWorld) -> None:
    session = sla_world.session
    nine_to_six = [Span(weekday=d, start_minute=540, end_minute=1080) for d in range(5)]
    office = CalendarCreate(name="Office", time_zone="Europe/Madrid", hours=nine_to_six)
    calendar = create_calendar(session, SYSTEM, office)
    sla = make_sla(session, "Office", business_hours_only=True, calendar_id=calendar.id)
    desk = make_helpdesk(session)
    desk.sla_id = sla.id
    friday = T0.replace(day=6, hour=16, minute=30)  # 17:30 in Madrid: 30 minutes left
    sla_world.ticket(at=friday, helpdesk_id=desk.id)  # builds the calendar
    with sql_statements(session.get_bind()) as seen:
        second = sla_world.ticket(at=friday, helpdesk_id=desk.id)
    assert not [s for s in seen if re.search(r"business_calendar_(hours|holidays)", s)]
    assert second.first_response_due_at == T0.replace(day=9, hour=8, minute=30)
    # Fridays now end at 17:00 local: the next ticket's hour starts on Monday at 09:00.
    shorter = [*nine_to_six[:4], Span(weekday=4, start_minute=540, end_minute=1020)]
    update_calendar(session, SYSTEM, calendar.id, CalendarUpdate(hours=shorter))
    third = sla_world.ticket(at=friday, helpdesk_id=desk.id)
    assert third.first_response_due_at == T0.replace(day=9, hour=9, minute=0)
