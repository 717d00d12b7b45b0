"""Category tree administration (Issue 14)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError
from sqlalchemy.orm import Session

from polydesk.catalogs.categories import (
    CategoryCreate,
    CategoryUpdate,
    create_category,
    require_category_path,
    update_category,
)
from polydesk.catalogs.service import category_paths
from polydesk.core.actor import SYSTEM, Role
from polydesk.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from tests.factories import actor, make_user


def _update(session: Session, category_id: int, **fields: object) -> None:
    update_category(session, SYSTEM, category_id, CategoryUpdate.model_validate(fields))


def test_create_under_a_parent_given_by_path(session: Session) -> None:
    laptops = create_category(
        session, SYSTEM, CategoryCreate(name="Laptops", parent="incident/HARDWARE", position=5)
    )
    assert category_paths(session)["Incident/Hardware/Laptops"] == laptops.id
    root = create_category(session, SYSTEM, CategoryCreate(name="Facilities"))
    assert root.parent_id is None
    assert require_category_path(session, "facilities") is root


def test_names_are_unique_among_siblings_only(session: Session) -> None:
    with pytest.raises(Conflict) as raised:
        create_category(session, SYSTEM, CategoryCreate(name="hardware", parent="Incident"))
    assert raised.value.code == "catalog.name_taken"
    twin = create_category(
        session, SYSTEM, CategoryCreate(name="Hardware", parent="Service Request")
    )
    assert category_paths(session)["Service Request/Hardware"] == twin.id
    with pytest.raises(Conflict):
        _update(session, twin.id, name="access REQUEST")


def test_a_plain_name_is_a_root_path(session: Session) -> None:
    with pytest.raises(NotFound) as raised:
        create_category(session, SYSTEM, CategoryCreate(name="X", parent="Hardware"))
    assert raised.value.code == "category.not_found"
    with pytest.raises(NotFound):
        create_category(session, SYSTEM, CategoryCreate(name="X", parent="Incident/Nothing"))


def test_names_cannot_hold_the_separator(session: Session) -> None:
    with pytest.raises(ValidationFailed) as raised:
        create_category(session, SYSTEM, CategoryCreate(name="A/B"))
    assert raised.value.code == "catalog.invalid_name"
    other = require_category_path(session, "Other")
    with pytest.raises(ValidationFailed):
        _update(session, other.id, name="  ")


def test_update_renames_describes_and_disables(session: Session) -> None:
    hardware = require_category_path(session, "Incident/Hardware")
    _update(session, hardware.id, name="Devices", description="d", position=3, is_enabled=False)
    assert (hardware.name, hardware.description, hardware.position) == ("Devices", "d", 3)
    assert not hardware.is_enabled
    assert "Incident/Devices" in category_paths(session)
    _update(session, hardware.id, description="e")  # no parent given: stays where it is
    assert require_category_path(session, "Incident/Devices") is hardware


def test_move_to_another_parent_or_to_the_root(session: Session) -> None:
    hardware = require_category_path(session, "Incident/Hardware")
    _update(session, hardware.id, parent="Service Request")
    assert require_category_path(session, "Service Request/Hardware") is hardware
    _update(session, hardware.id, parent=None)
    assert hardware.parent_id is None
    with pytest.raises(Conflict):  # a root "Other" exists
        _update(
            session,
            require_category_path(session, "Incident/Software").id,
            name="Other",
            parent=None,
        )


def test_a_category_cannot_move_below_itself(session: Session) -> None:
    incident = require_category_path(session, "Incident")
    for parent in ("Incident", "Incident/Hardware"):
        with pytest.raises(ValidationFailed) as raised:
            _update(session, incident.id, parent=parent)
        assert raised.value.code == "catalog.category_cycle"


def test_bad_input_and_unknown_ids(session: Session) -> None:
    with pytest.raises(ValidationError):
        CategoryCreate.model_validate({"name": "X", "is_default": True})
    with pytest.raises(ValidationError):
        CategoryUpdate.model_validate({"position": -1})
    with pytest.raises(NotFound) as raised:
        _update(session, 999_999, name="X")
    assert raised.value.code == "category.not_found"


def test_only_admins_change_categories(session: Session) -> None:
    agent = actor(session, make_user(session, Role.AGENT))
    with pytest.raises(PermissionDenied):
        create_category(session, agent, CategoryCreate(name="Nope"))
    other = require_category_path(session, "Other")
    with pytest.raises(PermissionDenied):
        update_category(session, agent, other.id, CategoryUpdate(name="Nope"))
    assert other.name == "Other"
