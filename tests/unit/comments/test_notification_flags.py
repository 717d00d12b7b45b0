"""A comment's notification flags travel in its ``article.posted`` event, not on the comment;
a forced user who does not exist is refused and nothing is written."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from polydesk.comments.schemas import CommentCreate
from polydesk.comments.service import add_comment
from polydesk.core.actor import SYSTEM
from polydesk.core.errors import NotFound
from polydesk.events.service import ticket_events
from polydesk.models.comments import Comment
from tests.factories import make_ticket, make_user


def test_the_flags_reach_the_event(session: Session) -> None:
    ticket = make_ticket(session)
    agent = make_user(session)

    other = make_user(session)

    comment = add_comment(session, SYSTEM, ticket.id, CommentCreate(
        body="quiet", no_agent_notify=True, notify_user_ids=[agent.id, agent.id],
        exclude_user_ids=[other.id, other.id], auto_response_type="auto reply",
    ))  # fmt: skip

    [posted] = [e for e in ticket_events(session, ticket.id) if e.kind == "article.posted"]
    assert posted.payload["comment_id"] == comment.id
    assert (posted.payload["no_agent_notify"], posted.payload["notify_user_ids"]) == (
        True, [agent.id]
    )  # fmt: skip
    assert posted.payload["exclude_user_ids"] == [other.id]
    assert comment.auto_response_type == "auto reply"  # stored, unlike the flags


def test_an_unknown_forced_user_is_refused(session: Session) -> None:
    ticket = make_ticket(session)
    count = select(func.count()).select_from(Comment)
    before = session.scalar(count)

    with pytest.raises(NotFound) as refused:
        add_comment(session, SYSTEM, ticket.id, CommentCreate(body="x", notify_user_ids=[999_999]))
    with pytest.raises(NotFound) as excluded:
        add_comment(session, SYSTEM, ticket.id, CommentCreate(body="x", exclude_user_ids=[999_998]))

    assert refused.value.code == "user.not_found" and excluded.value.code == "user.not_found"
    assert session.scalar(count) == before
