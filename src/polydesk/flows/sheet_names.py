"""Names for a ticket sheet (``flows.ticket_sheet``), read once for all the rows that need them,
and the ticket's history as sentences people read ("Status: new → open") instead of ids.

History events store ids (``status_id`` 3 → 5); the sheet resolves them with one statement per
kind of name (people, statuses, priorities, help desks), never one per event."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from polydesk.db.names import names_by_id
from polydesk.models.catalogs import Priority, Status
from polydesk.models.comments import Comment
from polydesk.models.companies import Company
from polydesk.models.helpdesks import Helpdesk, HelpdeskLevel
from polydesk.models.history import EventKind, HistoryEvent
from polydesk.models.tickets import Ticket
from polydesk.models.users import User

#: Events whose old/new values are ids of these tables.
USER_EVENTS = (EventKind.OWNER_CHANGED, EventKind.RESPONSIBLE_CHANGED, EventKind.REQUESTER_CHANGED)
ID_EVENTS = {
    EventKind.STATUS_CHANGED: "statuses",
    EventKind.PRIORITY_CHANGED: "priorities",
    EventKind.HELPDESK_CHANGED: "helpdesks",
    **dict.fromkeys(USER_EVENTS, "users"),
}
#: How each kind of event reads (the field name, or a sentence when nothing changed value).
LABELS = {
    EventKind.CREATED: "Created the ticket",
    EventKind.STATUS_CHANGED: "Status",
    EventKind.PRIORITY_CHANGED: "Priority",
    EventKind.OWNER_CHANGED: "Owner",
    EventKind.RESPONSIBLE_CHANGED: "Responsible",
    EventKind.HELPDESK_CHANGED: "Help desk",
    EventKind.REQUESTER_CHANGED: "Requester",
    EventKind.TITLE_CHANGED: "Title",
    EventKind.TYPE_CHANGED: "Type",
    EventKind.CATEGORY_CHANGED: "Category",
    EventKind.LOCK_CHANGED: "Lock",
    EventKind.CLOSED: "Closed the ticket",
    EventKind.REOPENED: "Reopened the ticket",
    EventKind.EMAIL_SENT: "Sent an e-mail",
    EventKind.ATTACHMENT_ADDED: "Attached a file",
    EventKind.ATTACHMENT_DELETED: "Removed a file",
    EventKind.TIME_LOGGED: "Logged time",
    EventKind.CUSTOM_FIELD_CHANGED: "Custom field",
    EventKind.LINK_ADDED: "Linked a ticket",
    EventKind.LINK_REMOVED: "Removed a link",
    EventKind.PARTICIPANT_ADDED: "Added a participant",
    EventKind.PARTICIPANT_REMOVED: "Removed a participant",
    EventKind.INVENTORY_LINKED: "Linked an inventory item",
    EventKind.WAITING_STARTED: "Started waiting",
    EventKind.WAITING_ENDED: "Stopped waiting",
    EventKind.SOLUTION_PROPOSED: "Proposed a solution",
    EventKind.SOLUTION_ACCEPTED: "Solution accepted",
    EventKind.SOLUTION_REJECTED: "Solution rejected",
    EventKind.APPROVAL_REQUESTED: "Requested an approval",
    EventKind.APPROVAL_DECIDED: "Approval decided",
    EventKind.SLA_BREACHED: "SLA breached",
    EventKind.NOTIFICATION_SENT: "Notified",
}


@dataclass(frozen=True)
class HistoryLine:
    at: datetime
    who: str
    text: str


@dataclass(frozen=True)
class Names:
    users: dict[int, str]
    statuses: dict[int, str]
    priorities: dict[int, str]
    helpdesks: dict[int, str]
    company: str
    level: str

    def user(self, user_id: int | None) -> str:
        if user_id is None:
            return ""
        return self.users.get(user_id, f"user {user_id}")

    def author(self, comment: Comment) -> str:
        """An article's author: the account, else the sender address it came from."""
        if comment.author_id is not None:
            return self.user(comment.author_id)
        return comment.from_address or "System"


def read_names(
    session: Session, ticket: Ticket, *, user_ids: Iterable[int | None], events: list[HistoryEvent]
) -> Names:
    """Every name the sheet shows, one statement per table (a table nobody names: none)."""
    wanted: dict[str, set[int]] = {"users": set(), "statuses": set(), "priorities": set()}
    wanted["helpdesks"] = {ticket.helpdesk_id} if ticket.helpdesk_id else set()
    wanted["users"].update(
        ident
        for ident in (*user_ids, ticket.owner_id, ticket.responsible_id, ticket.requester_id)
        if ident is not None
    )
    for event in events:
        if event.actor_id is not None:
            wanted["users"].add(event.actor_id)
        table = ID_EVENTS.get(event.kind)
        if table is not None:
            ids = (_int(event.old_value), _int(event.new_value))
            wanted[table].update(ident for ident in ids if ident is not None)
    return Names(
        users=_user_names(session, wanted["users"]),
        statuses=names_by_id(session, Status, wanted["statuses"]),
        priorities=names_by_id(session, Priority, wanted["priorities"]),
        helpdesks=names_by_id(session, Helpdesk, wanted["helpdesks"]),
        company=names_by_id(session, Company, [ticket.company_id]).get(ticket.company_id or 0, ""),
        level=_level_name(session, ticket),
    )


def history_lines(events: list[HistoryEvent], names: Names) -> list[HistoryLine]:
    return [
        HistoryLine(event.created_at, names.user(event.actor_id) or "System", _text(event, names))
        for event in events
    ]


def _text(event: HistoryEvent, names: Names) -> str:
    if event.kind is EventKind.COMMENT_ADDED:
        return "Added a public reply" if event.new_value == "public" else "Added an internal note"
    if event.kind is EventKind.CREATED:
        return LABELS[event.kind]  # its value is the ticket's own number
    label = LABELS.get(event.kind) or _field_label(event.field or str(event.kind))
    old, new = _value(event, event.old_value, names), _value(event, event.new_value, names)
    if old or new:
        text = f"{label}: {old or '—'} → {new or '—'}" if old else f"{label}: {new}"
    else:
        text = label
    return f"{text} ({event.description})" if event.description else text


def _field_label(name: str) -> str:
    """``assigned_group_id`` reads "Assigned group"."""
    return name.removesuffix("_id").replace("_", " ").capitalize()


def _value(event: HistoryEvent, value: str | None, names: Names) -> str:
    table = ID_EVENTS.get(event.kind)
    ident = _int(value)
    if table is None or ident is None:
        return value or ""
    found: dict[int, str] = {
        "users": names.users,
        "statuses": names.statuses,
        "priorities": names.priorities,
        "helpdesks": names.helpdesks,
    }[table]
    return found.get(ident, value or "")


def _int(value: str | None) -> int | None:
    return int(value) if value is not None and value.isdigit() else None


def _user_names(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    query = select(User.id, User.first_name, User.last_name, User.login).where(User.id.in_(ids))
    return {
        ident: " ".join(part for part in (first, last) if part) or login
        for ident, first, last, login in session.execute(query)
    }


def _level_name(session: Session, ticket: Ticket) -> str:
    if ticket.helpdesk_id is None:
        return ""
    query = select(HelpdeskLevel.name).where(
        HelpdeskLevel.helpdesk_id == ticket.helpdesk_id, HelpdeskLevel.level == ticket.level
    )
    return session.scalar(query) or f"Level {ticket.level}"
