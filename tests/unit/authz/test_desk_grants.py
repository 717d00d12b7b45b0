"""What a help desk membership grants an agent (``authz.tickets``): the ticket scope (``own``:
only the desk's unowned tickets, ReadyDesk's ``viewable_tickets=OWN``) and a desk's source list
(only its tickets of those sources). The SQL clause and its twin for a loaded ticket agree, and
an agent changes only tickets it reads."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from polydesk.authz.actors import actor_for
from polydesk.authz.tickets import can_change, can_contribute, desk_grants, readable_tickets
from polydesk.core.actor import SYSTEM, Actor, Role, TicketScope
from polydesk.helpdesks.service import HelpdeskUpdate, update_helpdesk
from polydesk.models.catalogs import Source
from polydesk.models.helpdesks import Helpdesk
from polydesk.models.tickets import ParticipantRole, Ticket
from polydesk.models.users import User
from polydesk.tickets.participants import add_participants
from polydesk.users.schemas import UserUpdate
from polydesk.users.service import update_user
from tests.factories import make_helpdesk, make_ticket, make_user
from tests.queries import sql_statements


@dataclass
class Desks:
    session: Session
    open_desk: Helpdesk  # every source
    phone_desk: Helpdesk  # phone tickets only
    other_desk: Helpdesk  # the agent is no member
    agent: User
    colleague: User
    phone: Source
    mail: Source

    def actor(self) -> Actor:
        self.session.expire(self.agent)
        return actor_for(self.session, self.session.get_one(User, self.agent.id))

    def ticket(self, desk: Helpdesk, **fields: object) -> Ticket:
        return make_ticket(self.session, helpdesk_id=desk.id, **fields)

    def readable(self, who: Actor | None = None) -> set[int]:
        query = select(Ticket.id).where(readable_tickets(who or self.actor()))
        return set(self.session.scalars(query))

    def scope(self, scope: TicketScope) -> None:
        update_user(self.session, SYSTEM, self.agent.id, UserUpdate(ticket_scope=scope))


@pytest.fixture
def desks(session: Session) -> Desks:
    phone, mail = Source(name="Phone test", position=901), Source(name="Mail test", position=902)
    session.add_all([phone, mail])
    session.flush()
    open_desk, phone_desk, other_desk = (make_helpdesk(session) for _ in range(3))
    update_helpdesk(session, SYSTEM, phone_desk.id, HelpdeskUpdate(source_ids=[phone.id]))
    agent = make_user(session, helpdesks=[open_desk, phone_desk])
    colleague = make_user(session, helpdesks=[open_desk, phone_desk])
    return Desks(session, open_desk, phone_desk, other_desk, agent, colleague, phone, mail)


def test_a_desk_with_sources_grants_only_its_tickets_of_those_sources(desks: Desks) -> None:
    by_phone = desks.ticket(desks.phone_desk, source_id=desks.phone.id)
    by_mail = desks.ticket(desks.phone_desk, source_id=desks.mail.id)
    no_source = desks.ticket(desks.phone_desk)
    open_mail = desks.ticket(desks.open_desk, source_id=desks.mail.id)
    elsewhere = desks.ticket(desks.other_desk, source_id=desks.phone.id)

    seen = desks.readable()

    assert by_phone.id in seen and open_mail.id in seen
    assert not {by_mail.id, no_source.id, elsewhere.id} & seen


def test_an_empty_source_list_grants_every_source_again(desks: Desks) -> None:
    by_mail = desks.ticket(desks.phone_desk, source_id=desks.mail.id)
    assert by_mail.id not in desks.readable()

    update_helpdesk(desks.session, SYSTEM, desks.phone_desk.id, HelpdeskUpdate(source_ids=[]))

    assert by_mail.id in desks.readable()


def test_an_own_agent_reads_its_desks_unowned_tickets_and_its_own(desks: Desks) -> None:
    unowned = desks.ticket(desks.open_desk)
    mine = desks.ticket(desks.open_desk, owner_id=desks.agent.id)
    theirs = desks.ticket(desks.open_desk, owner_id=desks.colleague.id)
    assert {unowned.id, mine.id, theirs.id} <= desks.readable()  # the default: the whole desk

    desks.scope(TicketScope.OWN)

    seen = desks.readable()
    assert {unowned.id, mine.id} <= seen
    assert theirs.id not in seen


def test_own_and_sources_narrow_together(desks: Desks) -> None:
    desks.scope(TicketScope.OWN)
    unowned_phone = desks.ticket(desks.phone_desk, source_id=desks.phone.id)
    unowned_mail = desks.ticket(desks.phone_desk, source_id=desks.mail.id)
    theirs_phone = desks.ticket(
        desks.phone_desk, source_id=desks.phone.id, owner_id=desks.colleague.id
    )

    seen = desks.readable()

    assert unowned_phone.id in seen
    assert not {unowned_mail.id, theirs_phone.id} & seen


def test_what_an_agent_is_part_of_stays_visible_whatever_the_narrowing(desks: Desks) -> None:
    desks.scope(TicketScope.OWN)
    agent = desks.agent
    responsible = desks.ticket(
        desks.phone_desk, source_id=desks.mail.id, owner_id=desks.colleague.id,
        responsible_id=agent.id,
    )  # fmt: skip
    requested = desks.ticket(
        desks.phone_desk, source_id=desks.mail.id, owner_id=desks.colleague.id,
        requester_id=agent.id,
    )  # fmt: skip
    created = make_ticket(desks.session, as_user=agent, helpdesk_id=desks.open_desk.id)
    created.owner_id = desks.colleague.id
    followed = desks.ticket(desks.other_desk, owner_id=desks.colleague.id)
    add_participants(desks.session, SYSTEM, followed.id, ParticipantRole.OBSERVER, [agent.id])
    desks.session.flush()

    assert {responsible.id, requested.id, created.id, followed.id} <= desks.readable()


def test_admins_and_customers_are_not_narrowed(desks: Desks) -> None:
    theirs = desks.ticket(desks.phone_desk, source_id=desks.mail.id, owner_id=desks.colleague.id)
    admin = make_user(desks.session, Role.ADMIN)
    update_user(desks.session, SYSTEM, admin.id, UserUpdate(ticket_scope=TicketScope.OWN))

    assert theirs.id in desks.readable(actor_for(desks.session, admin))


def test_the_loaded_ticket_twin_agrees_with_the_clause(desks: Desks) -> None:
    tickets = [
        desks.ticket(desk, source_id=source, owner_id=owner)
        for desk in (desks.open_desk, desks.phone_desk, desks.other_desk)
        for source in (None, desks.phone.id, desks.mail.id)
        for owner in (None, desks.colleague.id)
    ]
    for scope in TicketScope:
        desks.scope(scope)
        who = desks.actor()
        granted = set(
            desks.session.scalars(
                select(Ticket.id).where(
                    Ticket.id.in_([t.id for t in tickets]), readable_tickets(who)
                )
            )
        )
        assert {t.id for t in tickets if desk_grants(who, t)} == granted, scope


def test_an_agent_changes_only_the_desk_tickets_it_reads(desks: Desks) -> None:
    desks.scope(TicketScope.OWN)
    theirs = desks.ticket(desks.open_desk, owner_id=desks.colleague.id)
    wrong_source = desks.ticket(desks.phone_desk, source_id=desks.mail.id)
    unowned = desks.ticket(desks.open_desk)
    who = desks.actor()

    assert (can_change(who, theirs), can_contribute(who, theirs)) == (False, False)
    assert (can_change(who, wrong_source), can_contribute(who, wrong_source)) == (False, False)
    assert (can_change(who, unowned), can_contribute(who, unowned)) == (True, True)


def test_the_actor_is_built_in_one_query(desks: Desks) -> None:
    user = desks.session.get_one(User, desks.agent.id)
    with sql_statements(desks.session.connection()) as seen:
        built = actor_for(desks.session, user)

    assert len(seen) == 1
    assert built.helpdesk_ids == {desks.open_desk.id, desks.phone_desk.id}
    assert built.helpdesk_sources == ((desks.phone_desk.id, (desks.phone.id,)),)
