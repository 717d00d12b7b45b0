"""The ``sentiments`` criterion: tickets by the customer's current sentiment, as classified by
the sentiment service from the ticket's text and then from each customer comment."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError
from sqlalchemy.orm import Session

from polydesk.comments.schemas import CommentCreate
from polydesk.comments.service import add_comment
from polydesk.core.actor import SYSTEM, Role
from polydesk.core.pagination import PageRequest
from polydesk.models.tickets import Sentiment, Ticket
from polydesk.tickets.criteria import SortKey, TicketCriteria
from polydesk.tickets.service import count_ticket_matches, search_ticket_ids
from tests.factories import actor, make_helpdesk, make_ticket, make_user

HAPPY = "Thank you so much, the new laptop is wonderful and works great"
ANGRY = "This is terrible, the printer is broken again and I am furious"
PLAIN = "Printer on floor three"


def _ids(session: Session, **criteria: Any) -> list[int]:
    criteria_ = TicketCriteria(sort=[SortKey(key="id")], **criteria)
    return search_ticket_ids(session, SYSTEM, criteria_, PageRequest(limit=500))


def _three(session: Session) -> tuple[Ticket, Ticket, Ticket]:
    return (
        make_ticket(session, title=HAPPY),
        make_ticket(session, title=ANGRY),
        make_ticket(session, title=PLAIN),
    )


def test_tickets_start_with_the_sentiment_of_their_text(session: Session) -> None:
    happy, angry, plain = _three(session)
    assert _ids(session, sentiments=[Sentiment.POSITIVE]) == [happy.id]
    assert _ids(session, sentiments=[Sentiment.NEGATIVE]) == [angry.id]
    assert _ids(session, sentiments=[Sentiment.NEUTRAL]) == [plain.id]
    both = [Sentiment.NEGATIVE, Sentiment.POSITIVE]
    assert _ids(session, sentiments=both) == [happy.id, angry.id]  # alternatives are ORed
    assert _ids(session, sentiments=[]) == []  # an empty list matches nothing
    assert _ids(session) == [happy.id, angry.id, plain.id]  # None filters nothing


def test_the_filter_follows_the_current_sentiment_not_the_initial_one(session: Session) -> None:
    customer = make_user(session, Role.CUSTOMER)
    ticket = make_ticket(session, as_user=customer, title=HAPPY)
    assert ticket.sentiment_initial is Sentiment.POSITIVE
    reply = CommentCreate(body="Still broken. This is awful and I am really angry now.")
    add_comment(session, actor(session, customer), ticket.id, reply)
    session.refresh(ticket)
    assert (ticket.sentiment_initial, ticket.sentiment_current) == (
        Sentiment.POSITIVE,
        Sentiment.NEGATIVE,
    )
    assert _ids(session, sentiments=[Sentiment.NEGATIVE]) == [ticket.id]
    assert _ids(session, sentiments=[Sentiment.POSITIVE]) == []


def test_tickets_without_a_sentiment_match_no_sentiment(session: Session) -> None:
    happy, _, _ = _three(session)
    happy.sentiment_current = None
    session.flush()
    every = list(Sentiment)
    assert happy.id not in _ids(session, sentiments=every)
    assert len(_ids(session, sentiments=every)) == 2


def test_the_filter_combines_with_others_and_with_visibility(session: Session) -> None:
    desk, other_desk = make_helpdesk(session), make_helpdesk(session)
    agent = make_user(session, helpdesks=[desk])
    seen = make_ticket(session, title=ANGRY, helpdesk_id=desk.id)
    hidden = make_ticket(session, title=ANGRY, helpdesk_id=other_desk.id)  # not the agent's
    make_ticket(session, title=HAPPY, helpdesk_id=desk.id)
    criteria = TicketCriteria(sentiments=[Sentiment.NEGATIVE])
    assert search_ticket_ids(session, actor(session, agent), criteria, PageRequest(50)) == [seen.id]
    assert count_ticket_matches(session, actor(session, agent), criteria) == 1
    assert count_ticket_matches(session, SYSTEM, criteria) == 2
    both = _ids(session, sentiments=[Sentiment.NEGATIVE], helpdesk_ids=[other_desk.id])
    assert both == [hidden.id]


def test_unknown_sentiment_words_are_refused() -> None:
    with pytest.raises(ValidationError):
        TicketCriteria.model_validate({"sentiments": ["furious"]})
    assert TicketCriteria.model_validate({"sentiments": ["negative"]}).sentiments == [
        Sentiment.NEGATIVE
    ]
