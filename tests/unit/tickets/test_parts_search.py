"""Comments and attachments across the tickets a search selects."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from polydesk.comments.schemas import CommentCreate
from polydesk.comments.service import add_comment
from polydesk.core.actor import SYSTEM, Role
from polydesk.core.clock import frozen
from polydesk.core.pagination import PageRequest
from polydesk.models.comments import Comment
from polydesk.tickets.criteria import TicketCriteria, Window
from polydesk.tickets.parts_search import PartQuery, count_parts, search_parts
from tests.factories import actor, make_ticket, make_user


def test_comments_of_matching_tickets(session: Session) -> None:
    customer = make_user(session, Role.CUSTOMER)
    mine = make_ticket(session, requester_id=customer.id).id
    other = make_ticket(session).id
    with frozen(datetime(2024, 1, 1, tzinfo=UTC)):
        add_comment(session, SYSTEM, mine, CommentCreate(body="Public 100%"))
        add_comment(session, SYSTEM, mine, CommentCreate(body="secret", is_public=False))
    with frozen(datetime(2024, 2, 1, tzinfo=UTC)):
        add_comment(session, SYSTEM, other, CommentCreate(body="elsewhere"))
    every = PartQuery(criteria=TicketCriteria())
    bodies = [c.body for c in search_parts(session, SYSTEM, Comment, every)]
    assert bodies == ["Public 100%", "secret", "elsewhere"]
    assert count_parts(session, SYSTEM, Comment, PartQuery(TicketCriteria(ids=[mine]))) == 2
    assert [
        c.body
        for c in search_parts(session, SYSTEM, Comment, PartQuery(TicketCriteria(), text="100%"))
    ] == ["Public 100%"]
    january = Window(before=datetime(2024, 1, 15, tzinfo=UTC))
    assert count_parts(session, SYSTEM, Comment, PartQuery(TicketCriteria(), window=january)) == 2
    newest = PartQuery(TicketCriteria(), descending=True, page=PageRequest(limit=1))
    assert [c.body for c in search_parts(session, SYSTEM, Comment, newest)] == ["elsewhere"]
    seen = search_parts(session, actor(session, customer), Comment, every)
    assert [c.body for c in seen] == ["Public 100%"]
