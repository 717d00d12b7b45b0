"""TicketHistoryGet (spec §5.5): the core's history events as Znuny history lines, each with
the ticket's queue, owner, priority, state and type as they were at that moment (rebuilt by
replaying the events backwards from the ticket's current values)."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Any

from polydesk.catalogs.service import list_catalog
from polydesk.companies.service import companies_by_ids
from polydesk.core.actor import Actor, Role
from polydesk.core.pagination import PageRequest
from polydesk.dialects._kit.hostile import bounded_int, row_id
from polydesk.dialects.znuny.context import Context
from polydesk.dialects.znuny.errors import OperationError
from polydesk.dialects.znuny.mapping import state_type
from polydesk.dialects.znuny.ops.common import caller_or_fail, ticket_comments, ticket_ids
from polydesk.dialects.znuny.ops.history_names import (
    PENDING_RESET,
    article_line,
    customer_update,
    dynamic_field,
    notification_name,
    pending_time,
    time_units,
)
from polydesk.dialects.znuny.ops.history_order import ONE_REQUEST, in_znuny_order
from polydesk.dialects.znuny.render import ROOT_USER_ID, Lookups, minutes, number, timestamp
from polydesk.dialects.znuny.values import truthy
from polydesk.history.service import list_events
from polydesk.models.catalogs import Status
from polydesk.models.companies import Company
from polydesk.models.history import EventKind, HistoryEvent
from polydesk.models.tickets import Ticket
from polydesk.tickets.service import get_ticket
from polydesk.timetracking.service import entries_by_comment

OP = "TicketHistoryGet"
CUSTOMER_ID_KEY = "znuny.customer_id"
MAX_EVENTS = 10_000
#: Core event -> Znuny history type (name, id as in initial_insert.xml).
HISTORY_TYPES: dict[EventKind, tuple[str, int]] = {
    EventKind.EMAIL_SENT: ("SendAnswer", 8),
    EventKind.HELPDESK_CHANGED: ("Move", 16),
    EventKind.TIME_LOGGED: ("TimeAccounting", 20),
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
CUSTOMER_UPDATE = ("CustomerUpdate", 21)
#: Core events without a Znuny line are left out (Znuny writes no ``Misc`` lines for them):
#: closing, reopening and waiting are its StateUpdate lines already; files, participants,
#: approvals, solutions, inventory and SLA breaches are not ticket history in Znuny; an
#: ``UPDATED`` field counts only if FIELD_TYPES names it.
#: The values tracked back through the events: the first five are on every line.
SNAPSHOT = (
    "helpdesk_id", "owner_id", "priority_id", "status_id", "type_id",
    "requester_id", "company_id", "extra", "pending_until", "is_locked", "responsible_id",
)  # fmt: skip


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


#: One line's history type (name, id), article id and Name.
Entry = tuple[tuple[str, int], int, str]
_Row = tuple[HistoryEvent, dict[str, Any], list[Entry]]


def history_lines(ctx: Context, actor: Actor, ticket: Ticket) -> list[dict[str, Any]]:
    page = PageRequest(limit=MAX_EVENTS)
    events = list(list_events(ctx.session, actor, ticket.id, page).items)
    facts = _Facts.load(ctx, actor, ticket, events)
    events = in_znuny_order(events, facts.initial)
    snapshots = _snapshots(ticket, events)
    lines = []
    booked = 0  # seconds of time on the ticket so far: TimeAccounting's running total
    deferred: list[_Row] = []  # the creation's owner lines wait for the first article
    for index, (event, snapshot) in enumerate(zip(events, snapshots, strict=True)):
        booked += _booked(event)
        if _merged_into_next(events, index):
            continue
        entries = _entries(event, snapshot, facts, booked)
        if _pending_reset(event, snapshot, facts):
            entries.append((FIELD_TYPES["pending_until"], 0, PENDING_RESET))
        # Until TicketCreate sets the owner (after the article), Znuny's lines show user 1.
        shown = {**snapshot, "owner_id": ROOT_USER_ID} if deferred else snapshot
        rows = [(event, shown, entries)]
        if event.kind is EventKind.CREATED:
            later = (event, snapshot, _after_first_article(snapshot, facts))
            if facts.initial and later[2]:
                deferred, rows = [later], [(event, {**snapshot, "owner_id": ROOT_USER_ID}, entries)]
            else:
                rows.append(later)
        elif event.kind is EventKind.COMMENT_ADDED and event.related_id in facts.initial:
            rows, deferred = rows + deferred, []
        lines += [_line(row, entry, facts) for row in rows for entry in row[2]]
    return lines


def _line(row: _Row, entry: Entry, facts: _Facts) -> dict[str, Any]:
    """One line; its integer columns are JSON numbers, as Znuny 6.5 on MariaDB sends them."""
    event, snapshot, _ = row
    (name, type_id), article_id, text = entry
    lookups = facts.lookups
    return {
        "ArticleID": article_id,
        "CreateBy": event.actor_id or ROOT_USER_ID,
        "CreateTime": timestamp(event.created_at),
        "HistoryType": name,
        "HistoryTypeID": type_id,
        "Name": text,
        "OwnerID": _int(snapshot["owner_id"]) or ROOT_USER_ID,
        "PriorityID": number(lookups.priorities.code(_int(snapshot["priority_id"]))),
        "QueueID": _int(snapshot["helpdesk_id"]) or 0,
        "StateID": number(lookups.states.code(_int(snapshot["status_id"]))),
        "TicketID": facts.ticket.id,
        "TypeID": number(lookups.types.code(_int(snapshot["type_id"])) or "1"),
    }


def _after_first_article(snapshot: dict[str, Any], facts: _Facts) -> list[Entry]:
    """GI TicketCreate creates the ticket owned by user 1, writes the article, then sets the
    owner (the given one, else the caller), locks for a given owner, and sets the
    responsible: the lines Znuny writes for an owner or responsible other than user 1."""
    entries: list[Entry] = []
    owner = _int(snapshot["owner_id"])
    if owner is not None and owner != ROOT_USER_ID:
        entries.append((("OwnerUpdate", 23), 0, f"%%{facts.lookups.login(owner)}%%{owner}"))
    if str(snapshot["is_locked"]) == "True":
        entries.append((("Lock", 17), 0, "%%lock"))
    responsible = _int(snapshot["responsible_id"])
    if responsible is not None and responsible != ROOT_USER_ID:
        login = facts.lookups.login(responsible)
        entries.append((("ResponsibleUpdate", 34), 0, f"%%{login}%%{responsible}"))
    return entries


@dataclass
class _Facts:
    """What the lines name besides the events: queue, user and company names, which articles
    are first articles, and the article each time entry was booked on."""

    ticket: Ticket
    lookups: Lookups
    initial: set[int]
    entry_article: dict[int, int]
    companies: dict[int, Company]
    pending_states: set[int]

    @classmethod
    def load(cls, ctx: Context, actor: Actor, ticket: Ticket, events: list[HistoryEvent]) -> _Facts:
        lookups = Lookups.load(ctx.session, actor, [ticket])
        queues, users, companies = _referenced(events)
        lookups.add_references(queues, users | _present(ticket.requester_id))
        comments = ticket_comments(ctx.session, actor, ticket.id)
        times = entries_by_comment(ctx.session, actor, [comment.id for comment in comments])
        return cls(
            ticket=ticket,
            lookups=lookups,
            initial={comment.id for comment in comments if comment.is_initial},
            entry_article={e.id: cid for cid, entries in times.items() for e in entries},
            companies=companies_by_ids(ctx.session, companies | _present(ticket.company_id)),
            pending_states=_pending_states(ctx, lookups),
        )

    def customer_line(self, snapshot: dict[str, Any]) -> str:
        free = free_customer_id(snapshot["extra"])
        company = self.companies.get(_int(snapshot["company_id"]) or 0)
        customer_id = str(free) if free else (company.code or company.name) if company else ""
        requester = _int(snapshot["requester_id"])
        if requester is not None:
            login = self.lookups.login(requester)
        else:
            login = self.ticket.contact_email or ""
        return customer_update(customer_id, login)


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


def _referenced(events: list[HistoryEvent]) -> tuple[set[int], set[int], set[int]]:
    queues: set[int] = set()
    users: set[int] = set()
    companies: set[int] = set()
    for event in events:
        found = {_int(event.old_value), _int(event.new_value)} - {None}
        if event.field == "helpdesk_id":
            queues |= found  # type: ignore[arg-type]
        elif event.field in ("owner_id", "responsible_id", "requester_id"):
            users |= found  # type: ignore[arg-type]
        elif event.field == "company_id":
            companies |= found  # type: ignore[arg-type]
        if event.kind is EventKind.NOTIFICATION_SENT and event.related_id is not None:
            users.add(event.related_id)
    return queues, users, companies


def _pending_states(ctx: Context, lookups: Lookups) -> set[int]:
    statuses = [row for row in list_catalog(ctx.session, "status") if isinstance(row, Status)]
    return {
        row.id
        for row in statuses
        if state_type(lookups.states.code(row.id), row.category).startswith("pending")
    }


def _pending_reset(event: HistoryEvent, snapshot: dict[str, Any], facts: _Facts) -> bool:
    """Znuny's TicketPendingTimeReset event module: a ticket leaving a pending state for any
    other gets its pending time set to zero, a ``%%00-00-00 00:00`` line. The core keeps the
    time (it is only read while waiting), so the line is drawn from the state change."""
    if event.kind is not EventKind.STATUS_CHANGED or not snapshot["pending_until"]:
        return False
    was, now = _int(event.old_value), _int(event.new_value)
    return was in facts.pending_states and now not in facts.pending_states


def _present(*values: int | None) -> set[int]:
    return {value for value in values if value is not None}


def _int(value: Any) -> int | None:
    return bounded_int(str(value)) if value is not None else None


def _booked(event: HistoryEvent) -> int:
    """Seconds this event adds to (or, a deleted entry, takes from) the ticket's time."""
    if event.kind is EventKind.TIME_LOGGED:
        return _int(event.new_value) or 0
    if event.kind is EventKind.UPDATED and event.field == "time_entry_deleted":
        return -(_int(event.old_value) or 0)
    return 0


def _is_customer_change(event: HistoryEvent) -> bool:
    """The requester, the company, or the free-text CustomerID (kept in ``extra``) changed."""
    if event.kind is EventKind.REQUESTER_CHANGED:
        return True
    if event.kind is not EventKind.UPDATED:
        return False
    if event.field == "extra":
        return free_customer_id(event.old_value) != free_customer_id(event.new_value)
    return event.field == "company_id"


def free_customer_id(extra: Any) -> str:
    """The free-text CustomerID in a ticket's extra data: a dict now, its ``repr`` in an
    ``UPDATED extra`` event (read as a literal, never evaluated)."""
    if isinstance(extra, str):
        try:
            extra = ast.literal_eval(extra)
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            return ""
    value = extra.get(CUSTOMER_ID_KEY) if isinstance(extra, dict) else None
    return str(value) if value else ""


def _merged_into_next(events: list[HistoryEvent], index: int) -> bool:
    """Requester, company and free-text CustomerID changed by one request are one CustomerUpdate
    line in Znuny (TicketCustomerSet sets both): it is written at the last of those events,
    each following the one before directly, by the same actor, within a second."""
    event = events[index]
    if index + 1 >= len(events) or not _is_customer_change(event):
        return False
    after = events[index + 1]
    return (
        _is_customer_change(after)
        and after.field != event.field
        and after.actor_id == event.actor_id
        and after.created_at - event.created_at <= ONE_REQUEST
    )


def _entries(
    event: HistoryEvent, snapshot: dict[str, Any], facts: _Facts, booked: int
) -> list[Entry]:
    """The Znuny lines one core event stands for: none for what Znuny does not record."""
    kind = event.kind
    if kind is EventKind.CREATED:
        return _creation(event, snapshot, facts)
    if kind is EventKind.COMMENT_ADDED:
        article = event.related_id or 0
        first = article in facts.initial
        name, type_id, text = article_line(event.field, event.description, first=first)
        return [((name, type_id), article, text)]
    if kind is EventKind.NOTIFICATION_SENT:
        return [_notification(event, facts)]
    if kind is EventKind.TIME_LOGGED:
        article = facts.entry_article.get(event.related_id or 0, 0)
        units = minutes(_int(event.new_value) or 0)
        return [(HISTORY_TYPES[kind], article, time_units(units, minutes(booked)))]
    if _is_customer_change(event):
        return [(CUSTOMER_UPDATE, 0, facts.customer_line(snapshot))]
    if kind is EventKind.CUSTOM_FIELD_CHANGED:
        text = dynamic_field(event.field, event.new_value or "", event.old_value or "")
        return [(HISTORY_TYPES[kind], 0, text)]
    if kind is EventKind.UPDATED and event.field == "pending_until":
        return [(FIELD_TYPES[event.field], 0, pending_time(event.new_value))]
    history_type = _history_type(event)
    if history_type is None:
        return []
    article = (event.related_id or 0) if kind is EventKind.EMAIL_SENT else 0
    return [(history_type, article, _line_name(event, facts.ticket, facts.lookups, snapshot))]


def _creation(event: HistoryEvent, snapshot: dict[str, Any], facts: _Facts) -> list[Entry]:
    """TicketCreate's lines before the article: the ticket, its customer, a pending time."""
    created = (("NewTicket", 1), 0, _line_name(event, facts.ticket, facts.lookups, snapshot))
    entries = [created]
    if snapshot["requester_id"] or snapshot["company_id"] or facts.ticket.contact_email:
        entries.append((CUSTOMER_UPDATE, 0, facts.customer_line(snapshot)))
    if snapshot["pending_until"] and _int(snapshot["status_id"]) in facts.pending_states:
        entries.append((FIELD_TYPES["pending_until"], 0, pending_time(snapshot["pending_until"])))
    return entries


def _notification(event: HistoryEvent, facts: _Facts) -> Entry:
    """Znuny's NotificationEvent (Email transport): an agent's line names the notification
    and the agent, a customer's the address it went to."""
    user = facts.lookups.users.get(event.related_id or 0)
    if user is not None and user.role is not Role.CUSTOMER:
        name = notification_name(event.field)
        return (("SendAgentNotification", 9), 0, f"%%{name}%%{user.login}%%Email")
    return (("SendCustomerNotification", 10), 0, f"%%{event.new_value or ''}")


def _history_type(event: HistoryEvent) -> tuple[str, int] | None:
    if event.kind is EventKind.LOCK_CHANGED:
        return ("Lock", 17) if event.new_value == "True" else ("Unlock", 18)
    if event.kind is EventKind.UPDATED:
        return FIELD_TYPES.get(event.field)
    return HISTORY_TYPES.get(event.kind)


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
