"""External entities changed by an admin: renamed (names stay unique), disabled (no new links,
existing ones kept), found by name."""

from __future__ import annotations

import pytest

from polydesk.core.actor import SYSTEM
from polydesk.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from polydesk.tickets.links import (
    create_external_entity,
    get_external_entity_by_name,
    link_external_entity,
    list_external_entities,
    update_external_entity,
)
from tests.unit.tickets.world import World


def test_rename_disable_and_lookup(world: World) -> None:
    courier = create_external_entity(world.session, SYSTEM, "Courier")
    create_external_entity(world.session, SYSTEM, "Acme supplies")
    link = link_external_entity(world.session, world.agent_actor, world.ticket.id, courier.id)
    update_external_entity(world.session, SYSTEM, courier.id, name=" Express ", enabled=False)
    assert (courier.name, courier.is_enabled, link.is_enabled) == ("Express", False, True)
    with pytest.raises(NotFound):
        link_external_entity(world.session, world.agent_actor, world.ticket.id, courier.id)
    assert get_external_entity_by_name(world.session, "express") is courier
    assert get_external_entity_by_name(world.session, "Courier") is None
    assert [e.name for e in list_external_entities(world.session)] == ["Acme supplies", "Express"]


def test_update_rules(world: World) -> None:
    courier = create_external_entity(world.session, SYSTEM, "Courier")
    create_external_entity(world.session, SYSTEM, "Taken")
    with pytest.raises(PermissionDenied):
        update_external_entity(world.session, world.agent_actor, courier.id, enabled=False)
    with pytest.raises(Conflict):
        update_external_entity(world.session, SYSTEM, courier.id, name="Taken")
    with pytest.raises(ValidationFailed):
        update_external_entity(world.session, SYSTEM, courier.id, name="x" * 201)
    with pytest.raises(NotFound):
        update_external_entity(world.session, SYSTEM, 10**9, enabled=False)
    update_external_entity(world.session, SYSTEM, courier.id, name="Courier")  # its own name
    assert (courier.name, courier.is_enabled) == ("Courier", True)
