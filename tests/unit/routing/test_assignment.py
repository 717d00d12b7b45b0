"""The assignment engine: round robin's turns, least loaded, free and manual, who is a
candidate (write members at the level, enabled, not out of office), the help desk's default
owner, and the engine on reassignment."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from polydesk.core.actor import SYSTEM, Role
from polydesk.core.clock import frozen
from polydesk.helpdesks.service import (
    HelpdeskCreate,
    HelpdeskUpdate,
    create_helpdesk,
    update_helpdesk,
)
from polydesk.models.catalogs import StatusCategory
from polydesk.models.helpdesks import AssignmentEngine, Helpdesk
from polydesk.models.users import User
from polydesk.tickets.lifecycle import status_for
from polydesk.tickets.reassign import reassign_ticket
from polydesk.users.service import add_helpdesk_membership, set_out_of_office
from tests.factories import make_helpdesk, make_ticket, make_user

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


def _desk(session: Session, engine: AssignmentEngine, levels: int = 1) -> Helpdesk:
    names = [f"L{n}" for n in range(1, levels + 1)]
    desk = create_helpdesk(
        session, SYSTEM, HelpdeskCreate(name=f"{engine} {id(names)}", levels=names)
    )
    update_helpdesk(session, SYSTEM, desk.id, HelpdeskUpdate(assignment_engine=engine))
    return desk


def _agents(session: Session, desk: Helpdesk, count: int) -> list[User]:
    return [make_user(session, helpdesks=[desk]) for _ in range(count)]


def _owners(session: Session, desk: Helpdesk, count: int, **fields: Any) -> list[int | None]:
    with frozen(NOW):
        return [make_ticket(session, helpdesk_id=desk.id, **fields).owner_id for _ in range(count)]


def test_round_robin_takes_turns_in_id_order_and_wraps(session: Session) -> None:
    desk = _desk(session, AssignmentEngine.ROUND_ROBIN)
    a, b, c = _agents(session, desk, 3)
    assert _owners(session, desk, 7) == [a.id, b.id, c.id, a.id, b.id, c.id, a.id]


def test_round_robin_turns_are_per_level(session: Session) -> None:
    desk = _desk(session, AssignmentEngine.ROUND_ROBIN, levels=2)
    first = _agents(session, desk, 2)
    second = _agents(session, desk, 2)
    for user in second:
        add_helpdesk_membership(session, SYSTEM, user_id=user.id, helpdesk_id=desk.id, level=2)
    assert _owners(session, desk, 3) == [first[0].id, first[1].id, first[0].id]
    assert _owners(session, desk, 3, level=2) == [second[0].id, second[1].id, second[0].id]


def test_a_given_owner_is_kept_and_does_not_take_a_turn(session: Session) -> None:
    desk = _desk(session, AssignmentEngine.ROUND_ROBIN)
    a, b = _agents(session, desk, 2)
    assert _owners(session, desk, 1, owner_id=b.id) == [b.id]
    assert _owners(session, desk, 2) == [a.id, b.id]


def test_least_loaded_picks_the_fewest_open_tickets(session: Session) -> None:
    desk = _desk(session, AssignmentEngine.LEAST_LOADED)
    a, b, c = _agents(session, desk, 3)
    other = make_helpdesk(session)
    for owner, count in ((a, 2), (b, 1), (c, 3)):
        for _ in range(count):
            make_ticket(session, helpdesk_id=other.id, owner_id=owner.id)
    closed = status_for(session, StatusCategory.CLOSED, "Closed")
    for _ in range(3):  # closed tickets are no load
        make_ticket(session, helpdesk_id=other.id, owner_id=c.id, status_id=closed.id)
    # b (1 open); a and b tie at 2: a was never assigned by the engine, b just was; b (2);
    # all tie at 3: c was never assigned by the engine.
    assert _owners(session, desk, 4) == [b.id, a.id, b.id, c.id]


def test_least_loaded_ties_go_to_the_longest_idle_then_the_lowest_id(session: Session) -> None:
    desk = _desk(session, AssignmentEngine.LEAST_LOADED)
    a, b = _agents(session, desk, 2)
    assert _owners(session, desk, 1) == [a.id]  # both idle, never assigned: lowest id
    closed = status_for(session, StatusCategory.CLOSED, "Closed")
    with frozen(NOW + timedelta(minutes=5)):
        make_ticket(session, helpdesk_id=desk.id, owner_id=a.id, status_id=closed.id)
        ticket = make_ticket(session, helpdesk_id=desk.id)
    assert ticket.owner_id == b.id  # a holds 1 open ticket


def test_free_and_manual_desks_assign_nobody(session: Session) -> None:
    for engine in (AssignmentEngine.FREE, AssignmentEngine.MANUAL):
        desk = _desk(session, engine)
        _agents(session, desk, 2)
        assert _owners(session, desk, 2) == [None, None]


def test_out_of_office_disabled_read_only_and_other_level_members_are_skipped(
    session: Session,
) -> None:
    desk = _desk(session, AssignmentEngine.ROUND_ROBIN, levels=2)
    away, returned, disabled, reader, upstairs, ok = _agents(session, desk, 6)
    set_out_of_office(session, SYSTEM, away.id, enabled=True, start=date(2026, 3, 9), end=None)
    # Back since yesterday: the window's end day (9 March) is over.
    set_out_of_office(
        session, SYSTEM, returned.id, enabled=True, start=date(2026, 3, 1), end=date(2026, 3, 9)
    )
    disabled.is_enabled = False
    add_helpdesk_membership(session, SYSTEM, user_id=reader.id, helpdesk_id=desk.id, writable=False)
    add_helpdesk_membership(session, SYSTEM, user_id=upstairs.id, helpdesk_id=desk.id, level=2)
    assert _owners(session, desk, 3) == [returned.id, ok.id, returned.id]


def test_an_agent_out_of_office_on_their_last_day_is_skipped(session: Session) -> None:
    desk = _desk(session, AssignmentEngine.ROUND_ROBIN)
    last_day, ok = _agents(session, desk, 2)
    set_out_of_office(
        session, SYSTEM, last_day.id, enabled=True, start=date(2026, 3, 1), end=date(2026, 3, 10)
    )
    assert _owners(session, desk, 2) == [ok.id, ok.id]


def test_no_candidate_leaves_the_ticket_unassigned(session: Session) -> None:
    desk = _desk(session, AssignmentEngine.LEAST_LOADED)
    (only,) = _agents(session, desk, 1)
    only.is_enabled = False
    assert _owners(session, desk, 1) == [None]


def test_admins_are_candidates_and_customers_cannot_be(session: Session) -> None:
    desk = _desk(session, AssignmentEngine.ROUND_ROBIN)
    admin = make_user(session, Role.ADMIN, helpdesks=[desk])
    assert _owners(session, desk, 1) == [admin.id]


def test_the_default_owner_takes_new_tickets_before_the_engine(session: Session) -> None:
    desk = _desk(session, AssignmentEngine.ROUND_ROBIN)
    a, _b = _agents(session, desk, 2)
    boss = make_user(session)  # need not be a member (Integria's default user is often admin)
    update_helpdesk(session, SYSTEM, desk.id, HelpdeskUpdate(default_owner_id=boss.id))
    assert _owners(session, desk, 2) == [boss.id, boss.id]
    set_out_of_office(session, SYSTEM, boss.id, enabled=True, start=date(2026, 3, 1), end=None)
    assert _owners(session, desk, 1) == [a.id]  # away: the engine runs
    update_helpdesk(session, SYSTEM, desk.id, HelpdeskUpdate(default_owner_id=None))
    assert desk.default_owner_id is None


def test_the_default_owner_also_serves_a_manual_desk(session: Session) -> None:
    desk = make_helpdesk(session)
    boss = make_user(session)
    update_helpdesk(session, SYSTEM, desk.id, HelpdeskUpdate(default_owner_id=boss.id))
    assert _owners(session, desk, 1) == [boss.id]


def test_reassigning_to_another_desk_without_an_agent_runs_its_engine(session: Session) -> None:
    source = make_helpdesk(session)
    target = _desk(session, AssignmentEngine.ROUND_ROBIN, levels=2)
    a, b = _agents(session, target, 2)
    add_helpdesk_membership(session, SYSTEM, user_id=b.id, helpdesk_id=target.id, level=2)
    ticket = make_ticket(session, helpdesk_id=source.id)
    with frozen(NOW):
        reassign_ticket(session, SYSTEM, ticket.id, helpdesk_id=target.id)
    assert (ticket.helpdesk_id, ticket.level, ticket.owner_id) == (target.id, 1, a.id)
    with frozen(NOW):
        reassign_ticket(session, SYSTEM, ticket.id, helpdesk_id=target.id, level=2)
    assert (ticket.level, ticket.owner_id) == (2, b.id)
    manual = make_helpdesk(session)
    reassign_ticket(session, SYSTEM, ticket.id, helpdesk_id=manual.id)
    assert ticket.owner_id is None  # a manual desk: the ticket waits in its queue
