"""The shared read model: what a page of tickets refers to and what the reader reads of their
parts, in a fixed number of queries, loaded only when used."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from polydesk.attachments.store import LocalFileStore
from polydesk.comments.schemas import CommentCreate
from polydesk.comments.service import add_comment
from polydesk.core.actor import SYSTEM, Role
from polydesk.models.tickets import Ticket
from polydesk.tickets.digest import PartTotals, TicketDigest
from polydesk.timetracking.service import TimeEntryCreate, log_time
from tests.factories import actor, make_company, make_helpdesk, make_ticket, make_user
from tests.queries import sql_statements
from tests.visibility import ALL_SECONDS, PUBLIC_SECONDS, mixed_ticket


def test_totals_and_parts_follow_the_reader(session: Session, tmp_path: Path) -> None:
    customer = make_user(session, Role.CUSTOMER)
    mixed = mixed_ticket(session, LocalFileStore(tmp_path), requester_id=customer.id)
    ticket = session.get_one(Ticket, mixed.ticket_id)

    mine = TicketDigest(session, actor(session, customer), [ticket])
    every = TicketDigest(session, SYSTEM, [ticket])

    assert mine.totals_of(ticket.id) == PartTotals(comments=1, attachments=1, durations=(600, 300))
    assert mine.totals_of(ticket.id).time_seconds == PUBLIC_SECONDS
    assert every.totals_of(ticket.id).time_seconds == ALL_SECONDS
    assert (every.totals_of(ticket.id).comments, every.totals_of(ticket.id).attachments) == (2, 2)
    assert [c.id for c in mine.comments[ticket.id]] == [mixed.public_comment]
    assert [a.id for a in mine.attachments[ticket.id]] == [mixed.public_file]
    assert [a.id for a in every.attachments[ticket.id]] == [mixed.public_file, mixed.internal_file]


def test_internal_time_and_comments_stay_out_of_a_customers_totals(session: Session) -> None:
    agent, customer = make_user(session, Role.ADMIN), make_user(session, Role.CUSTOMER)
    ticket = make_ticket(session, agent, requester_id=customer.id)
    staff = actor(session, agent)
    log_time(session, staff, ticket.id, TimeEntryCreate(duration_seconds=600))
    log_time(session, staff, ticket.id, TimeEntryCreate(duration_seconds=900, is_public=False))
    add_comment(session, staff, ticket.id, CommentCreate(body="On my way"))
    add_comment(session, staff, ticket.id, CommentCreate(body="Dusty inside", is_public=False))

    seen_by_agent = TicketDigest(session, staff, [ticket]).totals_of(ticket.id)
    seen_by_customer = TicketDigest(session, actor(session, customer), [ticket]).totals_of(
        ticket.id
    )

    assert (seen_by_agent.durations, seen_by_agent.comments) == ((600, 900), 2)
    assert (seen_by_customer.durations, seen_by_customer.comments) == ((600,), 1)


def test_what_the_tickets_refer_to(session: Session) -> None:
    desk, company = make_helpdesk(session, "Front desk"), make_company(session, "Acme")
    customer = make_user(session, Role.CUSTOMER, login="carla", company=company)
    owner = make_user(session, login="olga", helpdesks=[desk])
    ticket = make_ticket(session, requester_id=customer.id, owner_id=owner.id, helpdesk_id=desk.id)

    digest = TicketDigest(session, SYSTEM, [ticket], extra_user_ids=(owner.id,))

    assert (digest.login(ticket.requester_id), digest.login(ticket.owner_id)) == ("carla", "olga")
    assert digest.login(None) == "" and digest.user(None) is None
    assert digest.helpdesks == {desk.id: "Front desk"}
    assert digest.companies[company.id].name == "Acme"
    assert digest.totals_of(ticket.id) == PartTotals()
    assert digest.custom_values == {} and digest.relations.children == {}


def _pages(session: Session, size: int) -> list[Ticket]:
    desk = make_helpdesk(session)
    customer = make_user(session, Role.CUSTOMER, company=make_company(session))
    tickets = []
    for _ in range(size):
        ticket = make_ticket(session, requester_id=customer.id, helpdesk_id=desk.id)
        add_comment(session, SYSTEM, ticket.id, CommentCreate(body="hello"))
        log_time(session, SYSTEM, ticket.id, TimeEntryCreate(duration_seconds=60))
        tickets.append(ticket)
    session.flush()  # nothing pending: the statements counted are the digest's
    return tickets


def _read_everything(digest: TicketDigest) -> None:
    for ticket in digest.tickets:
        digest.totals_of(ticket.id)
    for name in ("users", "helpdesks", "slas", "companies", "locations", "levels", "relations",
                 "custom_values", "comments", "attachments"):  # fmt: skip
        getattr(digest, name)


def test_a_page_costs_the_same_queries_whatever_its_size(session: Session) -> None:
    one, many = _pages(session, 1), _pages(session, 12)
    connection = session.connection()
    with sql_statements(connection) as small:
        _read_everything(TicketDigest(session, SYSTEM, one))
    with sql_statements(connection) as large:
        _read_everything(TicketDigest(session, SYSTEM, many))
    assert len(small) == len(large) > 0


def test_nothing_is_loaded_before_it_is_used(session: Session) -> None:
    tickets = _pages(session, 3)
    with sql_statements(session.connection()) as seen:
        digest = TicketDigest(session, SYSTEM, tickets)
        assert seen == []
        assert digest.durations[tickets[0].id] == (60,)
    assert len(seen) == 1
    with sql_statements(session.connection()) as none:
        assert TicketDigest(session, SYSTEM, []).totals_of(1) == PartTotals()
        _read_everything(TicketDigest(session, SYSTEM, []))
    assert none == []
