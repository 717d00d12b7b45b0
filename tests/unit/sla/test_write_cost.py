"""What the SLA clock costs the write path: with nothing configured, one small query when a
ticket is created (the enabled rules) and nothing on updates, replies and status changes."""

from __future__ import annotations

import re

from sqlalchemy.orm import Session

from polydesk.comments.schemas import CommentCreate
from polydesk.comments.service import add_comment
from polydesk.core.actor import SYSTEM
from polydesk.core.clock import utcnow
from polydesk.models.catalogs import StatusCategory
from polydesk.tickets.lifecycle import status_for
from polydesk.tickets.schemas import TicketUpdate
from polydesk.tickets.service import update_ticket
from polydesk.tickets.transition import move_ticket
from tests.factories import make_helpdesk, make_ticket
from tests.queries import sql_statements
from tests.unit.sla.conftest import SlaWorld

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
