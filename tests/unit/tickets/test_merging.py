"""Merging a ticket into another by number: the source ends Merged with a merged_into link and
notes on both; refused for itself, closed tickets, merged targets, unreadable or unchangeable
tickets, and nothing is written then."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from polydesk.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from polydesk.models.catalogs import StatusCategory
from polydesk.models.comments import Comment
from polydesk.models.history import EventKind
from polydesk.models.tickets import LinkKind, TicketLink
from polydesk.tickets.merging import merge_ticket
from polydesk.tickets.solution import cancel_ticket
from tests.factories import actor, make_helpdesk, make_ticket, make_user
from tests.unit.tickets.world import World


def _notes(world: World, ticket_id: int) -> list[Comment]:
    query = select(Comment).where(Comment.ticket_id == ticket_id).order_by(Comment.id)
    return [c for c in world.session.scalars(query) if not c.is_public]


def test_merge_ends_the_source_links_it_and_notes_both(world: World) -> None:
    target = world.new_ticket(title="VPN down for everyone")
    kept = merge_ticket(world.session, world.agent_actor, world.ticket.id, target.number)
    assert kept.id == target.id
    status = world.status()
    assert status.name == "Merged" and status.category is StatusCategory.CANCELLED
    links = world.session.scalars(select(TicketLink)).all()
    assert [(link.source_id, link.target_id, link.kind) for link in links] == [
        (world.ticket.id, target.id, LinkKind.MERGED_INTO)
    ]
    assert target.number in _notes(world, world.ticket.id)[0].body
    assert world.ticket.number in _notes(world, target.id)[0].body
    assert EventKind.LINK_ADDED in world.kinds() and EventKind.LINK_ADDED in world.kinds(target)
    assert world.status(target).category is StatusCategory.NEW  # the target lives on


def test_merge_refusals_change_nothing(world: World) -> None:
    agent = world.agent_actor
    other_desk = make_helpdesk(world.session)
    hidden = make_ticket(world.session, title="Elsewhere", helpdesk_id=other_desk.id)
    with pytest.raises(ValidationFailed):
        merge_ticket(world.session, agent, world.ticket.id, world.ticket.number)
    with pytest.raises(NotFound):
        merge_ticket(world.session, agent, world.ticket.id, hidden.number)  # unreadable
    with pytest.raises(NotFound):
        merge_ticket(world.session, agent, world.ticket.id, "no-such-number")
    closed = world.new_ticket()
    cancel_ticket(world.session, agent, closed.id)
    with pytest.raises(Conflict):
        merge_ticket(world.session, agent, closed.id, world.ticket.number)
    assert world.session.scalars(select(TicketLink)).all() == []
    assert world.status().category is StatusCategory.NEW


def test_a_merged_ticket_takes_no_more_merges(world: World) -> None:
    first, second = world.new_ticket(), world.new_ticket()
    merge_ticket(world.session, world.agent_actor, first.id, second.number)
    with pytest.raises(Conflict) as refused:
        merge_ticket(world.session, world.agent_actor, world.ticket.id, first.number)
    assert refused.value.code == "merge.target_merged"


def test_merging_needs_change_rights_on_both(world: World) -> None:
    reader = make_user(world.session, read_only=[world.desk])
    target = world.new_ticket()
    with pytest.raises(PermissionDenied):
        merge_ticket(world.session, actor(world.session, reader), world.ticket.id, target.number)
