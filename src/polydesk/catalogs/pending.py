"""A status's pending action (what its pending time does) as an administrator sets it.

Rules: ``auto_close`` needs ``pending_target_status_id``, another status that is enabled and
ends the ticket (closed or cancelled); ``none`` and ``remind`` take no target (setting one of
them clears it). A status with a pending action is a waiting status (its pending time pauses
the ticket, as Znuny's pending states do)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from polydesk.core.errors import ValidationFailed
from polydesk.models.catalogs import PendingAction, Status, StatusCategory

ENDING = frozenset({StatusCategory.CLOSED, StatusCategory.CANCELLED})


def check_pending(session: Session, status: Status | None, values: dict[str, Any]) -> None:
    """Check the pending fields ``values`` would give a status (``status`` None: a new one);
    fills ``pending_target_status_id`` with None when the action takes no target."""
    if "pending_action" not in values and "pending_target_status_id" not in values:
        return
    action = values.get("pending_action", status.pending_action if status else PendingAction.NONE)
    target_id = values.get(
        "pending_target_status_id", status.pending_target_status_id if status else None
    )
    category = values.get("category", status.category if status else None)
    if action is not PendingAction.NONE and category is not StatusCategory.WAITING:
        raise _invalid("a status with a pending action is a waiting status")
    if action is not PendingAction.AUTO_CLOSE:
        if "pending_target_status_id" in values and target_id is not None:
            raise _invalid("only an auto_close status takes a target status")
        values["pending_target_status_id"] = None
        return
    target = session.get(Status, target_id) if target_id is not None else None
    if target is None or (status is not None and target.id == status.id):
        raise _invalid("an auto_close status needs another status as its target")
    if not target.is_enabled or target.category not in ENDING:
        raise _invalid(f"the target {target.name!r} must be an enabled closed or cancelled status")


def _invalid(message: str) -> ValidationFailed:
    return ValidationFailed(
        "catalog.invalid_pending", message, kind="status", field="pending_action"
    )
