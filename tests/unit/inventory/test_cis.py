"""Configuration items: name searches (exact, prefix ignoring case, indexed, capped), ITAM
identity, linking many items at once, and per-item request counters in one grouped query."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from polydesk.catalogs.service import get_catalog_item_by_name
from polydesk.core.actor import SYSTEM, Role
from polydesk.core.clock import frozen
from polydesk.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from polydesk.inventory import cis
from polydesk.inventory.cis import (
    items_by_external_ids,
    items_named,
    link_items,
    linked_counts_since,
    relate_items_by_name,
    request_counts,
)
from polydesk.inventory.service import InventoryItemCreate, create_item
from polydesk.models.history import EventKind, HistoryEvent
from polydesk.models.inventory import InventoryItem, TicketInventory
from polydesk.models.tickets import Ticket
from tests.factories import actor, make_helpdesk, make_ticket, make_user


def _item(session: Session, name: str, **fields: Any) -> InventoryItem:
    return create_item(session, SYSTEM, InventoryItemCreate(name=name, **fields))


def _catalog(session: Session, kind: str, name: str) -> int:
    found = get_catalog_item_by_name(session, kind, name)
    assert found is not None
    return found.id


@contextmanager
def _statements(session: Session) -> Iterator[list[tuple[str, Any]]]:
    seen: list[tuple[str, Any]] = []

    def record(*args: Any) -> None:
        seen.append((args[2], args[3]))

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def test_names_match_exactly_or_by_prefix_ignoring_case(session: Session) -> None:
    web = _item(session, "Web Server")
    web2 = _item(session, "web server 2")
    _item(session, "Mail Server")
    percent = _item(session, "100% uptime box")

    assert items_named(session, SYSTEM, "Web Server", exact=True) == [web]
    assert items_named(session, SYSTEM, "web server", exact=True) == []
    assert items_named(session, SYSTEM, "WEB SER", exact=False) == [web, web2]
    assert items_named(session, SYSTEM, "100%", exact=False) == [percent]
    assert items_named(session, SYSTEM, "10_%", exact=False) == []  # wildcards are literal
    assert items_named(session, SYSTEM, "Server", exact=False) == []  # a prefix, not a substring
    with pytest.raises(ValidationFailed) as empty:
        items_named(session, SYSTEM, "  ", exact=False)
    assert empty.value.code == "inventory.empty_keyword"


def test_customers_find_public_items_only(session: Session) -> None:
    public = _item(session, "Printer A")
    _item(session, "Printer B", is_public=False)
    customer = actor(session, make_user(session, Role.CUSTOMER))

    assert items_named(session, customer, "printer", exact=False) == [public]


def test_too_many_matches_are_refused(session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cis, "MAX_MATCHES", 2)
    for n in range(3):
        _item(session, f"Laptop {n}")

    with pytest.raises(ValidationFailed) as refused:
        items_named(session, SYSTEM, "laptop", exact=False)
    assert refused.value.code == "inventory.too_many_matches"
    assert len(items_named(session, SYSTEM, "laptop 1", exact=False)) == 1


def test_a_prefix_search_uses_the_name_key_index(session: Session) -> None:
    _item(session, "Router")
    with _statements(session) as seen:
        items_named(session, SYSTEM, "rou", exact=False)
    if session.get_bind().dialect.name != "sqlite":
        return  # the plan's wording is SQLite's; PostgreSQL may prefer a scan on tiny tables
    statement, parameters = seen[-1]
    plan = session.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)
    details = " ".join(str(row[-1]) for row in plan)
    assert "ix_inventory_items_name_key" in details, details


def test_itam_identity_is_unique_per_source_and_found_by_group(session: Session) -> None:
    asset = _item(session, "SRV-1", itam_source_id=3, external_id=501, ci_group="Asset")
    app = _item(session, "CRM", itam_source_id=3, external_id=502, ci_group="BusinessApplication")
    _item(session, "SRV-1 copy", itam_source_id=4, external_id=501, ci_group="Asset")

    assert items_by_external_ids(session, SYSTEM, 3, "Asset", [502, 501, 999]) == [asset]
    assert items_by_external_ids(session, SYSTEM, 3, "BusinessApplication", [502]) == [app]
    with pytest.raises(Conflict):
        _item(session, "dup", itam_source_id=3, external_id=501)
    with pytest.raises(ValidationFailed) as orphan:
        _item(session, "orphan", external_id=7)
    assert orphan.value.code == "inventory.external_id_without_source"


def test_link_items_adds_only_new_links_with_history(session: Session) -> None:
    one, two = _item(session, "One"), _item(session, "Two")
    ticket = make_ticket(session)
    link_items(session, SYSTEM, ticket.id, [one])

    added = link_items(session, SYSTEM, ticket.id, [one, two])

    links = session.scalars(
        select(TicketInventory.inventory_id).where(TicketInventory.ticket_id == ticket.id)
    )
    assert added == 1 and sorted(links) == [one.id, two.id]
    kinds = session.scalars(
        select(HistoryEvent.related_id).where(
            HistoryEvent.ticket_id == ticket.id, HistoryEvent.kind == EventKind.INVENTORY_LINKED
        )
    )
    assert sorted(kinds) == [one.id, two.id]


def test_relating_by_name_checks_the_ticket_and_the_match(session: Session) -> None:
    desk = make_helpdesk(session)
    _item(session, "Switch 1")
    customer = make_user(session, Role.CUSTOMER)
    ticket = make_ticket(session, helpdesk_id=desk.id, requester_id=customer.id)

    with pytest.raises(ValidationFailed) as nothing:
        relate_items_by_name(session, SYSTEM, ticket.id, "router", exact=False)
    with pytest.raises(NotFound):
        relate_items_by_name(session, SYSTEM, 99999, "switch", exact=False)
    with pytest.raises(PermissionDenied):
        relate_items_by_name(session, actor(session, customer), ticket.id, "switch", exact=False)
    assert nothing.value.code == "inventory.no_match"
    assert relate_items_by_name(session, SYSTEM, ticket.id, "switch", exact=False) == 1
    assert relate_items_by_name(session, SYSTEM, ticket.id, "Switch 1", exact=True) == 0


def test_counters_by_status_and_open_type_in_one_query(session: Session) -> None:
    server, idle = _item(session, "Server"), _item(session, "Idle")
    incident = _catalog(session, "type", "Incident")
    closed = _catalog(session, "status", "Closed")
    tickets = [make_ticket(session, type_id=incident) for _ in range(3)]
    tickets[2].status_id = closed
    for ticket in tickets:
        link_items(session, SYSTEM, ticket.id, [server])
    session.flush()
    new_status = tickets[0].status_id

    with _statements(session) as seen:
        counts = request_counts(session, SYSTEM, [server, idle])

    assert len(seen) == 1
    assert [c.item for c in counts] == [server, idle]
    assert counts[0].by_status == {new_status: 2, closed: 1}
    assert counts[0].open_by_type == {incident: 2}
    assert counts[1].by_status == {} and counts[1].open_by_type == {}


def test_counters_only_count_readable_tickets(session: Session) -> None:
    item = _item(session, "Shared printer")
    carla = make_user(session, Role.CUSTOMER)
    dave = make_user(session, Role.CUSTOMER)
    mine = make_ticket(session, requester_id=carla.id)
    make_ticket(session, requester_id=dave.id)
    for ticket in session.scalars(select(Ticket)):
        link_items(session, SYSTEM, ticket.id, [item])

    (counts,) = request_counts(session, actor(session, carla), [item])

    assert sum(counts.by_status.values()) == 1
    assert mine.id in session.scalars(select(TicketInventory.ticket_id))


def test_linked_counts_since_cover_the_sources_items_with_recent_tickets(
    session: Session,
) -> None:
    early, late = datetime(2030, 1, 1, tzinfo=UTC), datetime(2030, 6, 1, tzinfo=UTC)
    old_ci = _item(session, "Old", itam_source_id=9, external_id=1, ci_group="Asset")
    new_ci = _item(session, "New", itam_source_id=9, external_id=2, ci_group="Asset")
    other = _item(session, "Other", itam_source_id=8, external_id=3, ci_group="Asset")
    with frozen(early):
        old_ticket = make_ticket(session)
    with frozen(late):
        new_ticket = make_ticket(session)
    link_items(session, SYSTEM, old_ticket.id, [old_ci, new_ci])
    link_items(session, SYSTEM, new_ticket.id, [new_ci, other])

    counts = linked_counts_since(session, SYSTEM, 9, datetime(2030, 3, 1, tzinfo=UTC))
    everything = linked_counts_since(session, SYSTEM, 9, early)

    assert [c.item for c in counts] == [new_ci]
    assert sum(counts[0].by_status.values()) == 1
    assert [c.item for c in everything] == [old_ci, new_ci]
    assert sum(everything[1].by_status.values()) == 2
