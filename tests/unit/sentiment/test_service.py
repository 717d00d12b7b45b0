"""Sentiment: the library's verdicts, and the ticket's initial and current sentiment."""

from __future__ import annotations

from sqlalchemy.orm import Session

from polydesk.comments.schemas import CommentCreate
from polydesk.comments.service import add_comment
from polydesk.core.actor import Role
from polydesk.models.tickets import Sentiment
from polydesk.sentiment.service import MAX_CHARS, classify
from tests.factories import actor, make_helpdesk, make_ticket, make_user


def test_classify() -> None:
    assert classify("Thanks a lot, it works great now!") is Sentiment.POSITIVE
    assert classify("This is terrible, I am furious and nothing works") is Sentiment.NEGATIVE
    assert classify("The printer is on the second floor") is Sentiment.NEUTRAL
    assert classify("", "") is Sentiment.NEUTRAL
    assert classify("<p>I <b>love</b> it</p>") is Sentiment.POSITIVE


def test_long_texts_are_cut() -> None:
    assert classify("x " * MAX_CHARS + " horrible awful disaster") is Sentiment.NEUTRAL


def test_ticket_sentiment_initial_then_current_from_the_customer(session: Session) -> None:
    desk = make_helpdesk(session)
    agent = make_user(session, helpdesks=[desk])
    customer = make_user(session, Role.CUSTOMER)
    ticket = make_ticket(
        session, as_user=customer, helpdesk_id=desk.id, title="Awful service",
        description="This is terrible, the laptop broke again and I am angry.",
    )  # fmt: skip
    assert ticket.sentiment_initial is ticket.sentiment_current is Sentiment.NEGATIVE
    add_comment(session, actor(session, agent), ticket.id, CommentCreate(body="Great, thanks!"))
    assert ticket.sentiment_current is Sentiment.NEGATIVE  # an agent's words are not the customer's
    add_comment(
        session, actor(session, customer), ticket.id,
        CommentCreate(body="Thank you so much, it works perfectly now!"),
    )  # fmt: skip
    assert ticket.sentiment_current is Sentiment.POSITIVE
    assert ticket.sentiment_initial is Sentiment.NEGATIVE
