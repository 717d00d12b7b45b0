"""The native filter is a typed front of the one ticket query language: ``TicketFilter.criteria()``
gives the same tickets as before the merge, every condition index-backed, and the list keeps
its keyset sort."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from polydesk.core.actor import SYSTEM
from polydesk.core.pagination import PageRequest
from polydesk.models.catalogs import StatusCategory
from polydesk.models.tickets import Ticket
from polydesk.tickets import criteria_query
from polydesk.tickets.criteria import Pattern, TicketCriteria, Window
from polydesk.tickets.schemas import SortField, TicketFilter
from polydesk.tickets.service import list_tickets
from tests.factories import make_ticket

MOMENT = datetime(2031, 5, 1, 12, 0, tzinfo=UTC)
TICK = timedelta(microseconds=1)


def _listed(session: Session, **filters: object) -> list[int]:
    page = list_tickets(session, SYSTEM, TicketFilter.model_validate(filters), PageRequest(100))
    return [ticket.id for ticket in page.items]


def test_translation() -> None:
    f = TicketFilter(
        ids=[], number="N-1", parent_id=4, tags=[], query="", is_spam=False,
        status_categories=[StatusCategory.OPEN], created_before=MOMENT, updated_after=MOMENT,
    )  # fmt: skip
    assert f.criteria() == TicketCriteria(
        ids=[],
        numbers=[Pattern(text="N-1", exact=True)],
        parent_ids=[4],
        spam=False,
        status_categories=[StatusCategory.OPEN],
        created=Window(before=MOMENT - TICK),
        updated=Window(after=MOMENT),
    )  # empty tags and query filter nothing, as they always did
    assert TicketFilter(number="a_%").criteria().numbers == [Pattern.equal("a_%", exact=True)]


def test_before_ends_stay_exclusive(session: Session) -> None:
    at, just_before = make_ticket(session), make_ticket(session)
    at.created_at, just_before.created_at = MOMENT, MOMENT - TICK
    session.flush()
    found = _listed(session, created_before=MOMENT, created_after=MOMENT - timedelta(days=1))
    assert found == [just_before.id]
    assert _listed(session, created_after=MOMENT) == [at.id]
    first = datetime(1, 1, 1, tzinfo=UTC)  # nothing is older than the first moment
    assert (
        _listed(session, created_before=first) == []
        and _listed(session, updated_before=first) == []
    )


def test_number_tags_spam_and_parent(session: Session) -> None:
    parent = make_ticket(session, tags=["vpn"])
    child = make_ticket(session, parent_id=parent.id, is_spam=True)
    assert _listed(session, number=parent.number) == [parent.id]
    assert _listed(session, number=parent.number.lower() + "x") == []
    assert _listed(session, tags=["vpn", "other"]) == [parent.id]
    assert _listed(session, is_spam=True) == [child.id]
    assert _listed(session, parent_id=parent.id) == [child.id]
    everything = _listed(session)
    assert _listed(session, tags=[]) == everything and _listed(session, query="") == everything


def test_every_native_condition_is_index_backed(session: Session) -> None:
    """No native condition wraps a ticket column in a function: each reads its index (or an
    IN subquery on one)."""
    f = TicketFilter(
        ids=[1], number="N", status_ids=[1], status_categories=[StatusCategory.OPEN],
        priority_ids=[1], type_ids=[1], source_ids=[1], category_ids=[1], helpdesk_ids=[1],
        owner_ids=[1], requester_ids=[1], creator_ids=[1], company_ids=[1], parent_id=1,
        inventory_ids=[1], tags=["t"], is_spam=False, created_after=MOMENT,
        created_before=MOMENT, updated_after=MOMENT, updated_before=MOMENT, query="word",
    )  # fmt: skip
    sql = str(criteria_query.matching(session, SYSTEM, f.criteria()).compile(session.get_bind()))
    assert "lower(" not in sql.lower() and "coalesce(" not in sql.lower()
    assert "tickets.number = " in sql


def test_the_list_keeps_its_keyset_sort(session: Session) -> None:
    tickets: list[Ticket] = [make_ticket(session, title=title) for title in ("b", "a", "c")]
    by_title = TicketFilter(sort=SortField.TITLE, descending=True)
    first = list_tickets(session, SYSTEM, by_title, PageRequest(limit=2))
    rest = list_tickets(session, SYSTEM, by_title, PageRequest(limit=2, cursor=first.next_cursor))
    titles = [t.title for t in first.items + rest.items if t.id in {x.id for x in tickets}]
    assert titles == ["c", "b", "a"]
