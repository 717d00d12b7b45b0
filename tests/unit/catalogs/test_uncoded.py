"""``catalogs.service.uncoded_items``: the rows of a kind a dialect has that no code renders."""

from __future__ import annotations

from sqlalchemy.orm import Session

from polydesk.catalogs.admin import CatalogItemCreate, create_catalog_item
from polydesk.catalogs.defaults import DIALECTS, KINDS
from polydesk.catalogs.service import uncoded_items
from polydesk.core.actor import SYSTEM
from polydesk.models.catalogs import StatusCategory


def test_a_fresh_install_renders_every_row_of_every_kind_a_dialect_has(session: Session) -> None:
    for dialect in DIALECTS:
        for kind in KINDS:
            assert uncoded_items(session, dialect=dialect, kind=kind) == [], (dialect, kind)


def test_an_added_row_is_uncoded_only_where_the_dialect_has_the_kind(session: Session) -> None:
    command = CatalogItemCreate(name="In review", category=StatusCategory.OPEN)
    status = create_catalog_item(session, SYSTEM, "status", command)
    kind = create_catalog_item(session, SYSTEM, "impact", CatalogItemCreate(name="On site"))

    assert uncoded_items(session, dialect="znuny", kind="status") == [status]
    assert uncoded_items(session, dialect="motadata", kind="impact") == [kind]
    assert uncoded_items(session, dialect="znuny", kind="impact") == []  # Znuny has none
