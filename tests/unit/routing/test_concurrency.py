"""Concurrent creates under round robin and least loaded, each on its own thread and session
(a barrier lines them up): every ticket gets an agent, in turn, none twice out of turn, and no
assignment is lost. Runs on SQLite by default and on PostgreSQL with
POLYDESK_TEST_DATABASE_URL (FOR UPDATE on the queue's turn row)."""

from __future__ import annotations

import threading
from collections import Counter

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from polydesk.core.actor import SYSTEM
from polydesk.db.engine import make_session_factory
from polydesk.db.uow import unit_of_work
from polydesk.helpdesks.service import HelpdeskCreate, create_helpdesk
from polydesk.models.helpdesks import AssignmentEngine
from polydesk.models.routing import AssignmentTurn
from polydesk.models.tickets import Ticket
from polydesk.routing.rules import RoutingRuleCreate, create_routing_rule
from polydesk.tickets.schemas import TicketCreate
from polydesk.tickets.service import create_ticket
from tests.factories import make_user


def _setup(factory: sessionmaker[Session], engine: AssignmentEngine, agents: int) -> list[int]:
    """A desk with this engine that every new ticket is routed to; its agents' ids."""
    with unit_of_work(factory) as session:
        desk = create_helpdesk(
            session, SYSTEM, HelpdeskCreate(name="Race desk", assignment_engine=engine)
        )
        create_routing_rule(session, SYSTEM, RoutingRuleCreate(name="all", helpdesk_id=desk.id))
        return [make_user(session, helpdesks=[desk]).id for _ in range(agents)]


def _create_at_once(factory: sessionmaker[Session], count: int) -> list[BaseException]:
    errors: list[BaseException] = []
    start = threading.Barrier(count)

    def create(n: int) -> None:
        try:
            start.wait()
            with unit_of_work(factory) as session:
                create_ticket(session, SYSTEM, TicketCreate(title=f"race {n}"))
        except BaseException as error:  # reported to the test
            errors.append(error)

    threads = [threading.Thread(target=create, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def _owners(factory: sessionmaker[Session]) -> list[int | None]:
    with factory() as session:
        return list(session.scalars(select(Ticket.owner_id).order_by(Ticket.id)))


def test_concurrent_round_robin_creates_take_turns(clean_engine: Engine) -> None:
    factory = make_session_factory(clean_engine)
    agents = _setup(factory, AssignmentEngine.ROUND_ROBIN, 3)
    for _ in range(2):  # two rounds of three at once: each agent once per round
        assert _create_at_once(factory, 3) == []
    owners = _owners(factory)
    assert len(owners) == 6 and None not in owners
    assert Counter(owners) == {agent: 2 for agent in agents}
    # Committed in turn order: the ticket committed n-th went to agent n mod 3.
    assert owners == agents * 2
    with factory() as session:
        turn = session.scalars(select(AssignmentTurn)).one()
        assert turn.last_user_id == agents[-1]


def test_two_concurrent_round_robin_creates_go_to_two_agents(clean_engine: Engine) -> None:
    factory = make_session_factory(clean_engine)
    first, second = _setup(factory, AssignmentEngine.ROUND_ROBIN, 2)
    assert _create_at_once(factory, 2) == []
    assert _owners(factory) == [first, second]


def test_concurrent_least_loaded_creates_spread_the_load(clean_engine: Engine) -> None:
    factory = make_session_factory(clean_engine)
    agents = _setup(factory, AssignmentEngine.LEAST_LOADED, 3)
    assert _create_at_once(factory, 6) == []
    assert Counter(_owners(factory)) == {agent: 2 for agent in agents}
