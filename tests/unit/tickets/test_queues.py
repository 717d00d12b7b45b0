"""The console's queues: each count is what the list shows for that queue (same filter), all
counted in one statement, within the agent's visibility."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from polydesk.catalogs.service import get_catalog_item_by_name
from polydesk.core.clock import utcnow
from polydesk.core.pagination import PageRequest
from polydesk.models.catalogs import StatusCategory
from polydesk.models.tickets import Ticket
from polydesk.tickets.assigning import set_ticket_owner
from polydesk.tickets.queues import Queue, count_queues, queue_filter
from polydesk.tickets.schemas import TicketFilter, TicketUpdate
from polydesk.tickets.service import list_tickets, update_ticket
from tests.factories import make_helpdesk, make_ticket
from tests.queries import sql_statements
from tests.unit.tickets.world import World

ACTIVE = [StatusCategory.NEW, StatusCategory.OPEN, StatusCategory.WAITING]


def test_counts_match_the_lists_and_take_one_statement(world: World) -> None:
    session, agent = world.session, world.agent_actor
    mine = world.new_ticket(title="Mine")
    set_ticket_owner(session, agent, mine.id, world.agent.id)
    waiting = world.new_ticket(title="Waiting")
    pending = get_catalog_item_by_name(session, "status", "Pending")
    assert pending is not None
    update_ticket(session, agent, waiting.id, TicketUpdate(status_id=pending.id))
    late = world.new_ticket(title="Late")
    session.execute(update(Ticket).where(Ticket.id == late.id)
                    .values(resolution_due_at=utcnow() - timedelta(hours=1)))  # fmt: skip
    make_ticket(session, title="Hidden", helpdesk_id=make_helpdesk(session).id)
    closed = world.new_ticket(title="Closed")
    done = get_catalog_item_by_name(session, "status", "Closed")
    assert done is not None
    update_ticket(session, agent, closed.id, TicketUpdate(status_id=done.id))
    now = utcnow()
    session.flush()  # pending writes are not the count's statements
    with sql_statements(session.connection()) as statements:
        counts = count_queues(session, agent, now)
    assert len(statements) == 1
    assert counts == {Queue.ALL: 4, Queue.MINE: 1, Queue.UNASSIGNED: 3, Queue.DESKS: 4,
                      Queue.WAITING: 1, Queue.BREACHING: 1}  # fmt: skip
    for queue, count in counts.items():
        values = {"status_categories": ACTIVE, **queue_filter(queue, agent, now)}
        found = list_tickets(session, agent, TicketFilter(**values), PageRequest(limit=50))
        assert len(found.items) == count, queue
