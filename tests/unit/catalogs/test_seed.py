"""The seeded catalogs and dialect code mappings: consistency, round trips, idempotency.

The ``session`` fixture is a migrated database on which ``seed_catalogs`` has already run.

Round trips: every product code that ``accepts`` also ``renders`` in the seed data, so every
product code survives code -> core row -> code. There are no exceptions to document; the
reverse trip (core row -> code -> core row) is the identity only for core rows that have a code
of their own in that product (the others render as the product's nearest code, by design).
"""

from __future__ import annotations

from collections import Counter, defaultdict

import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from polydesk.catalogs.defaults import (
    CATEGORIES,
    DIALECT_CODES,
    DIALECTS,
    ITEM_DEFAULTS,
    KINDS,
    STATUSES,
    CodeDefault,
)
from polydesk.catalogs.seed import seed_catalogs
from polydesk.catalogs.service import (
    CATALOG_MODELS,
    code_to_core_id,
    core_id_to_code,
    get_catalog_item_by_name,
    list_catalog,
    require_catalog_item,
)
from polydesk.models.catalogs import Category, DialectCode, Priority, Status, StatusCategory


def _core_refs(kind: str) -> set[str]:
    if kind == "category":
        return {item.path for item in CATEGORIES}
    return {item.name for item in ITEM_DEFAULTS[kind]}


def _kinds_of(dialect: str) -> set[str]:
    return {item.kind for item in DIALECT_CODES[dialect]}


def _table_counts(session: Session) -> dict[str, int]:
    counts = {
        kind: session.scalar(select(func.count()).select_from(model)) or 0
        for kind, model in CATALOG_MODELS.items()
    }
    counts["dialect_codes"] = session.scalar(select(func.count()).select_from(DialectCode)) or 0
    return counts


# --- the data itself -------------------------------------------------------------------------


def test_every_dialect_and_kind_is_known() -> None:
    assert set(DIALECT_CODES) == set(DIALECTS)
    assert set(ITEM_DEFAULTS) | {"category"} == set(KINDS)
    for dialect in DIALECTS:
        assert _kinds_of(dialect) <= set(KINDS)


def test_core_names_are_unique_and_positions_increase() -> None:
    for kind, items in ITEM_DEFAULTS.items():
        names = [item.name.casefold() for item in items]
        assert len(names) == len(set(names)), kind
        positions = [item.position for item in items]
        assert positions == sorted(positions) and len(set(positions)) == len(positions), kind


def test_exactly_one_default_per_catalog_and_new_is_the_default_status() -> None:
    for kind, items in ITEM_DEFAULTS.items():
        defaults = [item.name for item in items if item.is_default]
        assert len(defaults) == (0 if kind == "close_reason" else 1), kind
    assert [s.name for s in ITEM_DEFAULTS["status"] if s.is_default] == ["New"]
    assert [p.name for p in ITEM_DEFAULTS["priority"] if p.is_default] == ["Normal"]


def test_every_status_category_is_used() -> None:
    used = {item.category for item in STATUSES}
    assert used == set(StatusCategory)


def test_every_code_names_an_existing_core_row() -> None:
    for dialect, codes in DIALECT_CODES.items():
        for item in codes:
            assert item.core in _core_refs(item.kind), (dialect, item)


def test_every_product_code_accepts_exactly_once_and_also_renders() -> None:
    for dialect, codes in DIALECT_CODES.items():
        accepts = Counter((i.kind, i.code) for i in codes if i.accepts)
        every_code = {(i.kind, i.code) for i in codes}
        assert set(accepts) == every_code, dialect
        assert max(accepts.values()) == 1, dialect
        assert all(i.renders for i in codes if i.accepts), dialect


def test_every_core_row_renders_exactly_once_per_dialect_kind() -> None:
    for dialect, codes in DIALECT_CODES.items():
        for kind in _kinds_of(dialect):
            renders = Counter(i.core for i in codes if i.kind == kind and i.renders)
            assert set(renders) == _core_refs(kind), (dialect, kind)
            assert max(renders.values()) == 1, (dialect, kind)


def test_renders_only_rows_reuse_an_accepted_code_and_its_label() -> None:
    for dialect, codes in DIALECT_CODES.items():
        labels = {(i.kind, i.code): i.label for i in codes if i.accepts}
        keys = Counter((i.kind, i.code, i.core) for i in codes)
        assert max(keys.values()) == 1, dialect  # the model's unique constraint
        for item in codes:
            assert labels[(item.kind, item.code)] == item.label, (dialect, item)


def test_within_a_product_distinct_codes_stay_distinct_in_the_core() -> None:
    """The core union is rich enough: no two codes of one product collapse into one row."""
    for dialect, codes in DIALECT_CODES.items():
        by_kind: dict[str, list[CodeDefault]] = defaultdict(list)
        for item in codes:
            if item.accepts:
                by_kind[item.kind].append(item)
        for kind, accepted in by_kind.items():
            cores = [i.core for i in accepted]
            assert len(cores) == len(set(cores)), (dialect, kind)


# --- what seed_catalogs wrote ----------------------------------------------------------------


def test_seed_wrote_every_default_row(session: Session) -> None:
    counts = _table_counts(session)
    for kind, items in ITEM_DEFAULTS.items():
        assert counts[kind] == len(items)
    assert counts["category"] == len(CATEGORIES)
    assert counts["dialect_codes"] == sum(len(codes) for codes in DIALECT_CODES.values())
    hardware = get_catalog_item_by_name(session, "category", "Incident/Hardware")
    assert isinstance(hardware, Category)
    parent = require_catalog_item(session, "category", hardware.parent_id or 0)
    assert parent.name == "Incident"


def test_status_categories_are_stored(session: Session) -> None:
    expected = {
        "New": StatusCategory.NEW,
        "Open": StatusCategory.OPEN,
        "Waiting for customer": StatusCategory.WAITING,
        "Resolved": StatusCategory.RESOLVED,
        "Closed": StatusCategory.CLOSED,
        "Merged": StatusCategory.CANCELLED,
    }
    for name, category in expected.items():
        status = get_catalog_item_by_name(session, "status", name)
        assert isinstance(status, Status)
        assert status.category is category


def test_every_accepted_code_resolves_to_an_existing_core_row(session: Session) -> None:
    rows = session.scalars(select(DialectCode).where(DialectCode.accepts.is_(True))).all()
    assert len(rows) == sum(1 for c in DIALECT_CODES.values() for i in c if i.accepts)
    for row in rows:
        core_id = code_to_core_id(session, dialect=row.dialect, kind=row.kind, code=row.code)
        assert core_id == row.core_id
        assert require_catalog_item(session, row.kind, core_id).id == core_id


@pytest.mark.parametrize("dialect", DIALECTS)
def test_every_core_row_renders_to_exactly_one_code(session: Session, dialect: str) -> None:
    for kind in sorted(_kinds_of(dialect)):
        for item in list_catalog(session, kind):
            renders = session.scalars(
                select(DialectCode.code).where(
                    DialectCode.dialect == dialect,
                    DialectCode.kind == kind,
                    DialectCode.core_id == item.id,
                    DialectCode.renders.is_(True),
                )
            ).all()
            assert len(renders) == 1, (dialect, kind, item.name)
            code = core_id_to_code(session, dialect=dialect, kind=kind, core_id=item.id)
            assert code == renders[0]


@pytest.mark.parametrize("dialect", DIALECTS)
def test_code_to_core_to_code_is_the_identity(session: Session, dialect: str) -> None:
    accepted = session.scalars(
        select(DialectCode).where(DialectCode.dialect == dialect, DialectCode.accepts.is_(True))
    ).all()
    assert accepted
    for row in accepted:
        assert row.renders  # no exceptions: every product code round-trips
        core_id = code_to_core_id(session, dialect=dialect, kind=row.kind, code=row.code)
        assert core_id is not None
        assert core_id_to_code(session, dialect=dialect, kind=row.kind, core_id=core_id) == row.code


def test_a_status_the_product_lacks_renders_as_its_nearest_code(session: Session) -> None:
    def status_id(name: str) -> int:
        status = get_catalog_item_by_name(session, "status", name)
        assert status is not None
        return status.id

    def render(dialect: str, name: str) -> str | None:
        return core_id_to_code(session, dialect=dialect, kind="status", core_id=status_id(name))

    assert render("integria", "Open") == "3"  # Assigned
    assert render("invgate", "Waiting for customer") == "4"  # On hold
    assert render("motadata", "Merged") == "Closed"
    assert render("readydesk", "Waiting for approval") == "Pending"
    assert render("znuny", "Resolved") == "7"  # pending auto close+
    # ... and the renders-only row never captures the product code on the way in.
    assert code_to_core_id(session, dialect="integria", kind="status", code="3") == status_id(
        "Assigned"
    )


# --- idempotency -----------------------------------------------------------------------------


def test_seeding_twice_adds_no_rows(session: Session) -> None:
    before = _table_counts(session)
    seed_catalogs(session)
    seed_catalogs(session)
    assert _table_counts(session) == before


def test_reseeding_restores_only_what_is_missing(session: Session) -> None:
    before = _table_counts(session)
    low = get_catalog_item_by_name(session, "priority", "Low")
    assert low is not None
    session.execute(
        delete(DialectCode).where(DialectCode.kind == "priority", DialectCode.core_id == low.id)
    )
    session.delete(low)
    session.flush()
    assert _table_counts(session)["priority"] == before["priority"] - 1

    seed_catalogs(session)

    assert _table_counts(session) == before
    new_low = get_catalog_item_by_name(session, "priority", "Low")
    assert new_low is not None
    assert code_to_core_id(session, dialect="invgate", kind="priority", code="1") == new_low.id
    assert core_id_to_code(session, dialect="znuny", kind="priority", core_id=new_low.id) == "2"


def test_reseeding_keeps_an_admins_default_and_mappings(session: Session) -> None:
    normal = get_catalog_item_by_name(session, "priority", "Normal")
    high = get_catalog_item_by_name(session, "priority", "High")
    fixed = get_catalog_item_by_name(session, "close_reason", "Fixed")
    in_process = get_catalog_item_by_name(session, "close_reason", "In process")
    assert isinstance(normal, Priority) and isinstance(high, Priority)
    assert fixed is not None and in_process is not None
    normal.is_default, high.is_default = False, True
    session.delete(normal)  # also deleted: the seeded default row comes back as a non-default
    remapped = session.scalars(
        select(DialectCode).where(
            DialectCode.dialect == "integria",
            DialectCode.kind == "close_reason",
            DialectCode.code == "9",
        )
    ).one()
    remapped.core_id, remapped.renders = fixed.id, False  # an admin: "9 In process" means Fixed
    session.flush()

    seed_catalogs(session)

    defaults = session.scalars(select(Priority).where(Priority.is_default.is_(True))).all()
    assert [p.name for p in defaults] == ["High"]
    assert get_catalog_item_by_name(session, "priority", "Normal") is not None
    assert code_to_core_id(session, dialect="integria", kind="close_reason", code="9") == fixed.id
    # the core row lost its code, so the seed gave it back a renders-only one
    code = core_id_to_code(session, dialect="integria", kind="close_reason", core_id=in_process.id)
    assert code == "9"
