"""Core rows as Znuny's TicketGet keys (spec §5.4). Value types are those a real Znuny 6.5 on
MariaDB sends (spec §11.1): integer columns (ids, ``CreateBy``, epochs) are JSON numbers, and
the few keys Znuny builds as text (``SenderTypeID``, ``FileID``, ``FilesizeRaw``) stay strings."""

from __future__ import annotations

import base64
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from polydesk.attachments.service import read_content
from polydesk.attachments.store import FileStore
from polydesk.core.actor import Actor
from polydesk.core.clock import utcnow
from polydesk.db import Session
from polydesk.dialects.znuny.mapping import (
    LOCK_IDS,
    CodeTable,
    code_table,
    service_paths,
    state_type,
)
from polydesk.models.attachments import Attachment
from polydesk.models.comments import Channel, Comment, SenderType
from polydesk.models.customfields import CustomField, FieldType
from polydesk.models.tickets import Ticket
from polydesk.models.users import User
from polydesk.tickets.digest import TicketDigest

ROOT_USER_ID = 1  # Znuny's root@localhost: owner and responsible when the core has none
#: Core channel -> CommunicationChannelID (Znuny 6.5 sends the id only, no name key).
CHANNEL_IDS = {Channel.EMAIL: 1, Channel.PHONE: 2, Channel.CHAT: 4}
INTERNAL_ID = 3
SENDER_TYPES = {SenderType.AGENT: "1", SenderType.SYSTEM: "2", SenderType.CUSTOMER: "3"}


def timestamp(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S") if moment else ""


def epoch(moment: datetime | None) -> int:
    return int(moment.timestamp()) if moment else 0


def number(code: str) -> int | str:
    """A product code as the integer column it is; a code that is no number stays text."""
    return int(code) if code.isascii() and code.isdigit() else code


def minutes(seconds: int) -> int | float:
    """Time units are minutes; whole numbers print without a fraction, as Perl does."""
    value = round(seconds / 60, 2)
    return int(value) if value == int(value) else value


@dataclass
class Lookups:
    """Znuny's view of the shared read model (``tickets.digest``): the digest of the tickets
    being rendered, for the reader, plus the dialect's own code tables."""

    digest: TicketDigest
    states: CodeTable
    priorities: CodeTable
    types: CodeTable
    services: dict[int, str]

    @classmethod
    def load(cls, session: Session, actor: Actor, tickets: Iterable[Ticket]) -> Lookups:
        return cls(
            digest=TicketDigest(session, actor, list(tickets), extra_user_ids=(ROOT_USER_ID,)),
            states=code_table(session, "status"),
            priorities=code_table(session, "priority"),
            types=code_table(session, "type"),
            services={cid: path for path, cid in service_paths(session).items()},
        )

    @property
    def users(self) -> dict[int, User]:
        return self.digest.users

    @property
    def queues(self) -> dict[int, str]:
        return self.digest.helpdesks

    def add_references(self, queue_ids: set[int], user_ids: set[int]) -> None:
        """Names of queues and users that only old history lines mention."""
        self.digest.add_helpdesks(queue_ids)
        self.digest.add_users(user_ids)

    def login(self, user_id: int | None) -> str:
        return self.digest.login(user_id)

    def time_unit(self, ticket_id: int) -> int | float:
        """Minutes of the time the reader may see on the ticket."""
        return minutes(sum(self.digest.durations.get(ticket_id, ())))


def customer_id(ticket: Ticket, lookups: Lookups) -> str | None:
    """A free-text CustomerID (no such company) wins: the core fills the company from the
    requester when a ticket is created without one."""
    value = (ticket.extra or {}).get("znuny.customer_id")
    if value:
        return str(value)
    company = lookups.digest.companies.get(ticket.company_id) if ticket.company_id else None
    return (company.code or company.name) if company is not None else None


def customer_user(ticket: Ticket, lookups: Lookups) -> str | None:
    if ticket.requester_id is not None:
        return lookups.login(ticket.requester_id) or None
    return ticket.contact_email or None


def lock_name(ticket: Ticket) -> str:
    if not ticket.is_locked:
        return "unlock"
    return "tmp_lock" if (ticket.extra or {}).get("znuny.lock") == "tmp_lock" else "lock"


def ticket_data(ticket: Ticket, lookups: Lookups, now: datetime | None = None) -> dict[str, Any]:
    now = now or utcnow()
    data: dict[str, Any] = {
        "Age": int((now - ticket.created_at).total_seconds()),
        "ArchiveFlag": "y" if ticket.is_archived else "n",
        "ChangeBy": ticket.last_editor_id or ticket.creator_id or ROOT_USER_ID,
        "Changed": timestamp(ticket.updated_at),
        "CreateBy": ticket.creator_id or ROOT_USER_ID,
        "Created": timestamp(ticket.created_at),
        "CustomerID": customer_id(ticket, lookups),
        "CustomerUserID": customer_user(ticket, lookups),
        "GroupID": 1,
        "Queue": lookups.queues.get(ticket.helpdesk_id, "") if ticket.helpdesk_id else "",
        "QueueID": ticket.helpdesk_id or 0,
        "RealTillTimeNotUsed": epoch(ticket.pending_until),
        # ``$Row[19] || ''``: the integer column when set (a number), text when NULL.
        "SLAID": ticket.sla_id or "",
        "ServiceID": ticket.category_id or "",
        "TicketID": ticket.id,
        "TicketNumber": ticket.number,
        "TimeUnit": lookups.time_unit(ticket.id),
        "Title": ticket.title,
        "UnlockTimeout": epoch(ticket.unlock_reset_at),
        "UntilTime": int((ticket.pending_until - now).total_seconds())
        if ticket.pending_until
        else 0,
    }
    data.update(_people(ticket, lookups))
    data.update(_codes(ticket, lookups))
    data.update(_escalation(ticket))
    if ticket.sla_id:
        data["SLA"] = lookups.digest.slas.get(ticket.sla_id, "")
    if ticket.category_id:
        data["Service"] = lookups.services.get(ticket.category_id, "")
    return data


def _people(ticket: Ticket, lookups: Lookups) -> dict[str, Any]:
    """Owner and responsible; root@localhost stands in when the core has none."""
    owner = ticket.owner_id or ROOT_USER_ID
    responsible = ticket.responsible_id or ROOT_USER_ID
    return {
        "Owner": lookups.login(owner),
        "OwnerID": owner,
        "Responsible": lookups.login(responsible),
        "ResponsibleID": responsible,
    }


def _codes(ticket: Ticket, lookups: Lookups) -> dict[str, Any]:
    """Lock, priority, state and type as Znuny names and (numeric) ids."""
    lock = lock_name(ticket)
    state_code = lookups.states.code(ticket.status_id)
    type_code = lookups.types.code(ticket.type_id)
    return {
        "Lock": lock,
        "LockID": number(LOCK_IDS[lock]),
        "Priority": lookups.priorities.label(ticket.priority_id),
        "PriorityID": number(lookups.priorities.code(ticket.priority_id)),
        "State": lookups.states.label(ticket.status_id),
        "StateID": number(state_code),
        "StateType": state_type(state_code, ticket.status.category),
        "Type": lookups.types.label(ticket.type_id) or "Unclassified",
        "TypeID": int(type_code) if type_code.isdigit() else 1,
    }


def _escalation(ticket: Ticket) -> dict[str, int]:
    due = [
        d
        for d in (ticket.first_response_due_at, ticket.update_due_at, ticket.resolution_due_at)
        if d
    ]
    return {
        "EscalationResponseTime": epoch(ticket.first_response_due_at),
        "EscalationUpdateTime": epoch(ticket.update_due_at),
        "EscalationSolutionTime": epoch(ticket.resolution_due_at),
        "EscalationTime": epoch(min(due)) if due else 0,
    }


def article_data(
    comment: Comment, number: int, time_seconds: int, users: dict[int, User]
) -> dict[str, Any]:
    author = comment.author_id or ROOT_USER_ID
    mime = comment.mime_type or "text/plain"
    charset = comment.charset or "utf-8"
    sender = users.get(comment.author_id) if comment.author_id else None
    return {
        "ArticleID": comment.id,
        "ArticleNumber": number,
        "Bcc": comment.bcc_addresses,
        "Body": comment.body,
        "Cc": comment.cc_addresses,
        "ChangeBy": author,
        "ChangeTime": timestamp(comment.created_at),
        "Charset": charset,
        "CommunicationChannelID": CHANNEL_IDS.get(comment.channel, INTERNAL_ID),
        "ContentCharset": charset,
        "ContentType": f"{mime}; charset={charset}",
        "CreateBy": author,
        "CreateTime": timestamp(comment.created_at),
        "From": comment.from_address or (_full_name(sender) if sender else ""),
        "InReplyTo": comment.in_reply_to,
        "IncomingTime": epoch(comment.created_at),
        "IsVisibleForCustomer": 1 if comment.is_public else 0,
        "MessageID": comment.message_id,
        "MimeType": mime,
        "References": comment.references,
        "ReplyTo": comment.reply_to,
        "SenderType": comment.sender_type.value,
        "SenderTypeID": SENDER_TYPES[comment.sender_type],
        "Subject": comment.subject,
        "TicketID": comment.ticket_id,
        "TimeUnit": minutes(time_seconds),
        "To": comment.to_addresses,
    }


def _full_name(user: User) -> str:
    return " ".join(part for part in (user.first_name, user.last_name) if part) or user.login


def attachment_data(
    attachment: Attachment, file_id: int, store: FileStore, *, with_content: bool
) -> dict[str, Any]:
    content = ""
    if with_content:
        content = base64.b64encode(read_content(store, attachment)).decode()
    return {
        "Content": content,
        "ContentAlternative": "",
        "ContentID": attachment.content_id,
        "ContentType": attachment.content_type,
        "Disposition": attachment.disposition,
        "FileID": str(file_id),
        "Filename": attachment.filename,
        "FilesizeRaw": str(attachment.size),
    }


def dynamic_fields(defined: Iterable[CustomField], values: dict[int, str]) -> list[dict[str, Any]]:
    """``[{"Name","Value"}]`` for every defined ticket field, sorted by name; ``null`` when
    unset, multi-select values as lists, dates as Znuny writes them."""
    entries = [
        {"Name": field.name, "Value": _field_value(field, values.get(field.id, ""))}
        for field in defined
    ]
    return sorted(entries, key=lambda entry: str(entry["Name"]))


def _field_value(custom_field: CustomField, text: str) -> Any:
    if not text:
        return None
    if custom_field.field_type is FieldType.MULTI_LIST:
        return [part for part in text.split(",") if part]
    if custom_field.field_type is FieldType.DATE:
        return f"{text} 00:00:00"
    if custom_field.field_type is FieldType.DATETIME:
        try:
            return timestamp(datetime.fromisoformat(text).astimezone(UTC))
        except ValueError:
            return text
    return text
