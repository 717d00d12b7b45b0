"""RangeCriteria, offset and count in the ticket search; bundles for list renderers."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from polydesk.core.actor import SYSTEM, Role
from polydesk.core.clock import frozen
from polydesk.core.pagination import PageRequest
from polydesk.db.filters import contains_pattern, successor
from polydesk.helpdesks.service import HelpdeskCreate, create_helpdesk
from polydesk.models.tickets import LinkKind, TicketLink
from polydesk.tickets.bundles import level_names, levels_named, ticket_relations, tickets_in_order
from polydesk.tickets.criteria import RangeCriteria, SortKey, TextRange, TicketCriteria, Window
from polydesk.tickets.service import count_ticket_matches, search_ticket_ids
from tests.factories import actor, make_ticket, make_user

PAGE = PageRequest(limit=500)


def _search(session: Session, source_ids: list[int] | None = None, **ranges: object) -> list[int]:
    criteria = TicketCriteria(
        ranges=RangeCriteria(**ranges), source_ids=source_ids, sort=[SortKey(key="id")]
    )
    return search_ticket_ids(session, SYSTEM, criteria, PAGE)


def test_id_range_keyword_and_requester_ranges(session: Session) -> None:
    alice = make_user(session, Role.CUSTOMER, login="alice")
    bob = make_user(session, Role.CUSTOMER, login="Bob")
    one = make_ticket(session, title="Printer 50% broken", requester_id=alice.id).id
    two = make_ticket(session, title="Mail", description="inbox_full", requester_id=bob.id).id
    three = make_ticket(session, title="Other").id
    assert _search(session, first_id=two) == [two, three]
    assert _search(session, last_id=two) == [one, two]
    assert _search(session, keyword="50%") == [one]
    assert _search(session, keyword="INBOX_") == [two]
    assert _search(session, keyword="inbox_*l") == [two]
    assert _search(session, keyword="in%ox") == []
    assert _search(session, requester_logins=["BOB"]) == [two]
    assert _search(session, requester_login_range=TextRange(start="b")) == [two]
    assert _search(session, requester_login_range=TextRange(end="a")) == [one]


def test_due_window_levels_and_sources(session: Session) -> None:
    desk = create_helpdesk(session, SYSTEM, HelpdeskCreate(name="D", levels=["First", "Second"]))
    due = datetime(2024, 3, 5, 12, tzinfo=UTC)
    one = make_ticket(session, due_at=due, source_id=2).id
    two = make_ticket(session, helpdesk_id=desk.id, level=2).id
    window = Window(after=datetime(2024, 3, 5, tzinfo=UTC), before=datetime(2024, 3, 6, tzinfo=UTC))
    assert _search(session, due=window) == [one]
    assert _search(session, source_ids=[2]) == [one]
    assert levels_named(session, "SECOND") == [(desk.id, 2)]
    assert _search(session, helpdesk_levels=[(desk.id, 2)]) == [two]
    assert _search(session, helpdesk_levels=[]) == []
    assert level_names(session, [desk.id]) == {(desk.id, 1): "First", (desk.id, 2): "Second"}


def test_offset_count_and_sorts(session: Session) -> None:
    with frozen(datetime(2024, 1, 1, tzinfo=UTC)):
        ids = [make_ticket(session, title=t).id for t in ("b", "a", "c")]
    criteria = TicketCriteria(sort=[SortKey(key="id", descending=True)])
    assert search_ticket_ids(session, SYSTEM, criteria, PageRequest(limit=1, offset=1)) == [ids[1]]
    assert count_ticket_matches(session, SYSTEM, criteria) == 3
    by_title = TicketCriteria(sort=[SortKey(key="title")])
    assert search_ticket_ids(session, SYSTEM, by_title, PAGE) == [ids[1], ids[0], ids[2]]
    for key in ("due", "closed", "requester"):
        by_key = TicketCriteria(sort=[SortKey(key=key)])
        assert len(search_ticket_ids(session, SYSTEM, by_key, PAGE)) == 3


def test_bundles_keep_order_visibility_and_relations(session: Session) -> None:
    agent = make_user(session)
    parent = make_ticket(session).id
    child = make_ticket(session, parent_id=parent).id
    mine = make_ticket(session, owner_id=agent.id).id
    session.add(
        TicketLink(
            source_id=child,
            target_id=parent,
            kind=LinkKind.MERGED_INTO,
            created_at=datetime.now(UTC),
        )
    )
    session.flush()
    loaded = tickets_in_order(session, SYSTEM, [mine, parent, child])
    assert [t.id for t in loaded] == [mine, parent, child]
    assert [t.id for t in tickets_in_order(session, actor(session, agent), [parent, mine])] == [
        mine
    ]
    relations = ticket_relations(session, SYSTEM, [parent, child])
    assert relations.children == {parent: [child]}
    assert relations.merged_into == {child: parent}
    unseen = ticket_relations(session, actor(session, agent), [parent, child, mine])
    assert unseen.children == {} and unseen.merged_into == {}  # the agent reads neither


def test_helpers() -> None:
    assert successor("j") == "k"
    assert successor("a\U0010ffff") == "b"  # the last code point carries over
    assert successor("\U0010ffff") is None  # nothing is greater: no upper bound
    assert successor("a\ud7ff") == "a\ue000"  # surrogates are skipped
    assert contains_pattern("A_b%*c") == "%a\\_b\\%%c%"
