"""Saved views: offset ids, cursor pages stable under inserts and updates, sorting, access."""

from __future__ import annotations

from datetime import timedelta

import pytest

from polydesk.core.clock import frozen, utcnow
from polydesk.core.errors import NotFound, PermissionDenied, ValidationFailed
from polydesk.core.pagination import encode_cursor
from polydesk.tickets.criteria import Pattern, SortKey, TicketCriteria
from polydesk.tickets.schemas import TicketUpdate
from polydesk.tickets.service import update_ticket
from polydesk.tickets.views import create_view, view_page, view_ticket_ids
from tests.factories import actor, make_helpdesk, make_ticket, make_user
from tests.unit.tickets.world import World

PRINTERS = Pattern(text="printer%")  # a title starting with "printer", any case


def _tickets(world: World, count: int) -> list[int]:
    # Real time: ticket numbers are per day, so creating tickets on a pinned past day would
    # restart the day's counter.
    return [world.new_ticket(title=f"Printer {n}").id for n in range(count)]


def test_view_ids_by_offset_with_total_and_own_visibility(world: World) -> None:
    ids = [world.ticket.id, *_tickets(world, 4)]
    make_ticket(
        world.session, title="Printer elsewhere", helpdesk_id=make_helpdesk(world.session).id
    )
    view = create_view(
        world.session, world.agent_actor, name="Printers",
        criteria=TicketCriteria(titles=[PRINTERS], sort=[SortKey(key="id")]),
    )  # fmt: skip
    page, total = view_ticket_ids(world.session, world.agent_actor, view.id, limit=2, offset=1)
    assert (page, total) == (ids[2:4], 4)  # the desk's four printers, id order; not the other desk


def test_cursor_pages_walk_everything_once_even_with_inserts(world: World) -> None:
    ids = _tickets(world, 5)
    view = create_view(
        world.session, world.agent_actor, name="All printers",
        criteria=TicketCriteria(titles=[PRINTERS]),
    )  # fmt: skip
    first = view_page(world.session, world.agent_actor, view.id, limit=2)
    assert [t.id for t in first.tickets] == ids[:2] and first.next_page_key
    late = world.new_ticket(title="Printer late").id
    seen = [t.id for t in first.tickets]
    key = first.next_page_key
    while key:
        page = view_page(world.session, world.agent_actor, view.id, limit=2, page_key=key)
        seen += [t.id for t in page.tickets]
        key = page.next_page_key
    assert seen == [*ids, late]


def test_sort_by_last_update_descending_is_a_keyset(world: World) -> None:
    ids = _tickets(world, 3)
    with frozen(utcnow() + timedelta(hours=1)):
        update_ticket(world.session, world.agent_actor, ids[0], TicketUpdate(title="Printer X"))
    view = create_view(
        world.session, world.agent_actor, name="v", criteria=TicketCriteria(titles=[PRINTERS])
    )
    first = view_page(
        world.session, world.agent_actor, view.id, sort="updated", descending=True, limit=1
    )
    assert [t.id for t in first.tickets] == [ids[0]]
    rest = view_page(
        world.session, world.agent_actor, view.id, sort="updated", descending=True, limit=5,
        page_key=first.next_page_key,
    )  # fmt: skip
    assert [t.id for t in rest.tickets] == [ids[2], ids[1]] and rest.next_page_key is None


def test_page_keys_are_tied_to_their_view_and_sort(world: World) -> None:
    _tickets(world, 3)
    view = create_view(world.session, world.agent_actor, name="v", criteria=TicketCriteria())
    key = view_page(world.session, world.agent_actor, view.id, limit=1).next_page_key
    assert key is not None
    huge = encode_cursor([view.id, "id", 0, None, 2**63])  # past a 64-bit id: refused, no 500
    for bad in ("not-a-key!", encode_cursor([view.id + 1, "id", 0, None, 1]), huge):
        with pytest.raises(ValidationFailed):
            view_page(world.session, world.agent_actor, view.id, page_key=bad)
    with pytest.raises(ValidationFailed):
        view_page(world.session, world.agent_actor, view.id, sort="updated", page_key=key)
    with pytest.raises(ValidationFailed):
        view_page(world.session, world.agent_actor, view.id, limit=0)


def test_private_views_and_customers(world: World) -> None:
    mine = create_view(
        world.session, world.agent_actor, name="Mine", criteria=TicketCriteria(), is_shared=False
    )
    colleague = make_user(world.session, helpdesks=[world.desk])
    with pytest.raises(NotFound):
        view_ticket_ids(world.session, actor(world.session, colleague), mine.id, limit=10)
    with pytest.raises(PermissionDenied):
        create_view(world.session, world.customer_actor, name="x", criteria=TicketCriteria())
    with pytest.raises(NotFound):
        view_page(world.session, world.agent_actor, 99_999)
