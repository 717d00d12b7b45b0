"""Bulk changes: all tickets changed through the one-ticket services, or none (a refused
ticket refuses the batch before anything is written); a hard cap on the batch."""

from __future__ import annotations

import pytest

from polydesk.catalogs.service import get_catalog_item_by_name
from polydesk.core.errors import NotFound, PermissionDenied, ValidationFailed
from polydesk.models.catalogs import StatusCategory
from polydesk.models.history import EventKind
from polydesk.tickets.assigning import set_ticket_owner
from polydesk.tickets.bulk import MAX_BULK, BulkChange, change_tickets
from tests.factories import actor, make_helpdesk, make_ticket, make_user
from tests.unit.tickets.world import World


def _status_id(world: World, name: str) -> int:
    found = get_catalog_item_by_name(world.session, "status", name)
    assert found is not None
    return found.id


def test_bulk_sets_status_and_owner_on_every_ticket(world: World) -> None:
    second = world.new_ticket()
    change = BulkChange(status_id=_status_id(world, "Open"), owner_id=world.agent.id)
    changed = change_tickets(world.session, world.agent_actor, [world.ticket.id, second.id], change)
    assert [t.id for t in changed] == [world.ticket.id, second.id]
    for ticket in changed:
        assert ticket.owner_id == world.agent.id
        assert world.status(ticket).name == "Open"
        assert EventKind.OWNER_CHANGED in world.kinds(ticket)


def test_one_refused_ticket_refuses_the_batch_before_any_write(world: World) -> None:
    elsewhere = make_ticket(world.session, helpdesk_id=make_helpdesk(world.session).id)
    change = BulkChange(status_id=_status_id(world, "Open"))
    with pytest.raises(NotFound):  # not readable by this agent
        change_tickets(world.session, world.agent_actor, [world.ticket.id, elsewhere.id], change)
    assert world.status().category is StatusCategory.NEW
    reader = actor(world.session, make_user(world.session, read_only=[world.desk]))
    with pytest.raises(PermissionDenied):
        change_tickets(world.session, reader, [world.ticket.id], change)


def test_bulk_limits(world: World) -> None:
    agent = world.agent_actor
    with pytest.raises(ValidationFailed):
        change_tickets(world.session, agent, [], BulkChange(priority_id=1))
    with pytest.raises(ValidationFailed):
        too_many = list(range(1, MAX_BULK + 2))
        change_tickets(world.session, agent, too_many, BulkChange(priority_id=1))
    with pytest.raises(ValidationFailed):
        change_tickets(world.session, agent, [world.ticket.id], BulkChange())


def test_owner_must_be_in_the_ticket_desk_and_none_unassigns(world: World) -> None:
    outsider = make_user(world.session)
    with pytest.raises(ValidationFailed):
        set_ticket_owner(world.session, world.agent_actor, world.ticket.id, outsider.id)
    set_ticket_owner(world.session, world.agent_actor, world.ticket.id, world.agent.id)
    assert world.ticket.owner_id == world.agent.id
    assert world.status().name == "Open"  # an owned New ticket opens
    set_ticket_owner(world.session, world.agent_actor, world.ticket.id, None)
    assert world.ticket.owner_id is None
