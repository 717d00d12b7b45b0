"""An SLA world: a help desk (two levels) holding its tickets to an SLA, an agent, a customer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from polydesk.core.actor import SYSTEM, Actor, Role
from polydesk.core.clock import frozen
from polydesk.helpdesks.service import HelpdeskCreate, create_helpdesk
from polydesk.helpdesks.slas import SlaCreate, create_sla
from polydesk.models.catalogs import Status
from polydesk.models.helpdesks import Helpdesk, Sla
from polydesk.models.sla import TicketSlaMark
from polydesk.models.tickets import Ticket
from polydesk.models.users import User
from tests.factories import actor, make_ticket, make_user

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday


def minutes(n: float) -> datetime:
    return T0 + timedelta(minutes=n)


@dataclass
class SlaWorld:
    session: Session
    sla: Sla
    desk: Helpdesk
    agent: User
    customer: User

    @property
    def agent_actor(self) -> Actor:
        return actor(self.session, self.agent)

    @property
    def customer_actor(self) -> Actor:
        return actor(self.session, self.customer)

    def ticket(self, at: datetime = T0, **fields: Any) -> Ticket:
        fields.setdefault("helpdesk_id", self.desk.id)
        with frozen(at):
            return make_ticket(self.session, as_user=self.customer, **fields)

    def status(self, ticket: Ticket) -> Status:
        return self.session.get_one(Status, ticket.status_id)

    def marks(self, ticket: Ticket) -> list[tuple[str, str]]:
        query = select(TicketSlaMark).where(TicketSlaMark.ticket_id == ticket.id)
        return sorted((m.target.value, m.kind.value) for m in self.session.scalars(query))


def make_sla(session: Session, name: str = "Standard", **fields: Any) -> Sla:
    fields.setdefault("first_response_minutes", 60)
    fields.setdefault("update_minutes", 240)
    fields.setdefault("resolution_minutes", 480)
    return create_sla(session, SYSTEM, SlaCreate(name=name, **fields))


@pytest.fixture
def sla_world(session: Session) -> SlaWorld:
    return build_sla_world(session)


def build_sla_world(session: Session) -> SlaWorld:
    sla = make_sla(session, warning_percent=50, escalate_to_next_level=True)
    desk = create_helpdesk(
        session,
        SYSTEM,
        HelpdeskCreate(name="Service desk", sla_id=sla.id, levels=["Front", "Specialists"]),
    )
    agent = make_user(session, helpdesks=[desk])
    customer = make_user(session, Role.CUSTOMER)
    return SlaWorld(session, sla, desk, agent, customer)
