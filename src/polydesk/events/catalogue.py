"""The catalogue of domain events: one frozen class per kind of state change (docs/events.md).

An event says what changed, on which ticket, with a JSON-able payload of ids, flags and short
values; it is not a copy of the object. A subscriber that needs more reads it when it runs.
Stored rows outlive code changes, so fields added to an event later need a default (older
rows lack them) and unknown payload keys are ignored when a row is read back.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, is_dataclass
from datetime import datetime
from enum import Enum
from typing import Any, ClassVar, Self, TypeAlias

Json: TypeAlias = "bool | int | float | str | list[Json] | dict[str, Json] | None"


@dataclass(frozen=True, kw_only=True)
class DomainEvent:
    #: Stable name stored in ``domain_events.kind``; subscribers ask for kinds by it.
    kind: ClassVar[str] = ""
    ticket_id: int | None = None

    def payload(self) -> dict[str, Json]:
        return {f.name: plain(getattr(self, f.name)) for f in fields(self) if f.name != "ticket_id"}

    @classmethod
    def from_payload(cls, ticket_id: int | None, payload: Mapping[str, Any]) -> Self:
        known = {f.name for f in fields(cls)} - {"ticket_id"}
        values = {key: _tupled(value) for key, value in payload.items() if key in known}
        return cls(ticket_id=ticket_id, **values)


def plain(value: object) -> Json:
    """``value`` as JSON: enums by value, datetimes in ISO 8601, tuples as lists."""
    if isinstance(value, Enum):
        return plain(value.value)
    if isinstance(value, datetime):
        return value.isoformat()
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value) if isinstance(value, set | frozenset) else value
        return [plain(item) for item in items]
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _tupled(value: Any) -> Any:
    # Sequences are tuples on the (frozen) events and lists in JSON.
    return tuple(value) if isinstance(value, list) else value


# --- the ticket itself ---------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class TicketOpened(DomainEvent):
    kind = "ticket.opened"
    number: str
    title: str
    status_id: int
    priority_id: int
    helpdesk_id: int | None = None
    requester_id: int | None = None
    owner_id: int | None = None
    company_id: int | None = None


@dataclass(frozen=True, kw_only=True)
class TicketDeleted(DomainEvent):
    """The ticket and everything hanging off it are gone (its earlier events stay)."""

    kind = "ticket.deleted"
    number: str
    title: str


@dataclass(frozen=True, kw_only=True)
class FieldChange:
    field: str
    old: Json = None
    new: Json = None


#: Long texts: a change names them, without their values (read the ticket).
VALUELESS_FIELDS = frozenset({"description", "resolution_note"})


@dataclass(frozen=True, kw_only=True)
class TicketChanged(DomainEvent):
    """Every field the ticket service changed in one update, status and assignment included
    (those also have their own event: ``StatusMoved``, ``Assigned``)."""

    kind = "ticket.changed"
    changes: tuple[FieldChange, ...]

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(change.field for change in self.changes)

    @classmethod
    def from_payload(cls, ticket_id: int | None, payload: Mapping[str, Any]) -> Self:
        changes = tuple(FieldChange(**change) for change in payload.get("changes", []))
        return cls(ticket_id=ticket_id, changes=changes)


@dataclass(frozen=True, kw_only=True)
class StatusMoved(DomainEvent):
    """Any status change, whatever asked for it (an update, a solution, a wait, an approval).
    ``closed``: it entered a closed or cancelled status; ``reopened``: it left an ended one."""

    kind = "ticket.status_moved"
    old_status_id: int
    new_status_id: int
    old_category: str
    new_category: str
    closed: bool = False
    reopened: bool = False


#: Assigned's fields, by the ticket column each one follows.
ASSIGNMENT_COLUMNS = {
    "helpdesk_id": "helpdesk_id",
    "level": "level",
    "owner_id": "owner_id",
    "assigned_group_id": "group_id",
}


@dataclass(frozen=True, kw_only=True)
class Assigned(DomainEvent):
    """Who works on the ticket changed: help desk, level, owner or group (a reassignment, or
    an update of those fields). Each pair holds the value before and after."""

    kind = "ticket.assigned"
    helpdesk_id: int | None = None
    old_helpdesk_id: int | None = None
    level: int = 1
    old_level: int = 1
    owner_id: int | None = None
    old_owner_id: int | None = None
    group_id: int | None = None
    old_group_id: int | None = None

    @property
    def changed_columns(self) -> tuple[str, ...]:
        """The ticket columns that changed (``helpdesk_id``, ``level``, ...)."""
        return tuple(
            column
            for column, name in ASSIGNMENT_COLUMNS.items()
            if getattr(self, name) != getattr(self, f"old_{name}")
        )


# --- what is added to a ticket -------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ArticlePosted(DomainEvent):
    """A comment (article) on the ticket: ``is_initial`` for the opening message.
    ``no_agent_notify``: no agent is notified of it; ``notify_user_ids``: these users are,
    whatever else says (Znuny's ``NoAgentNotify`` / ``ForceNotificationToUserID``);
    ``exclude_user_ids``: these agents are not, whatever else says (``Exclude*ToUserID``)."""

    kind = "article.posted"
    comment_id: int
    is_public: bool
    sender_type: str
    channel: str = ""
    is_initial: bool = False
    is_solution: bool = False
    no_agent_notify: bool = False
    notify_user_ids: tuple[int, ...] = ()
    exclude_user_ids: tuple[int, ...] = ()


@dataclass(frozen=True, kw_only=True)
class AttachmentAdded(DomainEvent):
    kind = "attachment.added"
    attachment_id: int
    filename: str
    size: int = 0
    comment_id: int | None = None


@dataclass(frozen=True, kw_only=True)
class AttachmentDeleted(DomainEvent):
    kind = "attachment.deleted"
    attachment_id: int
    filename: str


@dataclass(frozen=True, kw_only=True)
class TimeLogged(DomainEvent):
    kind = "time.logged"
    entry_id: int
    duration_seconds: int
    is_billable: bool = False
    comment_id: int | None = None


@dataclass(frozen=True, kw_only=True)
class ParticipantAdded(DomainEvent):
    """A collaborator or observer (``role``) joined the ticket."""

    kind = "participant.added"
    user_id: int
    role: str


@dataclass(frozen=True, kw_only=True)
class ParticipantRemoved(DomainEvent):
    kind = "participant.removed"
    user_id: int
    role: str


@dataclass(frozen=True, kw_only=True)
class TicketsLinked(DomainEvent):
    """One event per new link, on the ticket the link was made from."""

    kind = "tickets.linked"
    other_ticket_id: int
    link: str


@dataclass(frozen=True, kw_only=True)
class EntityLinked(DomainEvent):
    """An external entity (supplier, carrier ...) linked with its own reference."""

    kind = "entity.linked"
    link_id: int
    entity_id: int
    entity_name: str
    reference: str = ""


@dataclass(frozen=True, kw_only=True)
class EntityUnlinked(DomainEvent):
    kind = "entity.unlinked"
    link_id: int
    entity_id: int


@dataclass(frozen=True, kw_only=True)
class ItemLinked(DomainEvent):
    """An inventory item (configuration item) linked to the ticket."""

    kind = "inventory.linked"
    item_id: int


@dataclass(frozen=True, kw_only=True)
class ItemUnlinked(DomainEvent):
    kind = "inventory.unlinked"
    item_id: int


@dataclass(frozen=True, kw_only=True)
class TaskAdded(DomainEvent):
    kind = "task.added"
    task_id: int
    name: str


@dataclass(frozen=True, kw_only=True)
class TaskStatusChanged(DomainEvent):
    kind = "task.status_changed"
    task_id: int
    old_status: str
    new_status: str


@dataclass(frozen=True, kw_only=True)
class CustomValueChanged(DomainEvent):
    """A custom field's value on the ticket, as display text ("" when empty)."""

    kind = "custom_value.changed"
    field_id: int
    field_name: str
    old: str = ""
    new: str = ""


# --- the life cycle ------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class WaitingStarted(DomainEvent):
    """``until``: the date waited for (ISO 8601); ``related_id``: the ticket, entity link or
    approval waited on."""

    kind = "waiting.started"
    waiting_for: str
    until: str | None = None
    related_id: int | None = None


@dataclass(frozen=True, kw_only=True)
class WaitingEnded(DomainEvent):
    kind = "waiting.ended"
    waited_for: str | None
    reason: str = ""


@dataclass(frozen=True, kw_only=True)
class SolutionProposed(DomainEvent):
    kind = "solution.proposed"
    comment_id: int


@dataclass(frozen=True, kw_only=True)
class SolutionAccepted(DomainEvent):
    kind = "solution.accepted"
    comment_id: int | None
    rating: int | None = None


@dataclass(frozen=True, kw_only=True)
class SolutionRejected(DomainEvent):
    """``reply_id``: the comment that says why."""

    kind = "solution.rejected"
    comment_id: int | None
    reply_id: int


@dataclass(frozen=True, kw_only=True)
class ApprovalRequested(DomainEvent):
    kind = "approval.requested"
    approval_id: int
    approval_kind: str
    voter_ids: tuple[int, ...]
    required_votes: int = 1


@dataclass(frozen=True, kw_only=True)
class ApprovalVoterAdded(DomainEvent):
    kind = "approval.voter_added"
    approval_id: int
    user_id: int


@dataclass(frozen=True, kw_only=True)
class ApprovalVoted(DomainEvent):
    kind = "approval.voted"
    approval_id: int
    user_id: int | None
    vote: str


@dataclass(frozen=True, kw_only=True)
class ApprovalDecided(DomainEvent):
    """``outcome``: approved, rejected, expired or cancelled."""

    kind = "approval.decided"
    approval_id: int
    outcome: str


# --- the engines (SLA clock, pending times, automation) -------------------------------------


@dataclass(frozen=True, kw_only=True)
class SlaWarning(DomainEvent):
    """A target's warning point passed. ``target``: first_response, update or resolution."""

    kind = "sla.warning"
    target: str
    due_at: str = ""  # ISO 8601, UTC


@dataclass(frozen=True, kw_only=True)
class SlaBreached(DomainEvent):
    """A target's due time passed before it was met."""

    kind = "sla.breached"
    target: str
    due_at: str = ""  # ISO 8601, UTC


@dataclass(frozen=True, kw_only=True)
class PendingReminderDue(DomainEvent):
    """A ticket in a "remind" pending status reached its pending time (Znuny pending reminder)."""

    kind = "pending.reminder_due"
    status_id: int
    pending_until: str = ""  # ISO 8601, UTC


@dataclass(frozen=True, kw_only=True)
class TriggerRan(DomainEvent):
    """An automation trigger's actions ran on the ticket (its execution is logged)."""

    kind = "trigger.ran"
    trigger_id: int
    execution_id: int | None = None
    # The triggers whose runs led here, this one last: none of them fires again on the
    # changes this run made (the automation engine's loop guard).
    chain: tuple[int, ...] = ()


#: kind -> class, for reading stored rows back.
CATALOGUE: dict[str, type[DomainEvent]] = {
    cls.kind: cls
    for cls in (
        TicketOpened, TicketDeleted, TicketChanged, StatusMoved, Assigned, ArticlePosted,
        AttachmentAdded, AttachmentDeleted, TimeLogged, ParticipantAdded, ParticipantRemoved,
        TicketsLinked, EntityLinked, EntityUnlinked, ItemLinked, ItemUnlinked, TaskAdded,
        TaskStatusChanged, CustomValueChanged, WaitingStarted, WaitingEnded, SolutionProposed,
        SolutionAccepted, SolutionRejected, ApprovalRequested, ApprovalVoterAdded, ApprovalVoted,
        ApprovalDecided, SlaWarning, SlaBreached, PendingReminderDue, TriggerRan,
    )
}  # fmt: skip


def decode(kind: str, ticket_id: int | None, payload: Mapping[str, Any]) -> DomainEvent:
    """The event a stored row holds; ``LookupError`` for a kind this code does not know."""
    cls = CATALOGUE.get(kind)
    if cls is None:
        raise LookupError(f"unknown domain event kind {kind!r}")
    return cls.from_payload(ticket_id, payload)
