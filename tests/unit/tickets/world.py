"""A small help desk for the life-cycle tests: one desk, an agent in it, a customer, and a
ticket the customer opened there."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from polydesk.core.actor import Actor, Role
from polydesk.models.catalogs import Status
from polydesk.models.helpdesks import Helpdesk
from polydesk.models.history import EventKind, HistoryEvent
from polydesk.models.tickets import Ticket
from polydesk.models.users import User
from tests.factories import actor, make_helpdesk, make_ticket, make_user

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@dataclass
class World:
    session: Session
    desk: Helpdesk
    agent: User
    customer: User
    ticket: Ticket

    @property
    def agent_actor(self) -> Actor:
        return actor(self.session, self.agent)

    @property
    def customer_actor(self) -> Actor:
        return actor(self.session, self.customer)

    def status(self, ticket: Ticket | None = None) -> Status:
        return self.session.get_one(Status, (ticket or self.ticket).status_id)

    def new_ticket(self, **fields: object) -> Ticket:
        fields.setdefault("helpdesk_id", self.desk.id)
        return make_ticket(self.session, as_user=self.customer, **fields)

    def events(self, ticket: Ticket | None = None) -> list[HistoryEvent]:
        query = select(HistoryEvent).where(HistoryEvent.ticket_id == (ticket or self.ticket).id)
        return list(self.session.scalars(query.order_by(HistoryEvent.id)))

    def kinds(self, ticket: Ticket | None = None) -> list[EventKind]:
        return [event.kind for event in self.events(ticket)]


def make_world(session: Session) -> World:
    desk = make_helpdesk(session)
    agent = make_user(session, helpdesks=[desk])
    customer = make_user(session, Role.CUSTOMER)
    ticket = make_ticket(
        session,
        as_user=customer,
        title="VPN drops every hour",
        description="The VPN disconnects every hour.",
        helpdesk_id=desk.id,
    )
    return World(session, desk, agent, customer, ticket)
