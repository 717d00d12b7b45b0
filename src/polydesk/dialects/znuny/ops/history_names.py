"""The ``Name`` texts Znuny 6.5 writes into ``ticket_history`` for the lines whose format is more
than ``%%old%%new`` (read from ``Kernel/System/Ticket.pm``, ``DynamicField/ObjectType/Ticket.pm``
and the GenericInterface defaults in ``Kernel/Config/Files/XML/GenericInterface.xml``)."""

from __future__ import annotations

from datetime import datetime

#: GenericInterface::Operation::TicketCreate / TicketUpdate ###HistoryComment defaults: the
#: article line of TicketCreate has type NewTicket, a later article AddNote.
FIRST_ARTICLE = ("NewTicket", 1, "%%GenericInterface Create")
LATER_ARTICLE = ("AddNote", 15, "%%GenericInterface Note")
#: Ids of the history types an article may name: ``ticket_history_type`` of a fresh install
#: (``scripts/database/otrs-initial_insert.xml``): 1 NewTicket .. 40 ArchiveFlagUpdate, the nine
#: Escalation* types 41-49, 50 TitleUpdate, 51 EmailResend, 52 Bulk.
ARTICLE_TYPE_IDS = {
    name: number
    for number, name in enumerate(
        (
            "NewTicket", "FollowUp", "SendAutoReject", "SendAutoReply", "SendAutoFollowUp",
            "Forward", "Bounce", "SendAnswer", "SendAgentNotification", "SendCustomerNotification",
            "EmailAgent", "EmailCustomer", "PhoneCallAgent", "PhoneCallCustomer", "AddNote",
            "Move", "Lock", "Unlock", "Remove", "TimeAccounting", "CustomerUpdate",
            "PriorityUpdate", "OwnerUpdate", "LoopProtection", "Misc", "SetPendingTime",
            "StateUpdate", "TicketDynamicFieldUpdate", "WebRequestCustomer", "TicketLinkAdd",
            "TicketLinkDelete", "SystemRequest", "Merged", "ResponsibleUpdate", "Subscribe",
            "Unsubscribe", "TypeUpdate", "ServiceUpdate", "SLAUpdate", "ArchiveFlagUpdate",
            "EscalationSolutionTimeStop", "EscalationResponseTimeStart",
            "EscalationUpdateTimeStart", "EscalationSolutionTimeStart",
            "EscalationResponseTimeNotifyBefore", "EscalationUpdateTimeNotifyBefore",
            "EscalationSolutionTimeNotifyBefore", "EscalationResponseTimeStop",
            "EscalationUpdateTimeStop", "TitleUpdate", "EmailResend", "Bulk",
        ),
        start=1,
    )
}  # fmt: skip


def article_line(history_type: str, comment: str, *, first: bool) -> tuple[str, int, str]:
    """The article's own HistoryType / HistoryComment when it gave them, else the operation's
    defaults (TicketCreate for the first article, TicketUpdate for later ones)."""
    default = FIRST_ARTICLE if first else LATER_ARTICLE
    if history_type not in ARTICLE_TYPE_IDS:
        return default[0], default[1], comment or default[2]
    return history_type, ARTICLE_TYPE_IDS[history_type], comment or default[2]


#: TicketPendingTimeSet with all parts 0 (a pending time removed).
PENDING_RESET = "%%00-00-00 00:00"
#: ``ticket_history.name`` holds 200 characters; the three dynamic-field parts share 166.
_FIELD_ROOM = 166
_OLD_KEPT = 55
_CUT = "[...]"


#: The core's notified events as the notifications of a fresh Znuny 6.5 (``notification_event``
#: in ``initial_insert.xml``) that fire on them; others keep the core's name.
NOTIFICATIONS = {
    "ticket.opened": "Ticket create notification",
    "article.posted": "Ticket new note notification",
    "ticket.assigned": "Ticket owner update notification",
    "pending.reminder_due": "Ticket pending reminder notification (unlocked)",
    "sla.breached": "Ticket escalation notification",
    "sla.warning": "Ticket escalation warning notification",
}


def notification_name(kind: str) -> str:
    return NOTIFICATIONS.get(kind, kind)


def time_units(units: int | float, total: int | float) -> str:
    """TicketAccountTime: the units booked now, then the ticket's running total."""
    return f"%%{units}%%{total}"


def pending_time(value: datetime | str | None) -> str:
    """TicketPendingTimeSet: minutes precision, ``%%00-00-00 00:00`` when cleared. ``value``
    is the ticket's own value or the text a history event keeps of it (UTC)."""
    if not value:
        return PENDING_RESET
    try:
        moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    except ValueError:
        return PENDING_RESET
    return "%%" + moment.strftime("%Y-%m-%d %H:%M")


def customer_update(customer_id: str, customer_user: str) -> str:
    """TicketCustomerSet: both parts, as TicketCreate and TicketUpdate always pass both."""
    return f"%%CustomerID={customer_id};CustomerUser={customer_user};"


def dynamic_field(name: str, new: str, old: str) -> str:
    """PostValueSet of a ticket field, with Znuny's shortening when the three parts together
    pass 166 characters: the old value first, then the name, then the new value."""
    if len(name) + len(new) + len(old) > _FIELD_ROOM:
        name, new, old = _shortened(name, new, old)
    return f"%%FieldName%%{name}%%Value%%{new}%%OldValue%%{old}"


def _shortened(name: str, new: str, old: str) -> tuple[str, str, str]:
    if len(old) > _OLD_KEPT:
        old = old[:50] + _CUT
    share = (_FIELD_ROOM - len(old)) // 2
    if len(name) > share:
        if len(new) > share:
            return name[: share - 5] + _CUT, new[: share - 5] + _CUT, old
        keep = max(_FIELD_ROOM - len(old) - len(new) - 5, 0)
        return name[:keep] + _CUT, new, old
    room = _FIELD_ROOM - len(old) - len(name) - 5
    if len(new) > room:
        new = new[:room] + _CUT
    return name, new, old
