"""Work totals follow the reader: a customer's totals count only public time and comments."""

from __future__ import annotations

from sqlalchemy.orm import Session

from polydesk.comments.schemas import CommentCreate
from polydesk.comments.service import add_comment
from polydesk.core.actor import Role
from polydesk.timetracking.service import TimeEntryCreate, log_time, work_summaries
from tests.factories import actor, make_ticket, make_user


def test_customers_totals_leave_out_internal_work(session: Session) -> None:
    agent, customer = make_user(session, Role.ADMIN), make_user(session, Role.CUSTOMER)
    ticket = make_ticket(session, agent, requester_id=customer.id)
    staff = actor(session, agent)
    log_time(session, staff, ticket.id, TimeEntryCreate(duration_seconds=600))
    log_time(session, staff, ticket.id, TimeEntryCreate(duration_seconds=900, is_public=False))
    add_comment(session, staff, ticket.id, CommentCreate(body="On my way"))
    add_comment(session, staff, ticket.id, CommentCreate(body="Dusty inside", is_public=False))

    seen_by_agent = work_summaries(session, staff, [ticket.id])[ticket.id]
    seen_by_customer = work_summaries(session, actor(session, customer), [ticket.id])[ticket.id]

    assert (seen_by_agent.durations, seen_by_agent.comments) == ([600, 900], 2)
    assert (seen_by_customer.durations, seen_by_customer.comments) == ([600], 1)
