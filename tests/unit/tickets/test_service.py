"""Ticket service: create, update, history, lifecycle, list/search, visibility."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from polydesk.catalogs.service import get_catalog_item_by_name
from polydesk.comments.schemas import CommentCreate
from polydesk.comments.service import add_comment
from polydesk.core.actor import SYSTEM, Role
from polydesk.core.errors import NotFound, PermissionDenied, ValidationFailed
from polydesk.core.pagination import PageRequest
from polydesk.models.history import EventKind, HistoryEvent
from polydesk.tickets.schemas import SortField, TicketFilter, TicketUpdate
from polydesk.tickets.service import list_tickets, require_ticket, update_ticket
from tests.factories import actor, make_company, make_helpdesk, make_ticket, make_user

PAGE = PageRequest(limit=50)


def _status(session: Session, name: str) -> int:
    item = get_catalog_item_by_name(session, "status", name)
    assert item is not None, name
    return item.id


def _kinds(session: Session, ticket_id: int) -> list[EventKind]:
    query = select(HistoryEvent.kind).where(HistoryEvent.ticket_id == ticket_id)
    return list(session.scalars(query.order_by(HistoryEvent.id)))


def test_create_fills_defaults_number_and_history(session: Session) -> None:
    ticket = make_ticket(session, title="Printer on fire", description="Smoke everywhere")
    assert ticket.status.is_default and ticket.priority.is_default
    assert len(ticket.number) == 16 and ticket.number.isdigit()
    assert ticket.created_at == ticket.updated_at
    assert _kinds(session, ticket.id) == [EventKind.CREATED]


def test_numbers_are_unique_and_increasing(session: Session) -> None:
    numbers = [make_ticket(session).number for _ in range(5)]
    assert len(set(numbers)) == 5
    assert [int(n[10:15]) for n in numbers] == sorted(int(n[10:15]) for n in numbers)


def test_update_records_one_event_per_changed_field(session: Session) -> None:
    agent = make_user(session)
    ticket = make_ticket(session, title="Old")
    update_ticket(session, SYSTEM, ticket.id, TicketUpdate(title="New", owner_id=agent.id))
    assert sorted(_kinds(session, ticket.id)[1:]) == [
        EventKind.OWNER_CHANGED,
        EventKind.TITLE_CHANGED,
    ]
    update_ticket(session, SYSTEM, ticket.id, TicketUpdate(title="New"))  # no change, no event
    assert len(_kinds(session, ticket.id)) == 3


def test_close_and_reopen_stamp_the_clocks(session: Session) -> None:
    ticket = make_ticket(session)
    closed = update_ticket(
        session, SYSTEM, ticket.id, TicketUpdate(status_id=_status(session, "Closed"))
    )
    assert closed.closed_at is not None and closed.solved_at is not None
    reopened = update_ticket(
        session, SYSTEM, ticket.id, TicketUpdate(status_id=_status(session, "Open"))
    )
    assert reopened.closed_at is None and reopened.reopen_count == 1
    assert EventKind.REOPENED in _kinds(session, ticket.id)


def test_owner_must_be_an_agent_and_references_must_exist(session: Session) -> None:
    customer = make_user(session, Role.CUSTOMER)
    ticket = make_ticket(session)
    with pytest.raises(ValidationFailed):
        update_ticket(session, SYSTEM, ticket.id, TicketUpdate(owner_id=customer.id))
    with pytest.raises(NotFound):
        update_ticket(session, SYSTEM, ticket.id, TicketUpdate(priority_id=99999))


def test_visibility_by_helpdesk_membership_and_company(session: Session) -> None:
    desk_a, desk_b = make_helpdesk(session), make_helpdesk(session)
    acme = make_company(session)
    agent_a = make_user(session, helpdesks=[desk_a])
    reader_b = make_user(session, read_only=[desk_b])
    alice = make_user(session, Role.CUSTOMER, company=acme)
    bob = make_user(session, Role.CUSTOMER, company=acme)
    carol = make_user(session, Role.CUSTOMER)
    in_a = make_ticket(session, as_user=alice, helpdesk_id=desk_a.id)
    in_b = make_ticket(session, helpdesk_id=desk_b.id, requester_id=carol.id)

    def visible(user: object) -> set[int]:
        page = list_tickets(session, actor(session, user), TicketFilter(), PAGE)  # type: ignore[arg-type]
        return {t.id for t in page.items}

    assert visible(agent_a) == {in_a.id}
    assert visible(reader_b) == {in_b.id}
    assert visible(bob) == {in_a.id}  # same company
    assert visible(carol) == {in_b.id}
    with pytest.raises(NotFound):
        require_ticket(session, actor(session, agent_a), in_b.id)
    with pytest.raises(PermissionDenied):  # read-only membership
        update_ticket(session, actor(session, reader_b), in_b.id, TicketUpdate(title="x"))
    with pytest.raises(PermissionDenied):
        update_ticket(session, actor(session, alice), in_a.id, TicketUpdate(title="x"))


def test_full_text_search_covers_title_description_and_comments(session: Session) -> None:
    first = make_ticket(session, title="VPN broken", description="tunnel drops")
    second = make_ticket(session, title="Mail slow")
    add_comment(session, SYSTEM, second.id, CommentCreate(body="the mailbox quota is exceeded"))
    make_ticket(session, title="Unrelated")

    def search(q: str) -> set[int]:
        return {t.id for t in list_tickets(session, SYSTEM, TicketFilter(query=q), PAGE).items}

    assert search("vpn") == {first.id}
    assert search("tunn") == {first.id}  # prefix
    assert search("quota") == {second.id}
    assert search("mail quota") == {second.id}
    assert search("vpn quota") == set()
    with pytest.raises(ValidationFailed):
        search("!!!")


def test_cursor_paging_walks_every_ticket_once(session: Session) -> None:
    ids = [make_ticket(session).id for _ in range(7)]
    seen: list[int] = []
    cursor = None
    for _ in range(10):
        page = list_tickets(
            session,
            SYSTEM,
            TicketFilter(sort=SortField.CREATED_AT, descending=True),
            PageRequest(limit=3, cursor=cursor),
        )
        seen += [t.id for t in page.items]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == sorted(ids, reverse=True)
