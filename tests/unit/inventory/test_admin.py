"""inventory.admin: an item changed by an admin (only the fields given, references checked and
clearable, no cycles, ITAM identity unique), items found by name."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from polydesk.core.actor import SYSTEM, Actor, Role
from polydesk.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from polydesk.inventory.admin import InventoryItemUpdate, item_named, update_item
from polydesk.inventory.service import InventoryItemCreate, create_item
from tests.factories import make_user


def _item(session: Session, name: str, **fields: object) -> int:
    return create_item(session, SYSTEM, InventoryItemCreate(name=name, **fields)).id  # type: ignore[arg-type]


def test_update_changes_only_what_is_given(session: Session) -> None:
    owner = make_user(session, login="jane")
    item_id = _item(session, "SRV-1", serial_number="SN", owner_id=owner.id, cost=10.0)

    item = update_item(
        session,
        SYSTEM,
        item_id,
        InventoryItemUpdate(name="Server 1", owner_id=None, status="inuse"),
    )

    assert (item.name, item.name_key, item.status) == ("Server 1", "server 1", "inuse")
    assert (item.serial_number, item.owner_id, item.cost) == ("SN", None, 10.0)
    update_item(session, SYSTEM, item_id, InventoryItemUpdate(serial_number=None))
    assert item.serial_number == "SN"  # not clearable: None changes nothing
    assert item_named(session, "SERVER 1") is item


def test_references_and_cycles(session: Session) -> None:
    top = _item(session, "Rack")
    child = _item(session, "SRV-1", parent_id=top)
    with pytest.raises(ValidationFailed) as raised:
        update_item(session, SYSTEM, top, InventoryItemUpdate(parent_id=child))
    assert raised.value.code == "inventory.parent_cycle"
    with pytest.raises(ValidationFailed):
        update_item(session, SYSTEM, top, InventoryItemUpdate(parent_id=top))
    with pytest.raises(NotFound):
        update_item(session, SYSTEM, top, InventoryItemUpdate(owner_id=999_999))
    with pytest.raises(NotFound):
        update_item(session, SYSTEM, 999_999, InventoryItemUpdate(name="x"))


def test_itam_identity_stays_unique(session: Session) -> None:
    _item(session, "SRV-1", itam_source_id=7, external_id=501)
    other = _item(session, "SRV-2")
    with pytest.raises(Conflict):
        update_item(session, SYSTEM, other, InventoryItemUpdate(itam_source_id=7, external_id=501))
    with pytest.raises(ValidationFailed):
        update_item(session, SYSTEM, other, InventoryItemUpdate(external_id=502))
    item = update_item(
        session, SYSTEM, other, InventoryItemUpdate(itam_source_id=7, external_id=502)
    )
    assert (item.itam_source_id, item.external_id) == (7, 502)


def test_names_and_rights(session: Session) -> None:
    item_id = _item(session, "Laptop")
    assert item_named(session, "laptop") is not None and item_named(session, "Desk") is None
    with pytest.raises(PermissionDenied):
        update_item(
            session,
            Actor(user_id=None, role=Role.AGENT, login="a"),
            item_id,
            InventoryItemUpdate(name="x"),
        )
    _item(session, "LAPTOP")
    with pytest.raises(Conflict):
        item_named(session, "Laptop")
