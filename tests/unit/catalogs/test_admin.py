"""Catalog administration: creating and changing flat catalog items (Issue 14)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError
from sqlalchemy.orm import Session

from polydesk.catalogs.admin import (
    CatalogItemCreate,
    CatalogItemUpdate,
    create_catalog_item,
    update_catalog_item,
)
from polydesk.catalogs.service import default_item, get_catalog_item_by_name
from polydesk.core.actor import SYSTEM, Role
from polydesk.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from polydesk.models.catalogs import Priority, Status, StatusCategory
from tests.factories import actor, make_ticket, make_user


def _create(session: Session, kind: str, **fields: object) -> object:
    return create_catalog_item(session, SYSTEM, kind, CatalogItemCreate.model_validate(fields))


def _update(session: Session, kind: str, item_id: int, **fields: object) -> object:
    cmd = CatalogItemUpdate.model_validate(fields)
    return update_catalog_item(session, SYSTEM, kind, item_id, cmd)


def _id(session: Session, kind: str, name: str) -> int:
    item = get_catalog_item_by_name(session, kind, name)
    assert item is not None, name
    return item.id


@pytest.mark.parametrize("kind", ["impact", "urgency", "type", "source", "close_reason"])
def test_create_a_plain_item_of_every_kind(session: Session, kind: str) -> None:
    item = _create(session, kind, name="Brand new", description="d", position=7)
    found = get_catalog_item_by_name(session, kind, "BRAND NEW")
    assert found is item
    assert (found.description, found.position, found.is_enabled) == ("d", 7, True)


def test_a_status_needs_a_category(session: Session) -> None:
    with pytest.raises(ValidationFailed) as raised:
        _create(session, "status", name="Parked")
    assert raised.value.code == "catalog.category_required"
    status = _create(session, "status", name="Parked", category=StatusCategory.WAITING)
    assert isinstance(status, Status) and status.category is StatusCategory.WAITING


def test_only_priorities_take_a_color_and_only_statuses_a_category(session: Session) -> None:
    priority = _create(session, "priority", name="Blazing", color="#ff0000")
    assert isinstance(priority, Priority) and priority.color == "#ff0000"
    for kind, field in (("impact", "color"), ("priority", "category"), ("source", "category")):
        value = "#000" if field == "color" else StatusCategory.OPEN
        with pytest.raises(ValidationFailed) as raised:
            _create(session, kind, name="X", **{field: value})
        assert raised.value.code == "catalog.field_not_applicable"
        assert raised.value.details == {"kind": kind, "field": field}


def test_names_are_unique_per_kind_ignoring_case(session: Session) -> None:
    with pytest.raises(Conflict) as raised:
        _create(session, "priority", name="normal")
    assert raised.value.code == "catalog.name_taken"
    _create(session, "impact", name="Normal")  # another kind: fine
    low = _id(session, "priority", "Low")
    with pytest.raises(Conflict):
        _update(session, "priority", low, name="NORMAL")
    _update(session, "priority", low, name="LOW")  # its own name in another case
    assert get_catalog_item_by_name(session, "priority", "LOW").name == "LOW"  # type: ignore[union-attr]


def test_non_ascii_names_clash_ignoring_case(session: Session) -> None:
    _create(session, "source", name="Überweisung")
    with pytest.raises(Conflict):
        _create(session, "source", name="überweisung")


def test_a_new_default_clears_the_old_one(session: Session) -> None:
    old = default_item(session, "priority")
    assert old is not None
    new = _create(session, "priority", name="Pressing", is_default=True)
    assert default_item(session, "priority") is new
    assert not old.is_default
    _update(session, "priority", old.id, is_default=True)
    assert default_item(session, "priority") is old
    assert not new.is_default  # type: ignore[attr-defined]


def test_status_and_priority_always_keep_a_default(session: Session) -> None:
    for kind in ("status", "priority"):
        current = default_item(session, kind)
        assert current is not None
        with pytest.raises(ValidationFailed) as raised:
            _update(session, kind, current.id, is_default=False)
        assert raised.value.code == "catalog.default_required"
    impact = default_item(session, "impact")
    assert impact is not None
    _update(session, "impact", impact.id, is_default=False)
    assert default_item(session, "impact") is None


def test_the_default_cannot_be_disabled(session: Session) -> None:
    current = default_item(session, "source")
    assert current is not None
    with pytest.raises(ValidationFailed) as raised:
        _update(session, "source", current.id, is_enabled=False)
    assert raised.value.code == "catalog.default_disabled"
    with pytest.raises(ValidationFailed):
        _create(session, "source", name="Pigeon", is_default=True, is_enabled=False)
    other = _id(session, "source", "Phone")
    with pytest.raises(ValidationFailed):
        _update(session, "source", other, is_default=True, is_enabled=False)
    _update(session, "source", other, is_enabled=False)  # not the default: fine
    assert current.is_enabled


def test_update_changes_only_what_is_given(session: Session) -> None:
    high = _id(session, "priority", "High")
    item = _update(session, "priority", high, description="Soon", color="#123456")
    assert isinstance(item, Priority)
    assert (item.name, item.description, item.color) == ("High", "Soon", "#123456")
    assert item.is_enabled


def test_a_status_in_use_keeps_its_category(session: Session) -> None:
    unused = _create(session, "status", name="Spare", category=StatusCategory.OPEN)
    _update(session, "status", unused.id, category=StatusCategory.WAITING)  # type: ignore[attr-defined]
    new = default_item(session, "status")
    assert new is not None
    make_ticket(session)
    with pytest.raises(Conflict) as raised:
        _update(session, "status", new.id, category=StatusCategory.OPEN)
    assert raised.value.code == "catalog.status_in_use"
    _update(session, "status", new.id, name="Fresh", category=StatusCategory.NEW)  # same: fine


def test_unknown_kinds_and_items(session: Session) -> None:
    for kind in ("category", "colour"):
        with pytest.raises(ValidationFailed) as raised:
            _create(session, kind, name="X")
        assert raised.value.code == "catalog.unknown_kind"
    with pytest.raises(NotFound) as missing:
        _update(session, "impact", 999_999, name="X")
    assert missing.value.code == "impact.not_found"


def test_bad_input_is_refused_by_the_command(session: Session) -> None:
    for fields in (
        {"name": ""},
        {"name": "x" * 151},
        {"name": "X", "position": -1},
        {"name": "X", "parent": "Y"},
        {"name": "X", "category": "sleeping"},
    ):
        with pytest.raises(ValidationError):
            CatalogItemCreate.model_validate(fields)
    with pytest.raises(ValidationError):
        CatalogItemUpdate.model_validate({"is_default": True, "rank": 1})


def test_only_admins_change_catalogs(session: Session) -> None:
    agent = actor(session, make_user(session, Role.AGENT))
    with pytest.raises(PermissionDenied):
        create_catalog_item(session, agent, "impact", CatalogItemCreate(name="Nope"))
    with pytest.raises(PermissionDenied):
        low = _id(session, "impact", "Low")
        update_catalog_item(session, agent, "impact", low, CatalogItemUpdate(name="Nope"))
    assert get_catalog_item_by_name(session, "impact", "Nope") is None
