"""Ticket visibility (``authz.tickets``): a participant reads the ticket whatever their role, a
customer who only observes reads its public part and does not write to it."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from polydesk.attachments.service import add_attachment, list_attachments
from polydesk.attachments.store import LocalFileStore
from polydesk.authz.tickets import can_change, can_contribute, readable_tickets
from polydesk.comments.schemas import CommentCreate
from polydesk.comments.service import add_comment, list_comments
from polydesk.core.actor import Actor, Role
from polydesk.core.errors import NotFound, PermissionDenied
from polydesk.core.pagination import PageRequest
from polydesk.models.comments import Comment
from polydesk.models.history import HistoryEvent
from polydesk.models.tickets import ParticipantRole, Ticket
from polydesk.models.users import User
from polydesk.tickets.participants import add_participants, remove_participant
from polydesk.tickets.service import get_ticket
from tests.factories import actor, make_company, make_ticket, make_user
from tests.unit.tickets.world import World, make_world

OBSERVER = ParticipantRole.OBSERVER
PAGE = PageRequest(limit=50)


@pytest.fixture
def world(session: Session) -> World:
    return make_world(session)


def _readable_ids(session: Session, who: Actor) -> list[int]:
    query = select(Ticket.id).where(readable_tickets(who)).order_by(Ticket.id)
    return list(session.scalars(query))


def _observer(world: World) -> User:
    follower = make_user(world.session, Role.CUSTOMER)
    add_participants(world.session, world.agent_actor, world.ticket.id, OBSERVER, [follower.id])
    return follower


def _rows(session: Session) -> tuple[int, int]:
    comments = session.scalar(select(func.count()).select_from(Comment)) or 0
    events = session.scalar(select(func.count()).select_from(HistoryEvent)) or 0
    return comments, events


def test_a_customer_observer_reads_the_ticket_and_only_that_one(world: World) -> None:
    other = world.new_ticket(title="Someone else's printer")
    follower = make_user(world.session, Role.CUSTOMER)
    assert _readable_ids(world.session, actor(world.session, follower)) == []

    add_participants(world.session, world.agent_actor, world.ticket.id, OBSERVER, [follower.id])

    reader = actor(world.session, follower)
    assert _readable_ids(world.session, reader) == [world.ticket.id]
    assert get_ticket(world.session, reader, world.ticket.id) is world.ticket
    assert get_ticket(world.session, reader, other.id) is None


def test_an_observer_reads_only_the_public_part(world: World) -> None:
    add_comment(world.session, world.agent_actor, world.ticket.id, CommentCreate(body="Hi"))
    internal = CommentCreate(body="Check the ACL", is_public=False)
    add_comment(world.session, world.agent_actor, world.ticket.id, internal)
    reader = actor(world.session, _observer(world))

    page = list_comments(world.session, reader, world.ticket.id, PAGE)

    assert [comment.body for comment in page.items] == ["Hi"]


def test_an_observer_does_not_write(world: World, tmp_path: Path) -> None:
    reader = actor(world.session, _observer(world))
    before = _rows(world.session)

    with pytest.raises(PermissionDenied) as caught:
        add_comment(world.session, reader, world.ticket.id, CommentCreate(body="Me too"))
    assert caught.value.code == "ticket.permission_denied"
    with pytest.raises(PermissionDenied):
        add_attachment(
            world.session, reader, LocalFileStore(tmp_path), ticket_id=world.ticket.id,
            filename="me.txt", data=b"me too", max_bytes=1024,
        )  # fmt: skip

    assert _rows(world.session) == before
    assert list_attachments(world.session, reader, world.ticket.id, PAGE).items == []
    assert not can_contribute(reader, world.ticket)


def test_the_requester_and_company_colleagues_still_write(world: World) -> None:
    company = make_company(world.session)
    requester = make_user(world.session, Role.CUSTOMER, company=company)
    colleague = make_user(world.session, Role.CUSTOMER, company=company)
    ticket = make_ticket(world.session, as_user=requester, helpdesk_id=world.desk.id)
    assert ticket.company_id == company.id

    for user in (requester, colleague):
        writer = actor(world.session, user)
        assert can_contribute(writer, ticket)
        add_comment(world.session, writer, ticket.id, CommentCreate(body=f"from {user.login}"))

    assert world.session.scalar(select(func.count()).where(Comment.ticket_id == ticket.id)) == 2


def test_removing_the_observer_hides_the_ticket_again(world: World) -> None:
    follower = _observer(world)
    remove_participant(world.session, world.agent_actor, world.ticket.id, OBSERVER, follower.id)

    reader = actor(world.session, follower)
    assert _readable_ids(world.session, reader) == []
    with pytest.raises(NotFound):
        list_comments(world.session, reader, world.ticket.id, PAGE)


def test_agents_keep_their_rules(world: World) -> None:
    outsider = make_user(world.session)
    assert _readable_ids(world.session, actor(world.session, outsider)) == []
    add_participants(world.session, world.agent_actor, world.ticket.id, OBSERVER, [outsider.id])

    reader = actor(world.session, outsider)
    assert _readable_ids(world.session, reader) == [world.ticket.id]
    assert not can_contribute(reader, world.ticket)  # reading is not changing
    assert can_contribute(world.agent_actor, world.ticket)
    nobody = Actor(user_id=None, role=Role.CUSTOMER)
    assert _readable_ids(world.session, nobody) == []


def test_the_requester_always_comments_whatever_their_role(world: World) -> None:
    """An agent of another help desk who reported a problem is that request's customer: they
    read it (as its requester) and may comment on it, though they may not change it."""
    outsider = make_user(world.session)
    reporter = actor(world.session, outsider)
    ticket = make_ticket(world.session, requester_id=outsider.id, title="My laptop")
    assert not can_change(reporter, ticket)
    assert can_contribute(reporter, ticket)
    add_comment(world.session, reporter, ticket.id, CommentCreate(body="Still broken"))
