"""One person's mail about one ticket: the placeholders' values for each event, the subject of
the most telling event and the bodies of all, in the recipient's language."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from polydesk.events.catalogue import (
    ApprovalRequested,
    ApprovalVoterAdded,
    ArticlePosted,
    DomainEvent,
    PendingReminderDue,
    SlaBreached,
    SlaWarning,
    SolutionProposed,
    StatusMoved,
)
from polydesk.events.registry import Envelope
from polydesk.mail.notifications import FALLBACK_SENDER
from polydesk.mail.service import queue_mail
from polydesk.models.approvals import Approval
from polydesk.models.catalogs import Priority, Status
from polydesk.models.comments import Comment
from polydesk.models.helpdesks import Helpdesk
from polydesk.models.jobs import OutgoingMail
from polydesk.models.users import User
from polydesk.notifications.catalogue import EVENTS, notified_as, render
from polydesk.notifications.overrides import Overrides, language_of
from polydesk.notifications.recipients import TicketPeople
from polydesk.settings.service import NOTIFICATION_FROM, get_setting

_ORDER = {kind: position for position, kind in enumerate(EVENTS)}
SYSTEM_NAME = "Polydesk"


@dataclass
class Composer:
    """Writes the mails of one ticket; each value is read once, whoever many people get it."""

    session: Session
    people: TicketPeople
    overrides: Overrides
    sender: str
    _values: dict[int, dict[str, str]] = field(default_factory=dict)

    def queue(self, user: User, envelopes: Sequence[Envelope]) -> OutgoingMail:
        ticket = self.people.ticket
        ordered = sorted(envelopes, key=lambda e: (_ORDER[notified_as(e.event.kind)], e.id))
        language = language_of(user.language)
        subject, bodies = "", []
        for envelope in ordered:
            values = self._of(envelope) | {"recipient": _name(user)}
            event = notified_as(envelope.event.kind)
            subject_template, body_template = self.overrides.template(event, language)
            subject = subject or render(subject_template, values)
            bodies.append(render(body_template, values).strip())
        return queue_mail(
            self.session,
            from_address=self.sender,
            to=[user.email or ""],
            subject=f"[Ticket#{ticket.number}] {subject}",
            body="\n\n".join(bodies) + "\n",
            ticket_id=ticket.id,
            headers={"X-Polydesk-Events": ", ".join(e.event.kind for e in ordered)},
        )

    def _of(self, envelope: Envelope) -> dict[str, str]:
        if not self._values:
            self._values[0] = _ticket_values(self.session, self.people)
        if envelope.id not in self._values:
            event_values = _event_values(self.session, self.people, envelope)
            self._values[envelope.id] = self._values[0] | event_values
        return self._values[envelope.id]


def sender(session: Session) -> str:
    return get_setting(session, NOTIFICATION_FROM) or FALLBACK_SENDER


def _ticket_values(session: Session, people: TicketPeople) -> dict[str, str]:
    ticket = people.ticket
    helpdesk = session.get(Helpdesk, ticket.helpdesk_id) if ticket.helpdesk_id else None
    return {
        "ticket_number": ticket.number,
        "ticket_title": ticket.title,
        "ticket_status": _status(session, ticket.status_id),
        "ticket_priority": _priority(session, ticket.priority_id),
        "helpdesk": helpdesk.name if helpdesk else "",
        "requester": _person(people, ticket.requester_id),
        "owner": _person(people, ticket.owner_id),
    }


def _event_values(session: Session, people: TicketPeople, envelope: Envelope) -> dict[str, str]:
    event: DomainEvent = envelope.event
    values = {"actor": _person(people, envelope.actor_id) or SYSTEM_NAME}
    if isinstance(event, ArticlePosted | SolutionProposed):
        comment = session.get(Comment, event.comment_id)
        if comment is not None:
            values |= {"article_subject": comment.subject, "article_body": comment.body}
    elif isinstance(event, StatusMoved):
        values |= {
            "old_status": _status(session, event.old_status_id),
            "new_status": _status(session, event.new_status_id),
        }
    elif isinstance(event, SlaWarning | SlaBreached):
        values |= {"sla_target": event.target.replace("_", " "), "due_at": event.due_at}
    elif isinstance(event, PendingReminderDue):
        values["pending_until"] = event.pending_until
    elif isinstance(event, ApprovalRequested):
        values["approval_kind"] = event.approval_kind
    elif isinstance(event, ApprovalVoterAdded):
        approval = session.get(Approval, event.approval_id)
        values["approval_kind"] = approval.kind if approval else ""
    return values


def _status(session: Session, status_id: int) -> str:
    status = session.get(Status, status_id)
    return status.name if status else ""


def _priority(session: Session, priority_id: int) -> str:
    priority = session.get(Priority, priority_id)
    return priority.name if priority else ""


def _person(people: TicketPeople, user_id: int | None) -> str:
    user = people.users.get(user_id) if user_id is not None else None
    return _name(user) if user else ""


def _name(user: User) -> str:
    return f"{user.first_name} {user.last_name}".strip() or user.login
