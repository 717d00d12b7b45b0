"""The whole request life cycle through the core services, one committed step at a time (as
the edges run it), then read back through the native API: same history, same state."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from polydesk.approvals.service import request_spontaneous_approval, vote
from polydesk.comments.schemas import CommentCreate
from polydesk.comments.service import add_comment
from polydesk.core.actor import Actor, Role
from polydesk.core.clock import frozen, utcnow
from polydesk.db.uow import unit_of_work
from polydesk.models.approvals import Approval, ApprovalStatus, Vote
from polydesk.models.history import EventKind, HistoryEvent
from polydesk.models.tickets import Ticket, WaitingFor
from polydesk.models.users import User
from polydesk.runtime import Runtime
from polydesk.tickets.solution import (
    accept_solution,
    propose_solution,
    reject_solution,
    reopen_ticket,
)
from polydesk.tickets.waiting import start_waiting
from tests.factories import actor, make_user, token_for
from tests.unit.tickets.world import make_world

E = EventKind
EXPECTED = [
    E.CREATED,
    E.COMMENT_ADDED,  # agent asks
    E.STATUS_CHANGED, E.WAITING_STARTED,  # waiting for the customer
    E.COMMENT_ADDED, E.STATUS_CHANGED, E.WAITING_ENDED,  # the customer replies
    E.COMMENT_ADDED, E.STATUS_CHANGED, E.SOLUTION_PROPOSED,
    E.COMMENT_ADDED, E.STATUS_CHANGED, E.REOPENED, E.SOLUTION_REJECTED,
    E.COMMENT_ADDED, E.STATUS_CHANGED, E.SOLUTION_PROPOSED,
    E.STATUS_CHANGED, E.CLOSED, E.SOLUTION_ACCEPTED,
    E.STATUS_CHANGED, E.REOPENED,  # the customer reopens
    E.APPROVAL_REQUESTED, E.STATUS_CHANGED, E.WAITING_STARTED,  # waits for approval
    E.UPDATED, E.APPROVAL_DECIDED, E.STATUS_CHANGED, E.WAITING_ENDED,  # vote, approved
    E.COMMENT_ADDED, E.STATUS_CHANGED, E.SOLUTION_PROPOSED,
    E.STATUS_CHANGED, E.CLOSED, E.SOLUTION_ACCEPTED,
]  # fmt: skip


def test_the_whole_life_cycle(runtime: Runtime, client: TestClient) -> None:
    with unit_of_work(runtime.factory) as session:
        world = make_world(session)
        manager = make_user(session, Role.CUSTOMER)
        ids = {"ticket": world.ticket.id, "agent": world.agent.id}
        ids |= {"customer": world.customer.id, "manager": manager.id}
        headers = token_for(session, world.agent)
    start = utcnow()

    def step(minutes: int, action: Callable[[Session], object]) -> None:
        with frozen(start + timedelta(minutes=minutes)), unit_of_work(runtime.factory) as s:
            action(s)

    def who(s: Session, name: str) -> Actor:
        return actor(s, s.get_one(User, ids[name]))

    tid = ids["ticket"]
    step(1, lambda s: add_comment(s, who(s, "agent"), tid, CommentCreate(body="Which OS?")))
    step(2, lambda s: start_waiting(s, who(s, "agent"), tid, WaitingFor.CUSTOMER))
    step(32, lambda s: add_comment(s, who(s, "customer"), tid, CommentCreate(body="Windows")))
    step(40, lambda s: propose_solution(s, who(s, "agent"), tid, "Update the VPN client"))
    step(50, lambda s: reject_solution(s, who(s, "customer"), tid, "Still drops"))
    step(60, lambda s: propose_solution(s, who(s, "agent"), tid, "Replace the router"))
    step(70, lambda s: accept_solution(s, who(s, "customer"), tid, rating=3))
    step(80, lambda s: reopen_ticket(s, who(s, "customer"), tid))
    step(81, lambda s: request_spontaneous_approval(
        s, who(s, "agent"), tid, voter_id=ids["manager"], description="New router?"))  # fmt: skip
    step(141, lambda s: vote(s, who(s, "manager"), _pending_approval(s, tid), Vote.APPROVE))
    step(150, lambda s: propose_solution(s, who(s, "agent"), tid, "New router installed"))
    step(160, lambda s: accept_solution(s, who(s, "customer"), tid, rating=5))

    with runtime.factory() as session:
        ticket = session.get_one(Ticket, tid)
        query = select(HistoryEvent.kind).where(HistoryEvent.ticket_id == tid)
        assert list(session.scalars(query.order_by(HistoryEvent.id))) == EXPECTED
        assert (ticket.rating, ticket.reopen_count) == (5, 2)
        # Paused 30 min waiting for the customer and 60 min waiting for approval.
        assert ticket.sla_paused_seconds == 90 * 60 and ticket.sla_paused_at is None

    native = client.get(f"/polydesk/v1/tickets/{tid}", headers=headers).json()
    assert native["status"]["category"] == "closed" and native["waiting_for"] is None
    history = client.get(
        f"/polydesk/v1/tickets/{tid}/history", headers=headers, params={"limit": 100}
    ).json()
    assert [event["kind"] for event in history["items"]] == [kind.value for kind in EXPECTED]


def _pending_approval(session: Session, ticket_id: int) -> int:
    query = select(Approval.id).where(
        Approval.ticket_id == ticket_id, Approval.status == ApprovalStatus.WAITING
    )
    return session.scalars(query).one()
