"""TicketHistoryGet (spec §5.5): the core's history events as Znuny history lines, each with
the ticket's queue, owner, priority, state and type as they were at that moment (rebuilt by
replaying the events backwards from the ticket's current values). The integer columns are
JSON numbers, as a real Znuny 6.5 on MariaDB sends them (spec §11.1); the outer ``TicketID``
echoes the request."""

from __future__ import annotations

from typing import Any

from polydesk.core.actor import Actor
from polydesk.core.pagination import PageRequest
from polydesk.dialects._kit.hostile import bounded_int, row_id
from polydesk.dialects.znuny.context import Context
from polydesk.dialects.znuny.errors import OperationError
from polydesk.dialects.znuny.ops.common import caller_or_fail, ticket_ids
from polydesk.dialects.znuny.render import ROOT_USER_ID, Lookups, number, timestamp
from polydesk.dialects.znuny.values import truthy
from polydesk.history.service import list_events
from polydesk.models.history import EventKind, HistoryEvent
from polydesk.models.tickets import Ticket
from polydesk.tickets.service import get_ticket

OP = "TicketHistoryGet"
MAX_EVENTS = 10_000
#: Core event -> Znuny history type (name, id as in initial_insert.xml).
HISTORY_TYPES: dict[EventKind, tuple[str, int]] = {
    EventKind.CREATED: ("NewTicket", 1),
    EventKind.EMAIL_SENT: ("SendAnswer", 8),
    EventKind.COMMENT_ADDED: ("AddNote", 15),
    EventKind.HELPDESK_CHANGED: ("Move", 16),
    EventKind.TIME_LOGGED: ("TimeAccounting", 20),
    EventKind.REQUESTER_CHANGED: ("CustomerUpdate", 21),
    EventKind.PRIORITY_CHANGED: ("PriorityUpdate", 22),
    EventKind.OWNER_CHANGED: ("OwnerUpdate", 23),
    EventKind.STATUS_CHANGED: ("StateUpdate", 27),
    EventKind.CUSTOM_FIELD_CHANGED: ("TicketDynamicFieldUpdate", 28),
    EventKind.LINK_ADDED: ("TicketLinkAdd", 30),
    EventKind.LINK_REMOVED: ("TicketLinkDelete", 31),
    EventKind.RESPONSIBLE_CHANGED: ("ResponsibleUpdate", 34),
    EventKind.TYPE_CHANGED: ("TypeUpdate", 37),
    EventKind.CATEGORY_CHANGED: ("ServiceUpdate", 38),
    EventKind.TITLE_CHANGED: ("TitleUpdate", 50),
}
FIELD_TYPES = {"pending_until": ("SetPendingTime", 26), "sla_id": ("SLAUpdate", 39)}
MISC = ("Misc", 25)
#: Core events Znuny has no line for: closing, reopening and waiting are already its
#: StateUpdate lines; not repeated.
SKIPPED = {
    EventKind.CLOSED,
    EventKind.REOPENED,
    EventKind.WAITING_STARTED,
    EventKind.WAITING_ENDED,
}
SNAPSHOT = ("helpdesk_id", "owner_id", "priority_id", "status_id", "type_id")


def run(ctx: Context, data: Any) -> dict[str, Any]:
    caller = caller_or_fail(ctx, data, f"{OP}.AuthFail", f"{OP}: Authorization failing!")
    if not caller.is_agent:
        raise OperationError(f"{OP}.AuthFail", f"{OP}: User needs to an Agent!")
    given = data.get("TicketID") if isinstance(data, dict) else None
    if not isinstance(given, list | dict) and not truthy(given):
        raise OperationError(f"{OP}.MissingParameter", f"{OP}: TicketID parameter is missing!")
    ids = ticket_ids(given)
    if not ids:
        raise OperationError(
            f"{OP}.WrongStructure", f"{OP}: Structure for TicketID is not correct!"
        )
    entries = []
    for ident in ids:
        ticket = get_ticket(ctx.session, caller.actor, row_id(ident))
        if ticket is None:
            raise OperationError(
                f"{OP}.AccessDenied", f"{OP}: User does not have access to the ticket {ident}!"
            )
        entries.append({"History": history_lines(ctx, caller.actor, ticket), "TicketID": ident})
    return {"TicketHistory": entries}


def history_lines(ctx: Context, actor: Actor, ticket: Ticket) -> list[dict[str, Any]]:
    page = PageRequest(limit=MAX_EVENTS)
    events = list(list_events(ctx.session, actor, ticket.id, page).items)
    lookups = Lookups.load(ctx.session, actor, [ticket])
    lookups.add_references(*_referenced(events))
    snapshots = _snapshots(ticket, events)
    lines = []
    for event, snapshot in zip(events, snapshots, strict=True):
        if event.kind in SKIPPED:
            continue
        name, type_id = _history_type(event)
        lines.append(
            {
                "ArticleID": (event.related_id or 0) if _about_article(event) else 0,
                "CreateBy": event.actor_id or ROOT_USER_ID,
                "CreateTime": timestamp(event.created_at),
                "HistoryType": name,
                "HistoryTypeID": type_id,
                "Name": _line_name(event, ticket, lookups, snapshot),
                "OwnerID": _int(snapshot["owner_id"]) or ROOT_USER_ID,
                "PriorityID": number(lookups.priorities.code(_int(snapshot["priority_id"]))),
                "QueueID": _int(snapshot["helpdesk_id"]) or 0,
                "StateID": number(lookups.states.code(_int(snapshot["status_id"]))),
                "TicketID": ticket.id,
                "TypeID": number(lookups.types.code(_int(snapshot["type_id"])) or "1"),
            }
        )
    return lines


def _snapshots(ticket: Ticket, events: list[HistoryEvent]) -> list[dict[str, Any]]:
    """The tracked values right after each event: walk back from now, undoing each change."""
    state: dict[str, Any] = {key: getattr(ticket, key) for key in SNAPSHOT}
    snapshots: list[dict[str, Any]] = []
    for event in reversed(events):
        snapshots.append(dict(state))
        if event.field in SNAPSHOT:
            state[event.field] = event.old_value
    snapshots.reverse()
    return snapshots


def _referenced(events: list[HistoryEvent]) -> tuple[set[int], set[int]]:
    queues: set[int] = set()
    users: set[int] = set()
    for event in events:
        found = {_int(event.old_value), _int(event.new_value)} - {None}
        if event.field == "helpdesk_id":
            queues |= found  # type: ignore[arg-type]
        elif event.field in ("owner_id", "responsible_id"):
            users |= found  # type: ignore[arg-type]
    return queues, users


def _int(value: Any) -> int | None:
    return bounded_int(str(value)) if value is not None else None


def _about_article(event: HistoryEvent) -> bool:
    return event.kind in (EventKind.COMMENT_ADDED, EventKind.EMAIL_SENT)


def _history_type(event: HistoryEvent) -> tuple[str, int]:
    if event.kind is EventKind.LOCK_CHANGED:
        return ("Lock", 17) if event.new_value == "True" else ("Unlock", 18)
    if event.kind is EventKind.UPDATED:
        return FIELD_TYPES.get(event.field, MISC)
    return HISTORY_TYPES.get(event.kind, MISC)


def _line_name(
    event: HistoryEvent, ticket: Ticket, lookups: Lookups, snapshot: dict[str, Any]
) -> str:
    """The ``%%``-separated names Znuny writes for the common types (spec §5.5)."""
    old, new = event.old_value or "", event.new_value or ""
    if event.kind is EventKind.CREATED:
        queue = lookups.queues.get(_int(snapshot["helpdesk_id"]) or 0, "")
        priority = lookups.priorities.label(_int(snapshot["priority_id"]))
        state = lookups.states.label(_int(snapshot["status_id"]))
        return f"%%{ticket.number}%%{queue}%%{priority}%%{state}%%{ticket.id}"
    if event.kind is EventKind.STATUS_CHANGED:
        return f"%%{lookups.states.label(_int(old))}%%{lookups.states.label(_int(new))}%%"
    if event.kind is EventKind.PRIORITY_CHANGED:
        table, before, after = lookups.priorities, _int(old), _int(new)
        return (
            f"%%{table.label(before)}%%{table.code(before)}"
            f"%%{table.label(after)}%%{table.code(after)}"
        )
    if event.kind is EventKind.HELPDESK_CHANGED:
        return f"%%{_queue(lookups, new)}%%{new}%%{_queue(lookups, old)}%%{old}"
    if event.kind in (EventKind.OWNER_CHANGED, EventKind.RESPONSIBLE_CHANGED):
        return f"%%{lookups.login(_int(new))}%%{new}"
    if event.kind is EventKind.TITLE_CHANGED:
        return f"%%{old}%%{new[:50]}"
    if event.kind is EventKind.LOCK_CHANGED:
        return "%%lock" if new == "True" else "%%unlock"
    return f"%%{event.field or event.kind.value}%%{new}" if new else f"%%{event.kind.value}"


def _queue(lookups: Lookups, value: str) -> str:
    ident = _int(value)
    return lookups.queues.get(ident, "") if ident is not None else ""
