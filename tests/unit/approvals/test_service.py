"""Approvals: request, voters, votes and quorum, cancel, and the effect on the ticket."""

from __future__ import annotations

from datetime import timedelta

import pytest

from polydesk.approvals.service import (
    add_voter,
    cancel_approval,
    list_approvals,
    list_votes,
    request_approval,
    request_spontaneous_approval,
    vote,
)
from polydesk.core.actor import Role
from polydesk.core.clock import frozen
from polydesk.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from polydesk.models.approvals import ApprovalKind, ApprovalStatus, Vote
from polydesk.models.catalogs import StatusCategory
from polydesk.models.history import EventKind
from polydesk.models.tickets import WaitingFor
from polydesk.models.users import User
from polydesk.tickets.solution import cancel_ticket
from polydesk.tickets.waiting import start_waiting, stop_waiting
from tests.factories import actor, make_user
from tests.unit.tickets.world import T0, World


def _voters(world: World, count: int) -> list[User]:
    return [make_user(world.session, Role.CUSTOMER) for _ in range(count)]


def test_a_pending_approval_pauses_the_sla_and_approval_resumes_the_ticket(world: World) -> None:
    (manager,) = _voters(world, 1)
    with frozen(T0):
        approval = request_spontaneous_approval(
            world.session, world.agent_actor, world.ticket.id, voter_id=manager.id,
            description="Buy a new laptop?",
        )  # fmt: skip
    assert approval.kind == ApprovalKind.SPONTANEOUS.value
    assert approval.status is ApprovalStatus.WAITING
    assert world.status().name == "Waiting for approval"
    assert world.ticket.waiting_for is WaitingFor.APPROVAL and world.ticket.sla_paused_at == T0
    with frozen(T0 + timedelta(hours=1)):
        vote(world.session, actor(world.session, manager), approval.id, Vote.APPROVE, "ok")
    assert approval.status is ApprovalStatus.APPROVED and approval.decided_by_id == manager.id
    assert world.status().category is StatusCategory.OPEN
    assert world.ticket.sla_paused_seconds == 3600
    kinds = world.kinds()
    assert kinds.index(EventKind.APPROVAL_REQUESTED) < kinds.index(EventKind.APPROVAL_DECIDED)
    decided = next(e for e in world.events() if e.kind is EventKind.APPROVAL_DECIDED)
    assert (decided.related_id, decided.new_value) == (approval.id, "approved")


def test_an_approval_wait_is_recorded_when_it_starts_and_when_it_ends(world: World) -> None:
    (manager,) = _voters(world, 1)
    approval = request_spontaneous_approval(
        world.session, world.agent_actor, world.ticket.id, voter_id=manager.id, description="?"
    )
    assert world.kinds()[-3:] == [
        EventKind.APPROVAL_REQUESTED,
        EventKind.STATUS_CHANGED,
        EventKind.WAITING_STARTED,
    ]
    vote(world.session, actor(world.session, manager), approval.id, Vote.APPROVE)
    waits = [e for e in world.events() if e.field == "waiting_for"]
    assert [(e.kind, e.old_value, e.new_value, e.related_id) for e in waits] == [
        (EventKind.WAITING_STARTED, None, "approval", approval.id),
        (EventKind.WAITING_ENDED, "approval", None, None),
    ]
    assert waits[1].description == f"approval {approval.id} approved"


def test_an_approval_on_a_waiting_ticket_starts_no_second_wait(world: World) -> None:
    (manager,) = _voters(world, 1)
    start_waiting(world.session, world.agent_actor, world.ticket.id, WaitingFor.CUSTOMER)
    request_spontaneous_approval(
        world.session, world.agent_actor, world.ticket.id, voter_id=manager.id, description="?"
    )
    assert world.ticket.waiting_for is WaitingFor.CUSTOMER
    assert world.kinds().count(EventKind.WAITING_STARTED) == 1


def test_rejection_rejects_the_ticket(world: World) -> None:
    (manager,) = _voters(world, 1)
    approval = request_spontaneous_approval(
        world.session, world.agent_actor, world.ticket.id, voter_id=manager.id, description="?"
    )
    vote(world.session, actor(world.session, manager), approval.id, Vote.REJECT, "too costly")
    assert approval.status is ApprovalStatus.REJECTED
    assert world.status().name == "Rejected" and world.ticket.waiting_for is None
    assert world.ticket.sla_paused_at is None
    assert world.kinds()[-4:] == [
        EventKind.APPROVAL_DECIDED,
        EventKind.WAITING_ENDED,
        EventKind.STATUS_CHANGED,
        EventKind.CLOSED,
    ]
    kinds = world.kinds()
    assert kinds.count(EventKind.WAITING_STARTED) == kinds.count(EventKind.WAITING_ENDED) == 1


def test_quorum_decides_and_annuls_the_rest(world: World) -> None:
    a, b, c = _voters(world, 3)
    approval = request_approval(
        world.session, world.agent_actor, world.ticket.id, voter_ids=[a.id, b.id, c.id],
        required_votes=2,
    )  # fmt: skip
    vote(world.session, actor(world.session, a), approval.id, Vote.REJECT)
    assert approval.status is ApprovalStatus.WAITING  # 2 of 3 can still approve
    vote(world.session, actor(world.session, b), approval.id, Vote.APPROVE)
    assert approval.status is ApprovalStatus.WAITING
    vote(world.session, actor(world.session, c), approval.id, Vote.APPROVE)
    assert approval.status is ApprovalStatus.APPROVED
    votes = list_votes(world.session, world.agent_actor, approval.id)
    assert [(v.user_id, v.vote) for v in votes] == [
        (a.id, Vote.REJECT),
        (b.id, Vote.APPROVE),
        (c.id, Vote.APPROVE),
    ]


def test_rejections_that_make_the_quorum_unreachable_reject(world: World) -> None:
    a, b, c = _voters(world, 3)
    approval = request_approval(
        world.session, world.agent_actor, world.ticket.id, voter_ids=[a.id, b.id, c.id],
        required_votes=2, pauses_sla=False,
    )  # fmt: skip
    assert world.ticket.waiting_for is None  # does not pause: the ticket stays where it is
    vote(world.session, actor(world.session, a), approval.id, Vote.REJECT)
    vote(world.session, actor(world.session, b), approval.id, Vote.REJECT)
    assert approval.status is ApprovalStatus.REJECTED
    pending = list_votes(world.session, actor(world.session, c), approval.id)
    assert {v.user_id: v.vote for v in pending}[c.id] is Vote.ANNULLED


def test_votes_are_checked(world: World) -> None:
    a, b = _voters(world, 2)
    approval = request_approval(
        world.session, world.agent_actor, world.ticket.id, voter_ids=[a.id, b.id],
        required_votes=2,
    )  # fmt: skip
    with pytest.raises(PermissionDenied) as caught:
        vote(world.session, world.agent_actor, approval.id, Vote.APPROVE)
    assert caught.value.code == "approval.not_a_voter"
    vote(world.session, actor(world.session, a), approval.id, Vote.APPROVE)
    with pytest.raises(Conflict) as caught:
        vote(world.session, actor(world.session, a), approval.id, Vote.REJECT)
    assert caught.value.code == "approval.already_voted"
    with pytest.raises(ValidationFailed):
        vote(world.session, actor(world.session, b), approval.id, Vote.EXPIRED)
    with pytest.raises(NotFound):
        vote(world.session, actor(world.session, b), 99_999, Vote.APPROVE)


def test_add_voter_while_pending(world: World) -> None:
    a, b = _voters(world, 2)
    approval = request_approval(world.session, world.agent_actor, world.ticket.id, voter_ids=[a.id])
    assert add_voter(world.session, world.agent_actor, approval.id, b.id) is True
    assert add_voter(world.session, world.agent_actor, approval.id, b.id) is False
    with pytest.raises(NotFound):
        add_voter(world.session, world.agent_actor, approval.id, 99_999)
    with pytest.raises(PermissionDenied):
        add_voter(world.session, world.customer_actor, approval.id, a.id)
    pending = list_votes(world.session, world.agent_actor, approval.id, only_pending=True)
    assert [v.user_id for v in pending] == [a.id, b.id]
    vote(world.session, actor(world.session, b), approval.id, Vote.APPROVE)
    with pytest.raises(Conflict) as caught:
        add_voter(world.session, world.agent_actor, approval.id, a.id)
    assert caught.value.code == "approval.not_pending"


def test_cancel_resumes_the_ticket_and_annuls_votes(world: World) -> None:
    (a,) = _voters(world, 1)
    approval = request_approval(world.session, world.agent_actor, world.ticket.id, voter_ids=[a.id])
    cancel_approval(world.session, world.agent_actor, approval.id, "no longer needed")
    assert approval.status is ApprovalStatus.CANCELLED
    assert approval.decision_note == "no longer needed"
    assert world.status().category is StatusCategory.OPEN and world.ticket.waiting_for is None
    assert list_votes(world.session, world.agent_actor, approval.id)[0].vote is Vote.ANNULLED
    assert (
        list_approvals(world.session, world.agent_actor, world.ticket.id, only_pending=True) == []
    )


def test_the_ticket_resumes_only_when_the_last_pausing_approval_ends(world: World) -> None:
    a, b = _voters(world, 2)
    first = request_approval(world.session, world.agent_actor, world.ticket.id, voter_ids=[a.id])
    second = request_approval(world.session, world.agent_actor, world.ticket.id, voter_ids=[b.id])
    vote(world.session, actor(world.session, a), first.id, Vote.APPROVE)
    assert world.ticket.waiting_for is WaitingFor.APPROVAL
    vote(world.session, actor(world.session, b), second.id, Vote.APPROVE)
    assert world.ticket.waiting_for is None


def test_a_ticket_waiting_for_something_else_keeps_that_wait(world: World) -> None:
    (a,) = _voters(world, 1)
    start_waiting(world.session, world.agent_actor, world.ticket.id, WaitingFor.CUSTOMER)
    approval = request_approval(world.session, world.agent_actor, world.ticket.id, voter_ids=[a.id])
    assert world.ticket.waiting_for is WaitingFor.CUSTOMER
    vote(world.session, actor(world.session, a), approval.id, Vote.APPROVE)
    assert world.ticket.waiting_for is WaitingFor.CUSTOMER


def test_bad_requests_change_nothing(world: World) -> None:
    (a,) = _voters(world, 1)
    before = world.kinds()
    attempts = [
        ({"voter_ids": []}, ValidationFailed),
        ({"voter_ids": [a.id], "required_votes": 2}, ValidationFailed),
        ({"voter_ids": [a.id, 99_999]}, NotFound),
        ({"voter_ids": [a.id], "expires_at": T0}, ValidationFailed),
    ]
    for kwargs, error in attempts:
        with frozen(T0 + timedelta(days=1)), pytest.raises(error):
            request_approval(world.session, world.agent_actor, world.ticket.id, **kwargs)
    with pytest.raises(ValidationFailed):
        request_spontaneous_approval(
            world.session, world.agent_actor, world.ticket.id, voter_id=a.id, description=" "
        )
    with pytest.raises(PermissionDenied):
        request_approval(world.session, world.customer_actor, world.ticket.id, voter_ids=[a.id])
    assert world.kinds() == before
    assert list_approvals(world.session, world.agent_actor, world.ticket.id) == []


def test_cancelling_the_ticket_cancels_its_pending_approvals(world: World) -> None:
    (a,) = _voters(world, 1)
    approval = request_approval(world.session, world.agent_actor, world.ticket.id, voter_ids=[a.id])
    cancel_ticket(world.session, world.agent_actor, world.ticket.id)
    assert approval.status is ApprovalStatus.CANCELLED
    with pytest.raises(Conflict):
        request_approval(world.session, world.agent_actor, world.ticket.id, voter_ids=[a.id])


def test_voters_see_their_approval_without_seeing_the_ticket(world: World) -> None:
    (a,) = _voters(world, 1)
    stranger = make_user(world.session, Role.CUSTOMER)
    approval = request_approval(world.session, world.agent_actor, world.ticket.id, voter_ids=[a.id])
    assert len(list_votes(world.session, actor(world.session, a), approval.id)) == 1
    with pytest.raises(NotFound):
        list_votes(world.session, actor(world.session, stranger), approval.id)
    with pytest.raises(NotFound):
        list_approvals(world.session, actor(world.session, a), world.ticket.id)


def test_an_approval_wait_is_not_replaced_or_stopped_by_hand(world: World) -> None:
    (a,) = _voters(world, 1)
    request_approval(world.session, world.agent_actor, world.ticket.id, voter_ids=[a.id])
    for attempt in (
        lambda: start_waiting(world.session, world.agent_actor, world.ticket.id, WaitingFor.AGENT),
        lambda: stop_waiting(world.session, world.agent_actor, world.ticket.id),
    ):
        with pytest.raises(Conflict) as caught:
            attempt()
        assert caught.value.code == "waiting.approval_pending"
    assert world.ticket.waiting_for is WaitingFor.APPROVAL
