"""A status's pending action as an administrator sets it (``catalogs.pending``)."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from polydesk.catalogs.admin import (
    CatalogItemCreate,
    CatalogItemUpdate,
    create_catalog_item,
    update_catalog_item,
)
from polydesk.catalogs.service import get_catalog_item_by_name
from polydesk.core.actor import SYSTEM
from polydesk.core.errors import ValidationFailed
from polydesk.models.catalogs import PendingAction, Status, StatusCategory

WAITING = StatusCategory.WAITING


def _id(session: Session, name: str) -> int:
    row = get_catalog_item_by_name(session, "status", name)
    assert row is not None
    return row.id


def test_an_auto_close_status_with_its_target_and_a_switch_to_remind_drops_it(
    session: Session,
) -> None:
    closed = _id(session, "Closed")
    created = create_catalog_item(session, SYSTEM, "status", CatalogItemCreate(
        name="Pending auto close (3 days)", category=WAITING,
        pending_action=PendingAction.AUTO_CLOSE, pending_target_status_id=closed,
    ))  # fmt: skip
    assert isinstance(created, Status) and created.pending_target_status_id == closed

    update = CatalogItemUpdate(pending_action=PendingAction.REMIND)
    update_catalog_item(session, SYSTEM, "status", created.id, update)

    assert (created.pending_action, created.pending_target_status_id) == (
        PendingAction.REMIND, None
    )  # fmt: skip


@pytest.mark.parametrize(
    ("fields", "target"),
    [
        ({"pending_action": PendingAction.AUTO_CLOSE}, None),  # no target
        ({"pending_action": PendingAction.AUTO_CLOSE}, "Open"),  # a target that ends nothing
        ({"pending_action": PendingAction.REMIND}, "Closed"),  # remind takes no target
        ({"pending_action": PendingAction.REMIND, "category": StatusCategory.OPEN}, None),
    ],
)
def test_inconsistent_pending_fields_are_refused(
    session: Session, fields: dict[str, object], target: str | None
) -> None:
    values = {"name": "Odd", "category": WAITING, **fields}
    if target:
        values["pending_target_status_id"] = _id(session, target)

    with pytest.raises(ValidationFailed) as refused:
        create_catalog_item(session, SYSTEM, "status", CatalogItemCreate(**values))  # type: ignore[arg-type]

    assert refused.value.code == "catalog.invalid_pending"
    assert get_catalog_item_by_name(session, "status", "Odd") is None
