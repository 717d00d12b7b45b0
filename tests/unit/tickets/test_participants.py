"""Collaborators and observers."""

from __future__ import annotations

import pytest

from polydesk.core.actor import Role
from polydesk.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from polydesk.models.history import EventKind
from polydesk.models.tickets import ParticipantRole
from polydesk.tickets.participants import (
    add_participants,
    list_participants,
    remove_participant,
)
from polydesk.tickets.service import get_ticket
from tests.factories import actor, make_user
from tests.unit.tickets.world import World

OBSERVER, COLLABORATOR = ParticipantRole.OBSERVER, ParticipantRole.COLLABORATOR


def test_add_answers_per_id_and_false_means_already_there(world: World) -> None:
    a, b = make_user(world.session), make_user(world.session)
    first = add_participants(world.session, world.agent_actor, world.ticket.id, OBSERVER, [a.id])
    assert first == {a.id: True}
    again = add_participants(
        world.session, world.agent_actor, world.ticket.id, OBSERVER, [a.id, b.id, b.id]
    )
    assert again == {a.id: False, b.id: True}
    assert list_participants(world.session, world.customer_actor, world.ticket.id, OBSERVER) == [
        a.id,
        b.id,
    ]
    assert list_participants(world.session, world.agent_actor, world.ticket.id, COLLABORATOR) == []
    assert world.kinds().count(EventKind.PARTICIPANT_ADDED) == 2


def test_a_participant_can_read_the_ticket(world: World) -> None:
    outsider = make_user(world.session)
    assert get_ticket(world.session, actor(world.session, outsider), world.ticket.id) is None
    add_participants(world.session, world.agent_actor, world.ticket.id, COLLABORATOR, [outsider.id])
    assert get_ticket(world.session, actor(world.session, outsider), world.ticket.id) is not None


def test_bad_ids_add_nothing(world: World) -> None:
    good = make_user(world.session)
    customer = make_user(world.session, Role.CUSTOMER)
    with pytest.raises(NotFound):
        add_participants(
            world.session, world.agent_actor, world.ticket.id, OBSERVER, [good.id, 99_999]
        )
    with pytest.raises(ValidationFailed) as caught:
        add_participants(world.session, world.agent_actor, world.ticket.id, COLLABORATOR,
                         [good.id, customer.id])  # fmt: skip
    assert caught.value.code == "participant.collaborator_not_agent"
    with pytest.raises(ValidationFailed):
        add_participants(world.session, world.agent_actor, world.ticket.id, OBSERVER, [])
    assert list_participants(world.session, world.agent_actor, world.ticket.id, OBSERVER) == []
    assert list_participants(world.session, world.agent_actor, world.ticket.id, COLLABORATOR) == []
    # Customers may observe; they may not add anyone.
    assert add_participants(
        world.session, world.agent_actor, world.ticket.id, OBSERVER, [customer.id]
    ) == {customer.id: True}
    with pytest.raises(PermissionDenied):
        add_participants(world.session, world.customer_actor, world.ticket.id, OBSERVER, [good.id])


def test_remove(world: World) -> None:
    user = make_user(world.session)
    add_participants(world.session, world.agent_actor, world.ticket.id, OBSERVER, [user.id])
    remove_participant(world.session, world.agent_actor, world.ticket.id, OBSERVER, user.id)
    assert list_participants(world.session, world.agent_actor, world.ticket.id, OBSERVER) == []
    assert world.kinds()[-1] is EventKind.PARTICIPANT_REMOVED
    with pytest.raises(Conflict):
        remove_participant(world.session, world.agent_actor, world.ticket.id, OBSERVER, user.id)
