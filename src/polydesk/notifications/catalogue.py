"""What is notified, to whom, and what a template may say.

Decisions:
- An event is notified by its domain-event kind ("ticket.opened" ...), so the admin API, the
  site file and the subscriber use one name per event.
- Recipient kinds are the ticket's roles: requester, owner, help desk members, participants
  (observers and collaborators), voters. Help desk members hear of every new ticket of their
  desk (Znuny's new-ticket notification to the queue's agents; its owner is often only the
  agent who typed it in), and afterwards only while nobody owns it: once an owner works on
  it, the others are not mailed about each step.
- Agent-only events (assignment, SLA, pending reminder) never reach customers; an internal
  note reaches agents only (``ArticlePosted.is_public``).
- When one person has several events of one ticket in one transaction, the mail's subject is
  the event listed first here (the most telling one), its body names them all.
- Templates are ``str.format`` strings over a fixed set of placeholders; anything else
  (attribute or index access, format specs, conversions) is refused when saved.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from enum import StrEnum

from polydesk.core.errors import ValidationFailed
from polydesk.events.catalogue import (
    ApprovalRequested,
    ApprovalVoterAdded,
    ArticlePosted,
    Assigned,
    PendingReminderDue,
    SlaBreached,
    SlaWarning,
    SolutionProposed,
    StatusMoved,
    TicketOpened,
)


class Recipient(StrEnum):
    REQUESTER = "requester"
    OWNER = "owner"
    HELPDESK = "helpdesk"  # the ticket's help desk members, while nobody owns the ticket
    PARTICIPANTS = "participants"  # observers and collaborators
    VOTERS = "voters"  # an approval's voters


@dataclass(frozen=True)
class Notified:
    kind: str
    recipients: tuple[Recipient, ...]
    agents_only: bool = False


_R = Recipient
#: Notified events, the most telling first (it names a mail that reports several).
EVENTS: dict[str, Notified] = {
    n.kind: n
    for n in (
        Notified(ApprovalRequested.kind, (_R.VOTERS,)),
        Notified(SolutionProposed.kind, (_R.REQUESTER,)),
        Notified(SlaBreached.kind, (_R.OWNER, _R.HELPDESK), agents_only=True),
        Notified(SlaWarning.kind, (_R.OWNER, _R.HELPDESK), agents_only=True),
        Notified(PendingReminderDue.kind, (_R.OWNER, _R.HELPDESK), agents_only=True),
        Notified(TicketOpened.kind, (_R.REQUESTER, _R.OWNER, _R.HELPDESK, _R.PARTICIPANTS)),
        Notified(ArticlePosted.kind, (_R.REQUESTER, _R.OWNER, _R.HELPDESK, _R.PARTICIPANTS)),
        Notified(Assigned.kind, (_R.OWNER, _R.HELPDESK), agents_only=True),
        Notified(StatusMoved.kind, (_R.REQUESTER, _R.OWNER, _R.PARTICIPANTS)),
    )
}
#: Domain kinds notified as another event (its template and switches): a voter added to a
#: pending approval is asked as the first voters were.
ALIASES = {ApprovalVoterAdded.kind: ApprovalRequested.kind}
#: Every domain kind the subscriber takes.
KINDS = frozenset(EVENTS) | frozenset(ALIASES)


def notified_as(kind: str) -> str:
    """The notified event a domain kind is reported as."""
    return ALIASES.get(kind, kind)


LANGUAGES = ("en", "es", "de")
FALLBACK_LANGUAGE = "en"

#: What a template may use; each is plain text ("" where the event has none).
PLACEHOLDERS = frozenset(
    {
        "ticket_number", "ticket_title", "ticket_status", "ticket_priority", "helpdesk",
        "requester", "owner", "recipient", "actor", "article_subject", "article_body",
        "old_status", "new_status", "sla_target", "due_at", "pending_until", "approval_kind",
    }
)  # fmt: skip


def require_event(event: str) -> Notified:
    notified = EVENTS.get(event)
    if notified is None:
        raise ValidationFailed(
            "notification.unknown_event", f"{event!r} is not notified", events=sorted(EVENTS)
        )
    return notified


def require_recipient(event: str, recipient: str) -> Recipient:
    notified = require_event(event)
    if recipient not in notified.recipients:
        raise ValidationFailed(
            "notification.unknown_recipient",
            f"{event} is not sent to {recipient!r}",
            recipients=[kind.value for kind in notified.recipients],
        )
    return Recipient(recipient)


def check_template(text: str, field: str) -> None:
    """Refuse what ``render`` could not fill: unknown names, attribute / index access, format
    specs and conversions, unbalanced braces."""
    try:
        parts = list(string.Formatter().parse(text))
    except ValueError as error:
        raise ValidationFailed(
            "notification.invalid_template", f"{field}: {error}", field=field
        ) from None
    for _literal, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in PLACEHOLDERS or spec or conversion:
            raise ValidationFailed(
                "notification.unknown_placeholder",
                f"{field}: {{{name}}} is not a placeholder",
                field=field,
                placeholders=sorted(PLACEHOLDERS),
            )


def render(text: str, values: dict[str, str]) -> str:
    """Fill a checked template; a placeholder without a value is blank."""
    return text.format_map({name: values.get(name, "") for name in PLACEHOLDERS})
