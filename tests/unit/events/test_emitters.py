"""Each domain service emits its event where the state changes (docs/events.md lists them)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from polydesk.approvals.service import request_approval, vote
from polydesk.attachments.service import add_attachment, delete_attachment
from polydesk.attachments.store import LocalFileStore
from polydesk.comments.schemas import CommentCreate
from polydesk.comments.service import add_comment
from polydesk.core.actor import SYSTEM
from polydesk.customfields.service import CustomFieldCreate, create_field, set_ticket_values
from polydesk.events.service import ticket_events
from polydesk.inventory.service import InventoryItemCreate, create_item, link_item, unlink_item
from polydesk.models.approvals import Vote
from polydesk.models.customfields import FieldType
from polydesk.models.request_tasks import TaskStatus
from polydesk.models.tickets import ParticipantRole, WaitingFor
from polydesk.tickets.deletion import delete_ticket
from polydesk.tickets.links import (
    create_external_entity,
    link_external_entity,
    link_tickets,
    unlink_external_entity,
)
from polydesk.tickets.participants import add_participants, remove_participant
from polydesk.tickets.reassign import reassign_ticket
from polydesk.tickets.request_tasks import TaskCreate, create_task, set_task_status
from polydesk.tickets.solution import accept_solution, propose_solution, reject_solution
from polydesk.tickets.waiting import start_waiting, stop_waiting
from polydesk.timetracking.service import TimeEntryCreate, log_time
from tests.unit.tickets.world import World, make_world


@pytest.fixture
def world(session: Session) -> World:
    return make_world(session)


class Log:
    """The events recorded on one ticket since the last look."""

    def __init__(self, world: World, ticket_id: int) -> None:
        self.world, self.ticket_id, self.seen = world, ticket_id, 0

    def new(self) -> list[tuple[str, dict[str, Any]]]:
        self.world.session.flush()
        records = ticket_events(self.world.session, self.ticket_id)[self.seen :]
        self.seen += len(records)
        return [(record.kind, record.payload) for record in records]

    def kinds(self) -> list[str]:
        return [kind for kind, _payload in self.new()]


def test_the_life_cycle_services_emit(world: World) -> None:
    agent, customer, ticket = world.agent_actor, world.customer_actor, world.ticket
    log = Log(world, ticket.id)
    assert log.kinds() == ["ticket.opened"]

    reassign_ticket(world.session, agent, ticket.id, helpdesk_id=world.desk.id,
                    owner_id=world.agent.id)  # fmt: skip
    assigned, opened = log.new()
    assert (assigned[0], opened[0]) == ("ticket.assigned", "ticket.status_moved")
    assert (assigned[1]["old_owner_id"], assigned[1]["owner_id"]) == (None, world.agent.id)

    start_waiting(world.session, agent, ticket.id, WaitingFor.AGENT)
    assert log.kinds() == ["ticket.status_moved", "waiting.started"]
    stop_waiting(world.session, agent, ticket.id)
    assert log.kinds() == ["ticket.status_moved", "waiting.ended"]

    comment = propose_solution(world.session, agent, ticket.id, "Reinstall")
    posted, resolved, proposed = log.new()
    assert posted == ("article.posted", {
        "comment_id": comment.id, "is_public": True, "sender_type": "agent", "channel": "web",
        "is_initial": False, "is_solution": True, "no_agent_notify": False, "notify_user_ids": [],
        "exclude_user_ids": [],
    })  # fmt: skip
    assert resolved[1]["new_category"] == "resolved" and proposed[0] == "solution.proposed"
    reject_solution(world.session, customer, ticket.id, "Still broken")
    assert log.kinds() == ["article.posted", "ticket.status_moved", "solution.rejected"]
    propose_solution(world.session, agent, ticket.id, "Reboot")
    log.new()
    accept_solution(world.session, customer, ticket.id, rating=9)
    closed, accepted = log.new()
    assert closed[1]["closed"] is True and accepted == (
        "solution.accepted", {"comment_id": accepted[1]["comment_id"], "rating": 9}
    )  # fmt: skip


def test_the_parts_of_a_ticket_emit(world: World, tmp_path: Path) -> None:
    agent, ticket, session = world.agent_actor, world.ticket, world.session
    log = Log(world, ticket.id)
    log.new()
    other = world.new_ticket()

    add_comment(session, agent, ticket.id, CommentCreate(body="Internal", is_public=False))
    entry = log_time(session, agent, ticket.id, TimeEntryCreate(duration_seconds=600))
    store = LocalFileStore(tmp_path)
    file = add_attachment(session, agent, store, ticket_id=ticket.id, filename="a.txt",
                          data=b"hello", max_bytes=100)  # fmt: skip
    delete_attachment(session, agent, file.id)
    add_participants(session, agent, ticket.id, ParticipantRole.OBSERVER, [world.customer.id])
    remove_participant(session, agent, ticket.id, ParticipantRole.OBSERVER, world.customer.id)
    link_tickets(session, agent, ticket.id, [other.id])
    entity = create_external_entity(session, agent, "Carrier")
    link = link_external_entity(session, agent, ticket.id, entity.id, "CASE-1")
    unlink_external_entity(session, agent, ticket.id, link.id)

    events = log.new()
    assert [kind for kind, _ in events] == [
        "article.posted", "time.logged", "attachment.added", "attachment.deleted",
        "participant.added", "participant.removed", "tickets.linked", "entity.linked",
        "entity.unlinked",
    ]  # fmt: skip
    assert events[0][1]["is_public"] is False
    assert events[1][1] == {"entry_id": entry.id, "duration_seconds": 600,
                            "is_billable": False, "comment_id": None}  # fmt: skip
    assert events[6][1] == {"other_ticket_id": other.id, "link": "related"}


def test_custom_values_inventory_tasks_approvals_and_deletion_emit(world: World) -> None:
    agent, ticket, session = world.agent_actor, world.ticket, world.session
    log = Log(world, ticket.id)
    log.new()
    field = create_field(
        session, SYSTEM, CustomFieldCreate(name="Asset", field_type=FieldType.TEXT)
    )
    item = create_item(session, SYSTEM, InventoryItemCreate(name="Laptop"))

    set_ticket_values(session, agent, ticket.id, {field.id: "PC-7"})
    link_item(session, agent, ticket.id, item.id)
    unlink_item(session, agent, ticket.id, item.id)
    task = create_task(session, agent, ticket.id, TaskCreate(name="Order part"))
    set_task_status(session, agent, task.id, TaskStatus.DONE)
    approval = request_approval(session, agent, ticket.id, voter_ids=[world.agent.id])
    vote(session, agent, approval.id, Vote.APPROVE)

    events = log.new()
    assert [kind for kind, _ in events] == [
        "custom_value.changed", "inventory.linked", "inventory.unlinked", "task.added",
        "task.status_changed", "approval.requested", "ticket.status_moved", "waiting.started",
        "approval.voted", "approval.decided", "ticket.status_moved", "waiting.ended",
    ]  # fmt: skip
    assert events[0][1] == {"field_id": field.id, "field_name": "Asset", "old": "", "new": "PC-7"}
    assert events[9][1] == {"approval_id": approval.id, "outcome": "approved"}

    delete_ticket(session, agent, ticket.id)
    assert log.new() == [("ticket.deleted", {"number": ticket.number, "title": ticket.title})]
