"""Catalog service: listing, lookups, defaults and the dialect code translation."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from polydesk.catalogs.defaults import PRIORITIES, STATUSES
from polydesk.catalogs.service import (
    CATALOG_MODELS,
    code_to_core_id,
    codes_for,
    core_id_to_code,
    default_item,
    get_catalog_item,
    get_catalog_item_by_name,
    label_to_core_id,
    list_catalog,
    product_codes,
    render_map,
    require_catalog_item,
)
from polydesk.core.errors import ErrorKind, NotFound, ValidationFailed
from polydesk.models.catalogs import Category, Priority, Source, Status


def _id(session: Session, kind: str, name: str) -> int:
    item = get_catalog_item_by_name(session, kind, name)
    assert item is not None, name
    return item.id


def test_catalog_models_cover_every_kind() -> None:
    assert set(CATALOG_MODELS) == {
        "status", "priority", "impact", "urgency", "type", "source", "close_reason", "category"
    }  # fmt: skip
    assert CATALOG_MODELS["status"] is Status
    assert CATALOG_MODELS["category"] is Category


def test_list_catalog_orders_by_position(session: Session) -> None:
    assert [s.name for s in list_catalog(session, "status")] == [s.name for s in STATUSES]
    priorities = list_catalog(session, "priority")
    assert [p.name for p in priorities] == [p.name for p in PRIORITIES]
    positions = [p.position for p in priorities]
    assert positions == sorted(positions)
    by_name = {p.name: p.position for p in priorities}
    assert by_name["Maintenance"] < by_name["Low"] < by_name["Normal"] < by_name["Critical"]


def test_list_catalog_breaks_position_ties_by_id(session: Session) -> None:
    first = Source(name="Fax", position=5)
    second = Source(name="Telex", position=5)
    session.add_all([first, second])
    session.flush()
    names = [s.name for s in list_catalog(session, "source")]
    assert names[:3] == ["Fax", "Telex", "Web"]


def test_list_catalog_can_skip_disabled_rows(session: Session) -> None:
    merged = get_catalog_item_by_name(session, "status", "Merged")
    assert isinstance(merged, Status)
    merged.is_enabled = False
    session.flush()
    assert "Merged" in [s.name for s in list_catalog(session, "status")]
    assert "Merged" not in [s.name for s in list_catalog(session, "status", enabled_only=True)]


def test_categories_list_roots_and_children(session: Session) -> None:
    rows = list_catalog(session, "category")
    assert all(isinstance(row, Category) for row in rows)
    roots = [row.name for row in rows if isinstance(row, Category) and row.parent_id is None]
    assert roots == ["Service Request", "Incident", "Other"]


def test_unknown_kind_is_a_validation_error(session: Session) -> None:
    with pytest.raises(ValidationFailed) as raised:
        list_catalog(session, "colour")
    assert raised.value.code == "catalog.unknown_kind"
    assert raised.value.kind is ErrorKind.VALIDATION
    assert raised.value.details["kind"] == "colour"
    with pytest.raises(ValidationFailed):
        code_to_core_id(session, dialect="integria", kind="colour", code="1")
    with pytest.raises(ValidationFailed):
        default_item(session, "statuses")


def test_require_catalog_item(session: Session) -> None:
    closed_id = _id(session, "status", "Closed")
    item = require_catalog_item(session, "status", closed_id)
    assert isinstance(item, Status) and item.name == "Closed"
    assert get_catalog_item(session, "status", 987654) is None
    with pytest.raises(NotFound) as raised:
        require_catalog_item(session, "priority", 987654)
    assert raised.value.code == "priority.not_found"
    assert raised.value.details == {"id": "987654"}


def test_lookup_by_name_ignores_case(session: Session) -> None:
    item = get_catalog_item_by_name(session, "status", "pending AUTO close+")
    assert item is not None and item.name == "Pending auto close+"
    assert get_catalog_item_by_name(session, "priority", "NORMAL") is not None
    assert get_catalog_item_by_name(session, "close_reason", "won't FIX") is not None
    assert get_catalog_item_by_name(session, "status", "Nope") is None


def test_lookup_by_name_ignores_case_beyond_ascii(session: Session) -> None:
    session.add(Source(name="Télécopie", position=200))
    session.flush()
    item = get_catalog_item_by_name(session, "source", "TÉLÉCOPIE")
    assert item is not None and item.name == "Télécopie"


def test_category_lookup_by_name_or_path(session: Session) -> None:
    hardware = get_catalog_item_by_name(session, "category", "incident/HARDWARE")
    assert isinstance(hardware, Category)
    incident = get_catalog_item_by_name(session, "category", "Incident")
    assert incident is not None and hardware.parent_id == incident.id
    assert get_catalog_item_by_name(session, "category", "Other/Hardware") is None
    plain = get_catalog_item_by_name(session, "category", "hardware")
    assert plain is not None and plain.id == hardware.id


def test_default_item(session: Session) -> None:
    status = default_item(session, "status")
    assert isinstance(status, Status) and status.name == "New"
    priority = default_item(session, "priority")
    assert isinstance(priority, Priority) and priority.name == "Normal"
    source = default_item(session, "source")
    assert source is not None and source.name == "Web"
    assert default_item(session, "close_reason") is None  # nothing is closed by default
    assert default_item(session, "category") is None  # categories have no default flag


def test_code_to_core_id_and_back(session: Session) -> None:
    closed = _id(session, "status", "Closed")
    assert code_to_core_id(session, dialect="integria", kind="status", code="7") == closed
    assert code_to_core_id(session, dialect="invgate", kind="status", code="6") == closed
    assert code_to_core_id(session, dialect="motadata", kind="status", code="Closed") == closed
    assert code_to_core_id(session, dialect="znuny", kind="status", code="2") == closed
    assert core_id_to_code(session, dialect="znuny", kind="status", core_id=closed) == "2"
    critical = _id(session, "priority", "Critical")
    assert code_to_core_id(session, dialect="invgate", kind="priority", code="5") == critical
    assert core_id_to_code(session, dialect="integria", kind="priority", core_id=critical) == "4"
    on_user = _id(session, "impact", "On user")
    assert code_to_core_id(session, dialect="motadata", kind="impact", code="ONUSER") == on_user


def test_unmapped_codes_and_kinds_give_none(session: Session) -> None:
    assert code_to_core_id(session, dialect="integria", kind="status", code="0") is None
    assert code_to_core_id(session, dialect="motadata", kind="status", code="closed") is None
    assert code_to_core_id(session, dialect="nosuch", kind="status", code="1") is None
    web = _id(session, "source", "Web")
    assert core_id_to_code(session, dialect="znuny", kind="source", core_id=web) is None
    assert core_id_to_code(session, dialect="integria", kind="status", core_id=987654) is None


def test_label_lookup_ignores_case(session: Session) -> None:
    assert label_to_core_id(session, dialect="znuny", kind="status", label="OPEN") == _id(
        session, "status", "Open"
    )
    assert label_to_core_id(session, dialect="znuny", kind="priority", label="3 Normal") == _id(
        session, "priority", "Normal"
    )
    assert label_to_core_id(session, dialect="motadata", kind="status", label="closed") == _id(
        session, "status", "Closed"
    )
    assert label_to_core_id(session, dialect="znuny", kind="status", label="solved") is None


def test_codes_for_maps_every_accepted_code(session: Session) -> None:
    names = {p.id: p.name for p in list_catalog(session, "priority")}
    mapped = codes_for(session, dialect="integria", kind="priority")
    assert {code: names[core_id] for code, core_id in mapped.items()} == {
        "10": "Maintenance",
        "0": "Very low",
        "1": "Low",
        "2": "Normal",
        "3": "High",
        "4": "Urgent",
    }
    assert codes_for(session, dialect="integria", kind="impact") == {}


def test_render_map_covers_every_core_row(session: Session) -> None:
    statuses = list_catalog(session, "status")
    rendered = render_map(session, dialect="invgate", kind="status")
    assert set(rendered) == {s.id for s in statuses}
    for status in statuses:
        assert rendered[status.id] == core_id_to_code(
            session, dialect="invgate", kind="status", core_id=status.id
        )


def test_product_codes_keep_the_products_order(session: Session) -> None:
    assert product_codes(session, dialect="integria", kind="status") == [
        ("1", "New"),
        ("2", "Unconfirmed"),
        ("3", "Assigned"),
        ("4", "Re-opened"),
        ("5", "Pending to be closed"),
        ("6", "Pending on a third person"),
        ("7", "Closed"),
    ]
    codes = [code for code, _ in product_codes(session, dialect="integria", kind="priority")]
    assert codes == ["10", "0", "1", "2", "3", "4"]
    assert product_codes(session, dialect="znuny", kind="type") == [("1", "Unclassified")]
