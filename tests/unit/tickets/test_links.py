"""Linked tickets and external entities."""

from __future__ import annotations

import pytest

from polydesk.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from polydesk.models.history import EventKind
from polydesk.tickets.links import (
    create_external_entity,
    link_external_entity,
    link_tickets,
    list_external_entity_links,
    list_linked_tickets,
)
from tests.factories import make_helpdesk, make_ticket
from tests.unit.tickets.world import World


def test_links_are_undirected_and_answer_per_id(world: World) -> None:
    a, b = world.new_ticket(title="A"), world.new_ticket(title="B")
    assert link_tickets(world.session, world.agent_actor, world.ticket.id, [a.id, b.id]) == {
        a.id: True,
        b.id: True,
    }
    assert link_tickets(world.session, world.agent_actor, a.id, [world.ticket.id]) == {
        world.ticket.id: False
    }
    linked = list_linked_tickets(world.session, world.customer_actor, a.id)
    assert [(t.id, t.title) for t in linked] == [(world.ticket.id, world.ticket.title)]
    assert [
        t.id for t in list_linked_tickets(world.session, world.agent_actor, world.ticket.id)
    ] == [
        a.id,
        b.id,
    ]
    assert EventKind.LINK_ADDED in world.kinds(a) and EventKind.LINK_ADDED in world.kinds()


def test_bad_link_requests_change_nothing(world: World) -> None:
    hidden = make_ticket(world.session, helpdesk_id=make_helpdesk(world.session).id)
    a = world.new_ticket()
    attempts = [
        ([a.id, hidden.id], NotFound),  # not visible to the agent
        ([a.id, 99_999], NotFound),
        ([world.ticket.id], ValidationFailed),
        ([], ValidationFailed),
    ]
    for ids, error in attempts:
        with pytest.raises(error):
            link_tickets(world.session, world.agent_actor, world.ticket.id, ids)
    assert list_linked_tickets(world.session, world.agent_actor, world.ticket.id) == []
    with pytest.raises(PermissionDenied):
        link_tickets(world.session, world.customer_actor, world.ticket.id, [a.id])


def test_external_entities_link_once_per_reference(world: World) -> None:
    vendor = create_external_entity(world.session, world.agent_actor, "Vendor Inc")
    with pytest.raises(Conflict):
        create_external_entity(world.session, world.agent_actor, "Vendor Inc")
    first = link_external_entity(
        world.session, world.agent_actor, world.ticket.id, vendor.id, "R-1"
    )
    again = link_external_entity(
        world.session, world.agent_actor, world.ticket.id, vendor.id, "R-1"
    )
    other = link_external_entity(
        world.session, world.agent_actor, world.ticket.id, vendor.id, "R-2"
    )
    assert again.id == first.id and other.id != first.id
    rows = list_external_entity_links(world.session, world.customer_actor, world.ticket.id)
    assert [(link.reference, entity.name) for link, entity in rows] == [
        ("R-1", "Vendor Inc"),
        ("R-2", "Vendor Inc"),
    ]
    with pytest.raises(NotFound):
        link_external_entity(world.session, world.agent_actor, world.ticket.id, 99_999)
    with pytest.raises(PermissionDenied):
        create_external_entity(world.session, world.customer_actor, "Sneaky")
