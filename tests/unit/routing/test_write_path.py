"""What routing and assignment add to a ticket create when they have nothing to do, measured
against the same create with the routing step switched off: no statement for a ticket created
in a manual or free desk without a default owner, one (the enabled rules) for a ticket created
without a desk when no rule matches, one (the candidates and the turn together) under round
robin."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.orm import Session

from polydesk.core.actor import SYSTEM
from polydesk.helpdesks.service import HelpdeskUpdate, update_helpdesk
from polydesk.models.helpdesks import AssignmentEngine
from polydesk.tickets import service as tickets
from polydesk.tickets.schemas import TicketCreate
from tests.factories import make_helpdesk, make_ticket, make_user
from tests.queries import sql_statements


def _statements(session: Session, **fields: Any) -> list[str]:
    make_ticket(session, title="warm-up", **fields)  # catalogs and desk in the identity map
    session.flush()  # its events: not counted in the measured create
    with sql_statements(session.connection()) as seen:
        tickets.create_ticket(session, SYSTEM, TicketCreate(title="measured", **fields))
    return seen


def _added(session: Session, monkeypatch: pytest.MonkeyPatch, **fields: Any) -> list[str]:
    """The statements a create runs with routing that it does not run without."""
    with_routing = _statements(session, **fields)
    with monkeypatch.context() as patch:
        patch.setattr(tickets, "route_new_ticket", lambda *_args: None)
        without = _statements(session, **fields)
    assert len(with_routing) >= len(without)
    extra = list(with_routing)
    for statement in without:
        extra.remove(statement)
    return extra


def test_a_manual_or_free_desk_without_a_default_owner_adds_no_statement(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk = make_helpdesk(session)
    make_user(session, helpdesks=[desk])
    assert _added(session, monkeypatch, helpdesk_id=desk.id) == []
    change = HelpdeskUpdate(assignment_engine=AssignmentEngine.FREE)
    update_helpdesk(session, SYSTEM, desk.id, change)
    assert _added(session, monkeypatch, helpdesk_id=desk.id) == []


def test_a_ticket_without_a_desk_costs_one_read_of_the_rules(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    [added] = _added(session, monkeypatch)
    assert "routing_rules" in added and added.lstrip().upper().startswith("SELECT")


def test_a_round_robin_desk_costs_one_statement_that_reads_the_candidates_and_moves_the_turn(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk = make_helpdesk(session)
    make_user(session, helpdesks=[desk])
    change = HelpdeskUpdate(assignment_engine=AssignmentEngine.ROUND_ROBIN)
    update_helpdesk(session, SYSTEM, desk.id, change)
    [turn] = _added(session, monkeypatch, helpdesk_id=desk.id)
    assert turn.lstrip().upper().startswith("INSERT INTO ASSIGNMENT_TURNS")
    assert "helpdesk_members" in turn
    assert "ON CONFLICT" in turn.upper() and "RETURNING" in turn.upper()
