"""A disabled catalog item is refused for new uses (tickets.references.check_references): a new
ticket or a change to it; a ticket that already has it keeps it and can still change."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from polydesk.catalogs.admin import CatalogItemUpdate, update_catalog_item
from polydesk.catalogs.categories import CategoryUpdate, update_category
from polydesk.catalogs.service import get_catalog_item_by_name
from polydesk.core.actor import SYSTEM
from polydesk.core.errors import ValidationFailed
from polydesk.tickets.schemas import TicketUpdate
from polydesk.tickets.service import update_ticket
from tests.factories import make_ticket


def _id(session: Session, kind: str, name: str) -> int:
    item = get_catalog_item_by_name(session, kind, name)
    assert item is not None, name
    return item.id


def test_a_disabled_type_is_refused_for_new_tickets_and_kept_by_old_ones(
    session: Session,
) -> None:
    problem = _id(session, "type", "Problem")
    old = make_ticket(session, type_id=problem)
    update_catalog_item(session, SYSTEM, "type", problem, CatalogItemUpdate(is_enabled=False))

    with pytest.raises(ValidationFailed) as refused:
        make_ticket(session, type_id=problem)

    assert refused.value.code == "catalog.disabled"
    assert refused.value.details == {"kind": "type", "id": problem, "field": "type_id"}
    assert "'Problem' is disabled" in refused.value.message
    kept = update_ticket(session, SYSTEM, old.id, TicketUpdate(title="Still a problem"))
    assert (kept.title, kept.type_id) == ("Still a problem", problem)
    again = update_ticket(session, SYSTEM, old.id, TicketUpdate(type_id=problem))
    assert again.type_id == problem  # naming what it already has is no new use


def test_a_change_to_a_disabled_category_is_refused_and_changes_nothing(
    session: Session,
) -> None:
    hardware = _id(session, "category", "Incident/Hardware")
    software = _id(session, "category", "Incident/Software")
    ticket = make_ticket(session, title="Keyboard", category_id=software)
    update_category(session, SYSTEM, hardware, CategoryUpdate(is_enabled=False))

    with pytest.raises(ValidationFailed, match="category 'Hardware' is disabled"):
        update_ticket(session, SYSTEM, ticket.id, TicketUpdate(title="x", category_id=hardware))

    session.refresh(ticket)
    assert (ticket.category_id, ticket.title) == (software, "Keyboard")
    update_category(session, SYSTEM, hardware, CategoryUpdate(is_enabled=True))
    assert make_ticket(session, category_id=hardware).category_id == hardware
