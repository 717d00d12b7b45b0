"""Solution proposed -> accepted / rejected; cancel, reject and reopen with reasons."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from polydesk.catalogs.service import get_catalog_item_by_name
from polydesk.comments.schemas import CommentCreate
from polydesk.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from polydesk.models.catalogs import StatusCategory
from polydesk.models.comments import Channel, Comment, SolutionState
from polydesk.models.history import EventKind
from polydesk.models.jobs import OutgoingMail
from polydesk.models.tickets import WaitingFor
from polydesk.tickets.solution import (
    accept_solution,
    cancel_ticket,
    propose_solution,
    reject_solution,
    reject_ticket,
    reopen_ticket,
)
from polydesk.tickets.waiting import start_waiting
from tests.factories import actor, make_user
from tests.jobs import commit_and_run_jobs
from tests.unit.tickets.world import World


def _comments(world: World) -> list[Comment]:
    query = select(Comment).where(Comment.ticket_id == world.ticket.id).order_by(Comment.id)
    return list(world.session.scalars(query))


def test_proposing_a_solution_resolves_and_ends_a_wait(world: World) -> None:
    start_waiting(world.session, world.agent_actor, world.ticket.id, WaitingFor.CUSTOMER)
    comment = propose_solution(world.session, world.agent_actor, world.ticket.id, "Reinstall")
    assert comment.is_solution and comment.is_public
    assert comment.solution_state is SolutionState.PROPOSED
    assert world.status().name == "Resolved" and world.ticket.solved_at is not None
    assert world.ticket.waiting_for is None and world.ticket.sla_paused_at is None
    assert world.kinds()[-4:] == [  # straight from waiting to resolved
        EventKind.COMMENT_ADDED,
        EventKind.WAITING_ENDED,
        EventKind.STATUS_CHANGED,
        EventKind.SOLUTION_PROPOSED,
    ]
    with pytest.raises(Conflict) as caught:
        propose_solution(world.session, world.agent_actor, world.ticket.id, "Again")
    assert caught.value.code == "solution.ticket_not_open"


def test_a_solution_keeps_the_edges_channel_and_mime_type(world: World) -> None:
    command = CommentCreate(body="<p>Reinstall</p>", channel=Channel.API, mime_type="text/html")

    comment = propose_solution(world.session, world.agent_actor, world.ticket.id, command)

    assert (comment.channel, comment.mime_type) == (Channel.API, "text/html")
    assert comment.is_solution and comment.is_public and comment.body == "<p>Reinstall</p>"
    assert comment.solution_state is SolutionState.PROPOSED
    assert world.status().name == "Resolved"


def test_a_plain_text_solution_is_a_web_comment(world: World) -> None:
    comment = propose_solution(world.session, world.agent_actor, world.ticket.id, "Reinstall")

    assert (comment.channel, comment.mime_type) == (Channel.WEB, "text/plain")


def test_an_internal_solution_is_refused_and_changes_nothing(world: World) -> None:
    before = (len(_comments(world)), len(world.kinds()))
    internal = CommentCreate(body="Reinstall", is_public=False)

    with pytest.raises(ValidationFailed) as caught:
        propose_solution(world.session, world.agent_actor, world.ticket.id, internal)

    assert caught.value.code == "solution.not_public"
    assert (len(_comments(world)), len(world.kinds())) == before
    assert world.status().category is StatusCategory.NEW


def test_customers_cannot_propose_solutions(world: World) -> None:
    with pytest.raises(PermissionDenied):
        propose_solution(world.session, world.customer_actor, world.ticket.id, "Fixed it myself")


def test_accepting_closes_with_rating_and_close_reason(world: World) -> None:
    propose_solution(world.session, world.agent_actor, world.ticket.id, "Reinstall the client")
    accept_solution(
        world.session, world.customer_actor, world.ticket.id, rating=5, comment="Thanks!"
    )
    reason = get_catalog_item_by_name(world.session, "close_reason", "Solution accepted")
    assert reason is not None and world.ticket.close_reason_id == reason.id
    assert world.status().name == "Closed" and world.ticket.closed_at is not None
    assert (world.ticket.rating, world.ticket.rating_comment) == (5, "Thanks!")
    assert _comments(world)[-1].solution_state is SolutionState.ACCEPTED
    kinds = world.kinds()
    assert kinds[-2:] == [EventKind.CLOSED, EventKind.SOLUTION_ACCEPTED]


def test_accepting_needs_a_proposed_solution_and_a_valid_rating(world: World) -> None:
    with pytest.raises(Conflict) as caught:
        accept_solution(world.session, world.customer_actor, world.ticket.id, rating=5)
    assert caught.value.code == "solution.none_proposed"
    propose_solution(world.session, world.agent_actor, world.ticket.id, "Try this")
    with pytest.raises(ValidationFailed):
        accept_solution(world.session, world.customer_actor, world.ticket.id, rating=11)
    assert world.status().name == "Resolved" and world.ticket.rating is None


def test_rejecting_reopens_with_the_reason_as_a_comment(world: World) -> None:
    propose_solution(world.session, world.agent_actor, world.ticket.id, "Reboot")
    with pytest.raises(ValidationFailed) as caught:
        reject_solution(world.session, world.customer_actor, world.ticket.id, "  ")
    assert caught.value.code == "solution.reason_required"
    reject_solution(world.session, world.customer_actor, world.ticket.id, "Still broken")
    assert world.status().category is StatusCategory.OPEN
    assert world.ticket.reopen_count == 1 and world.ticket.solved_at is None
    solution, reason = _comments(world)[-2:]
    assert solution.solution_state is SolutionState.REJECTED
    assert (reason.body, reason.is_public, reason.author_id) == (
        "Still broken",
        True,
        world.customer.id,
    )
    assert EventKind.REOPENED in world.kinds()
    assert world.kinds()[-1] is EventKind.SOLUTION_REJECTED


def test_another_customer_cannot_accept(world: World) -> None:
    propose_solution(world.session, world.agent_actor, world.ticket.id, "Reboot")
    stranger = make_user(world.session, world.customer.role)
    with pytest.raises(NotFound):
        accept_solution(world.session, actor(world.session, stranger), world.ticket.id)


def test_cancel_with_a_reason_by_the_requester(world: World) -> None:
    cancel_ticket(world.session, world.customer_actor, world.ticket.id, reason="Not needed")
    assert world.status().name == "Cancelled"
    assert world.status().category is StatusCategory.CANCELLED
    assert world.ticket.closed_by_id == world.customer.id
    assert _comments(world)[-1].body == "Not needed"
    assert world.kinds()[-1] is EventKind.CLOSED
    with pytest.raises(Conflict) as caught:
        cancel_ticket(world.session, world.customer_actor, world.ticket.id)
    assert caught.value.code == "ticket.already_closed"


def test_reject_is_for_agents_and_checks_the_close_reason(world: World) -> None:
    with pytest.raises(PermissionDenied):
        reject_ticket(world.session, world.customer_actor, world.ticket.id)
    with pytest.raises(NotFound):
        reject_ticket(world.session, world.agent_actor, world.ticket.id, close_reason_id=99_999)
    assert world.status().category is StatusCategory.NEW
    invalid = get_catalog_item_by_name(world.session, "close_reason", "Invalid")
    assert invalid is not None
    reject_ticket(
        world.session, world.agent_actor, world.ticket.id, reason="Out of scope",
        close_reason_id=invalid.id,
    )  # fmt: skip
    assert world.status().name == "Rejected" and world.ticket.close_reason_id == invalid.id


def test_reopen_clears_the_close_reason_and_counts(world: World) -> None:
    with pytest.raises(Conflict) as caught:
        reopen_ticket(world.session, world.agent_actor, world.ticket.id)
    assert caught.value.code == "ticket.not_closed"
    propose_solution(world.session, world.agent_actor, world.ticket.id, "Reboot")
    accept_solution(world.session, world.customer_actor, world.ticket.id, rating=2)
    reopen_ticket(world.session, world.customer_actor, world.ticket.id)
    assert world.status().name == "Reopened" and world.ticket.close_reason_id is None
    assert world.ticket.reopen_count == 1 and world.ticket.closed_at is None
    assert world.kinds()[-1] is EventKind.REOPENED


def test_status_changes_notify_the_copied_addresses(world: World) -> None:
    ticket = world.new_ticket(cc=["boss@example.com"])
    commit_and_run_jobs(world.session)  # the notices are written after commit, by the worker
    cc_notices = select(OutgoingMail).where(OutgoingMail.cc_addresses != "")  # not notifications
    queued = world.session.scalar(select(func.count()).select_from(cc_notices.subquery()))
    propose_solution(world.session, world.agent_actor, ticket.id, "Done")
    commit_and_run_jobs(world.session)
    mails = list(world.session.scalars(cc_notices.order_by(OutgoingMail.id)))
    assert len(mails) == (queued or 0) + 1
    assert "Changed: status" in mails[-1].body and "Resolved" in mails[-1].body
