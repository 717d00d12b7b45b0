"""Core history events as ``tincident_track`` rows (spec §3.24).

The core writes one typed event per change, whichever edge made it; this maps each to the
product's state code and the description text the product would have written.
"""

from __future__ import annotations

from collections.abc import Sequence

from polydesk.catalogs.service import list_catalog
from polydesk.core.actor import Actor
from polydesk.db import Session
from polydesk.dialects.integria.rows import Lookups, Row, encode
from polydesk.helpdesks.service import helpdesk_names
from polydesk.models.history import EventKind, HistoryEvent
from polydesk.timetracking.service import entry_ids_with_comments

#: Stored priority code -> the UI label the product writes into "Priority changed".
PRIORITY_LABELS = {
    "10": "0 (Maintenance)", "0": "1 (Informative)", "1": "2 (Low)", "2": "3 (Medium)",
    "3": "4 (Serious)", "4": "5 (Very serious)",
}  # fmt: skip

# Follow-ups of a status change (closing, reopening, a wait starting or ending); the product
# writes only the status row.
_SKIPPED = {
    EventKind.CLOSED,
    EventKind.REOPENED,
    EventKind.WAITING_STARTED,
    EventKind.WAITING_ENDED,
    EventKind.NOTIFICATION_SENT,  # Integria tracks no notification mails
}


class _Names:
    """Names for ids that appear in events, loaded once."""

    def __init__(self, session: Session, look: Lookups, events: Sequence[HistoryEvent]) -> None:
        self.look = look
        self.status = {row.id: row.name for row in list_catalog(session, "status")}
        self.resolution = {row.id: row.name for row in list_catalog(session, "close_reason")}
        ids = [_as_int(e.new_value) for e in events if e.kind is EventKind.HELPDESK_CHANGED]
        self.helpdesk = helpdesk_names(session, [i for i in ids if i is not None])
        owners = [_as_int(e.new_value) for e in events if e.kind is EventKind.OWNER_CHANGED]
        look.add_users([*owners, *(e.actor_id for e in events)])

    def real_name(self, user_id: int | None) -> str:
        user = self.look.users.get(user_id) if user_id is not None else None
        if user is None:
            return ""
        return f"{user.first_name} {user.last_name}".strip() or user.login


def _as_int(value: str | None) -> int | None:
    return int(value) if value is not None and value.lstrip("-").isdigit() else None


#: Events whose row is always the same.
_FIXED = {
    EventKind.CREATED: (0, "Created"),
    EventKind.COMMENT_ADDED: (2, "Workunit added"),
    EventKind.TIME_LOGGED: (2, "Workunit added"),
    EventKind.ATTACHMENT_ADDED: (3, "File added"),
    EventKind.ATTACHMENT_DELETED: (5, "File removed"),
}


def _describe(event: HistoryEvent, names: _Names) -> tuple[int, str, str]:
    """(state, id_aditional, description) for one event."""
    new = _as_int(event.new_value)
    look = names.look
    fixed = _FIXED.get(event.kind)
    if fixed is not None:
        return fixed[0], "0", fixed[1]
    if event.kind is EventKind.PRIORITY_CHANGED and new is not None:
        code = look.priorities.get(new, "0")
        return 6, code, f"Priority changed -> {PRIORITY_LABELS.get(code, code)}"
    if event.kind is EventKind.STATUS_CHANGED and new is not None:
        code = look.statuses.get(new, "0")
        return 7, code, f"Status changed -> {names.status.get(new, '')}"
    if event.field == "close_reason_id":
        code = look.resolutions.get(new, "0") if new is not None else "0"
        name = names.resolution.get(new, "") if new is not None else ""
        return 8, code, f"Resolution changed -> {name}"
    if event.kind is EventKind.INVENTORY_LINKED:
        return (
            10,
            str(event.related_id or 0),
            f"Added inventory object  -> {encode(event.new_value)}",
        )
    if event.kind is EventKind.OWNER_CHANGED:
        return 17, look.login(new), f"Assigned user changed -> {encode(names.real_name(new))}"
    if event.kind is EventKind.HELPDESK_CHANGED:
        return 28, str(new or 0), f"Group has changed -> {encode(names.helpdesk.get(new or 0))}"
    return 1, "0", "Updated"


def tracking_rows(
    session: Session,
    actor: Actor,
    ticket_id: int,
    events: Sequence[HistoryEvent],
    look: Lookups,
) -> list[Row]:
    names = _Names(session, look, events)
    worked = entry_ids_with_comments(session, actor, ticket_id)
    rows: list[Row] = []
    for event in events:
        if event.kind in _SKIPPED:
            continue
        if event.kind is EventKind.TIME_LOGGED and event.related_id in worked:
            continue  # the workunit's comment already wrote "Workunit added"
        state, additional, description = _describe(event, names)
        rows.append(
            {
                "id_it": event.id,
                "id_incident": ticket_id,
                "state": state,
                "timestamp": look.when(event.created_at),
                "id_user": look.login(event.actor_id),
                "id_aditional": additional,
                "description": description,
                "extra_info": "",
            }
        )
    return rows
