"""Reassignment to a help desk, a level and an agent."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from polydesk.core.actor import Role
from polydesk.core.errors import NotFound, PermissionDenied, ValidationFailed
from polydesk.models.catalogs import StatusCategory
from polydesk.models.helpdesks import HelpdeskLevel
from polydesk.models.history import EventKind
from polydesk.models.jobs import OutgoingMail
from polydesk.tickets.reassign import reassign_ticket
from polydesk.tickets.service import get_ticket
from tests.factories import actor, make_helpdesk, make_user
from tests.jobs import commit_and_run_jobs
from tests.unit.tickets.world import World


def _levels(session: Session, helpdesk_id: int, *levels: int) -> None:
    session.add_all(
        HelpdeskLevel(helpdesk_id=helpdesk_id, level=level, name=f"L{level}") for level in levels
    )
    session.flush()


def test_assigning_an_agent_of_the_desk_opens_a_new_ticket(world: World) -> None:
    reassign_ticket(
        world.session, world.agent_actor, world.ticket.id, helpdesk_id=world.desk.id,
        owner_id=world.agent.id,
    )  # fmt: skip
    assert world.ticket.owner_id == world.agent.id
    assert world.status().category is StatusCategory.OPEN
    assert EventKind.OWNER_CHANGED in world.kinds()


def test_one_notice_for_a_reassignment_that_also_opens_the_ticket(world: World) -> None:
    ticket = world.new_ticket(title="Printer", cc=["watcher@example.com"])
    commit_and_run_jobs(world.session)  # the notices are written after commit, by the worker
    notices = select(OutgoingMail).where(
        OutgoingMail.ticket_id == ticket.id,
        OutgoingMail.cc_addresses != "",  # not notifications
    )
    before = len(world.session.scalars(notices).all())  # the new-ticket notice

    reassign_ticket(
        world.session, world.agent_actor, ticket.id, helpdesk_id=world.desk.id,
        owner_id=world.agent.id,
    )  # fmt: skip
    commit_and_run_jobs(world.session)

    sent = world.session.scalars(notices.order_by(OutgoingMail.id)).all()[before:]
    assert world.status(ticket).category is StatusCategory.OPEN
    assert len(sent) == 1 and "owner" in sent[0].body and "status" in sent[0].body


def test_moving_out_of_my_desks_succeeds_and_resets_level_and_owner(world: World) -> None:
    other = make_helpdesk(world.session)
    _levels(world.session, other.id, 2)
    world.ticket.owner_id, world.ticket.level = world.agent.id, 2
    moved = reassign_ticket(world.session, world.agent_actor, world.ticket.id, helpdesk_id=other.id)
    assert (moved.helpdesk_id, moved.level, moved.owner_id) == (other.id, 1, None)
    # The agent may no longer see it, but the move itself went through.
    assert get_ticket(world.session, world.agent_actor, world.ticket.id) is None
    events = {e.field: e for e in world.events() if e.field in ("helpdesk_id", "level")}
    assert events["helpdesk_id"].kind is EventKind.HELPDESK_CHANGED
    assert (events["level"].old_value, events["level"].new_value) == ("2", "1")


def test_level_must_exist_and_agent_must_belong_to_the_target_desk(world: World) -> None:
    other = make_helpdesk(world.session)
    _levels(world.session, other.id, 2)
    outsider = make_user(world.session)
    customer = make_user(world.session, Role.CUSTOMER)
    attempts = [
        ({"helpdesk_id": other.id, "level": 3}, ValidationFailed, "helpdesk.level_not_found"),
        ({"helpdesk_id": world.desk.id, "level": 2}, ValidationFailed, "helpdesk.level_not_found"),
        ({"helpdesk_id": other.id, "owner_id": outsider.id}, ValidationFailed,
         "reassign.agent_not_in_helpdesk"),
        ({"helpdesk_id": other.id, "owner_id": customer.id}, ValidationFailed,
         "reassign.not_an_agent"),
        ({"helpdesk_id": other.id, "owner_id": 99_999}, NotFound, "user.not_found"),
        ({"helpdesk_id": 99_999}, NotFound, "helpdesk.not_found"),
    ]  # fmt: skip
    before = world.kinds()
    for kwargs, error, code in attempts:
        with pytest.raises(error) as caught:
            reassign_ticket(world.session, world.agent_actor, world.ticket.id, **kwargs)
        assert caught.value.code == code
    assert world.ticket.helpdesk_id == world.desk.id and world.kinds() == before
    reassign_ticket(
        world.session, world.agent_actor, world.ticket.id, helpdesk_id=other.id, level=2
    )
    assert world.ticket.level == 2


def test_same_desk_keeps_the_owner_and_customers_cannot_reassign(world: World) -> None:
    world.ticket.owner_id = world.agent.id
    reassign_ticket(world.session, world.agent_actor, world.ticket.id, helpdesk_id=world.desk.id)
    assert world.ticket.owner_id == world.agent.id
    with pytest.raises(PermissionDenied):
        reassign_ticket(
            world.session, world.customer_actor, world.ticket.id, helpdesk_id=world.desk.id
        )
    reader = make_user(world.session, read_only=[world.desk])
    with pytest.raises(PermissionDenied):
        reassign_ticket(
            world.session, actor(world.session, reader), world.ticket.id, helpdesk_id=world.desk.id
        )
