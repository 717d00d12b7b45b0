"""What a comment does to the ticket's life cycle: the requester's reply ends a wait for the
customer; an opening message sets the initial sentiment."""

from __future__ import annotations

from polydesk.comments.schemas import CommentCreate
from polydesk.comments.service import add_comment
from polydesk.models.catalogs import StatusCategory
from polydesk.models.comments import SenderType
from polydesk.models.tickets import Sentiment, WaitingFor
from polydesk.tickets.waiting import start_waiting
from tests.unit.tickets.world import World


def test_a_reply_in_the_customers_name_ends_the_wait(world: World) -> None:
    start_waiting(world.session, world.agent_actor, world.ticket.id, WaitingFor.CUSTOMER)
    add_comment(
        world.session, world.agent_actor, world.ticket.id,
        CommentCreate(body="(phone) customer says it works", sender_type=SenderType.CUSTOMER),
    )  # fmt: skip
    assert world.ticket.waiting_for is None
    assert world.status().category is StatusCategory.OPEN


def test_an_internal_note_by_an_agent_does_not(world: World) -> None:
    start_waiting(world.session, world.agent_actor, world.ticket.id, WaitingFor.CUSTOMER)
    add_comment(
        world.session, world.agent_actor, world.ticket.id,
        CommentCreate(body="chased by phone", is_public=False),
    )  # fmt: skip
    assert world.ticket.waiting_for is WaitingFor.CUSTOMER


def test_an_opening_message_sets_the_initial_sentiment(world: World) -> None:
    ticket = world.new_ticket(title="Request")
    assert ticket.sentiment_initial is Sentiment.NEUTRAL
    add_comment(
        world.session, world.customer_actor, ticket.id,
        CommentCreate(body="Everything is broken, this is a disaster!", is_initial=True),
    )  # fmt: skip
    assert ticket.sentiment_initial is ticket.sentiment_current is Sentiment.NEGATIVE
