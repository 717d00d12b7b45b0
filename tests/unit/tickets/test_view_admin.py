"""Changing a saved view (admins only) and finding the shared ones by name."""

from __future__ import annotations

import pytest

from polydesk.core.actor import SYSTEM
from polydesk.core.errors import NotFound, PermissionDenied, ValidationFailed
from polydesk.tickets.criteria import SortKey, TicketCriteria
from polydesk.tickets.views import (
    create_view,
    delete_view,
    shared_views,
    stored_criteria,
    update_view,
    view_ticket_ids,
)
from tests.unit.tickets.world import World


def test_update_view_changes_what_is_given(world: World) -> None:
    view = create_view(world.session, world.agent_actor, name="All", criteria=TicketCriteria(),
                       columns=["title"])  # fmt: skip
    nothing = TicketCriteria(status_ids=[], sort=[SortKey(key="id", descending=True)])
    update_view(world.session, SYSTEM, view.id, name=" None at all ", criteria=nothing)
    assert view.name == "None at all" and view.columns == ["title"]
    assert stored_criteria(view).status_ids == []
    assert stored_criteria(view).sort == [SortKey(key="id", descending=True)]
    assert view_ticket_ids(world.session, world.agent_actor, view.id, limit=10) == ([], 0)
    update_view(world.session, SYSTEM, view.id, columns=[])
    assert view.columns == [] and view.name == "None at all"


def test_update_view_rules(world: World) -> None:
    view = create_view(world.session, world.agent_actor, name="V", criteria=TicketCriteria())
    with pytest.raises(PermissionDenied):
        update_view(world.session, world.agent_actor, view.id, name="W")
    with pytest.raises(ValidationFailed):
        update_view(world.session, SYSTEM, view.id, name=" ")
    with pytest.raises(ValidationFailed):
        update_view(world.session, SYSTEM, view.id, columns=["c"] * 51)
    with pytest.raises(NotFound):
        update_view(world.session, SYSTEM, 10**9, name="W")
    assert view.name == "V"


def test_shared_views_by_name(world: World) -> None:
    shared = create_view(world.session, world.agent_actor, name="Team", criteria=TicketCriteria())
    create_view(world.session, world.agent_actor, name="team", criteria=TicketCriteria(),
                is_shared=False)  # fmt: skip
    assert shared_views(world.session, " TEAM ") == [shared]
    assert shared in shared_views(world.session)
    assert shared_views(world.session, "nobody") == []


def test_delete_view_is_for_admins(world: World) -> None:
    view = create_view(world.session, world.agent_actor, name="Gone", criteria=TicketCriteria())
    with pytest.raises(PermissionDenied):
        delete_view(world.session, world.agent_actor, view.id)
    delete_view(world.session, SYSTEM, view.id)
    assert shared_views(world.session, "Gone") == []
    with pytest.raises(NotFound):
        delete_view(world.session, SYSTEM, view.id)
