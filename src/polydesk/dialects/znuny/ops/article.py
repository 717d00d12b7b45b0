"""The ``Article``, ``DynamicField`` and ``Attachment`` parts of TicketCreate / TicketUpdate
(spec §5.2-5.3), checked in the product's order and turned into core commands."""

from __future__ import annotations

import base64
import binascii
import codecs
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from polydesk.comments.schemas import CommentCreate
from polydesk.core.errors import ValidationFailed
from polydesk.customfields.service import get_field_by_name
from polydesk.db import Session
from polydesk.dialects.znuny.errors import OperationError, OperationFault
from polydesk.dialects.znuny.values import as_list, hash_or_list, scalar_text, text, truthy
from polydesk.mail.service import parse_address_list
from polydesk.models.comments import Channel, SenderType
from polydesk.models.customfields import FieldType
from polydesk.users.service import get_user

CHANNELS = {"email": Channel.EMAIL, "phone": Channel.PHONE, "internal": Channel.NOTE}
CHANNEL_IDS = {"1": Channel.EMAIL, "2": Channel.PHONE, "3": Channel.NOTE}
SENDER_TYPES = {
    "agent": SenderType.AGENT,
    "system": SenderType.SYSTEM,
    "customer": SenderType.CUSTOMER,
}
SENDER_TYPE_IDS = {"1": SenderType.AGENT, "2": SenderType.SYSTEM, "3": SenderType.CUSTOMER}
AUTO_RESPONSE_TYPES = {
    "auto reply",
    "auto reject",
    "auto follow up",
    "auto reply/new ticket",
    "auto remove",
}
HISTORY_TYPES = {
    "NewTicket", "FollowUp", "SendAutoReject", "SendAutoReply", "SendAutoFollowUp", "Forward",
    "Bounce", "SendAnswer", "SendAgentNotification", "SendCustomerNotification", "EmailAgent",
    "EmailCustomer", "PhoneCallAgent", "PhoneCallCustomer", "AddNote", "Move", "Lock", "Unlock",
    "Remove", "TimeAccounting", "CustomerUpdate", "PriorityUpdate", "OwnerUpdate",
    "LoopProtection", "Misc", "SetPendingTime", "StateUpdate", "TicketDynamicFieldUpdate",
    "WebRequestCustomer", "TicketLinkAdd", "TicketLinkDelete", "SystemRequest", "Merged",
    "ResponsibleUpdate", "Subscribe", "Unsubscribe", "TypeUpdate", "ServiceUpdate", "SLAUpdate",
    "ArchiveFlagUpdate", "TitleUpdate", "EmailResend", "Bulk",
}  # fmt: skip
NOTIFICATION_KEYS = (
    "ForceNotificationToUserID",
    "ExcludeNotificationToUserID",
    "ExcludeMuteNotificationToUserID",
)
_MIME = re.compile(r"^\w+/[\w.+-]+$")
_TIME_UNIT = re.compile(r"^\d+([.,]\d+)?$")


@dataclass
class Mailing:
    to: list[str]
    cc: list[str]
    bcc: list[str]


@dataclass
class ArticlePlan:
    comment: CommentCreate
    time_seconds: int = 0
    mailing: Mailing | None = None


@dataclass
class FilePlan:
    filename: str
    content_type: str
    data: bytes


@dataclass
class PartsReader:
    """Shared by both operations; ``spaced`` reproduces TicketCreate's doubled space."""

    session: Session
    op: str
    is_customer: bool
    spaced: bool
    errors: list[str] = field(default_factory=list)

    def missing(self, message: str) -> OperationError:
        return OperationError(f"{self.op}.MissingParameter", f"{self.op}: {message}")

    def invalid(self, message: str, op: str | None = None) -> OperationError:
        op = op or self.op
        return OperationError(f"{op}.InvalidParameter", f"{op}: {message}")

    # --- article -----------------------------------------------------------------------------

    def article(self, given: dict[str, Any]) -> ArticlePlan:
        article = {
            key: value.strip() if isinstance(value, str) else value for key, value in given.items()
        }
        subject, body = text(article, "Subject"), text(article, "Body")
        if not subject:
            raise self.missing("Article->Subject parameter is missing!")
        if not body:
            raise self.missing("Article->Body parameter is missing!")
        mime, charset = self._content_type(article)
        channel = self._channel(article)
        sender = self._sender(article)
        self._check_misc(article)
        mailing = self._mailing(article)
        if mailing is not None:
            channel = Channel.EMAIL
        comment = CommentCreate(
            body=body,
            subject=subject,
            is_public=truthy(article.get("IsVisibleForCustomer", "1")),
            channel=channel,
            sender_type=sender,
            mime_type=mime,
            charset=charset,
            from_address=text(article, "From"),
            to_addresses=text(article, "To"),
            cc_addresses=text(article, "Cc"),
            bcc_addresses=text(article, "Bcc"),
            reply_to=text(article, "ReplyTo"),
            in_reply_to=text(article, "InReplyTo"),
            references=text(article, "References"),
        )
        return ArticlePlan(comment, self._time_seconds(article), mailing)

    def _content_type(self, article: dict[str, Any]) -> tuple[str, str]:
        content_type = " ".join(text(article, "ContentType").split())
        if content_type:
            mime, _, params = content_type.partition(";")
            found = re.search(r"charset\s*=\s*\"?([\w.:-]+)", params, re.IGNORECASE)
            if (
                not found
                or not _MIME.match(mime.strip().lower())
                or not _charset_ok(found.group(1))
            ):
                raise self.invalid("Article->ContentType is invalid!")
            return mime.strip().lower(), found.group(1)
        mime, charset = text(article, "MimeType"), text(article, "Charset")
        if not mime and not charset:
            raise self.missing(
                "Article->ContentType or Ticket->MimeType and Article->Charset parameters are required!"
            )
        if not charset:
            raise self.missing("Article->Charset is required!")
        if not mime:
            raise self.missing("Article->MimeType is required!")
        if not _MIME.match(mime.lower()):
            raise self.invalid("Article->MimeType is invalid!")
        if not _charset_ok(charset):
            raise self.invalid("Article->Charset is invalid!")
        return mime.lower(), charset

    def _channel(self, article: dict[str, Any]) -> Channel:
        ident, name = text(article, "CommunicationChannelID"), text(article, "CommunicationChannel")
        if not ident and not name:
            return Channel.NOTE
        channel = CHANNEL_IDS.get(ident) if ident else CHANNELS.get(name.lower())
        if channel is None:
            raise self.invalid(
                "Article->CommunicationChannel or Article->CommunicationChannelID parameter is "
                "invalid or not supported!"
            )
        return channel

    def _sender(self, article: dict[str, Any]) -> SenderType:
        ident, name = text(article, "SenderTypeID"), text(article, "SenderType")
        if not ident and not name:
            return SenderType.CUSTOMER if self.is_customer else SenderType.AGENT
        sender = SENDER_TYPE_IDS.get(ident) if ident else SENDER_TYPES.get(name)
        if sender is None:
            raise self.invalid("Article->SenderTypeID or Ticket->SenderType parameter is invalid!")
        return sender

    def _check_misc(self, article: dict[str, Any]) -> None:
        auto = text(article, "AutoResponseType")
        if auto and auto not in AUTO_RESPONSE_TYPES:
            raise self.invalid("Article->AutoResponseType parameter is invalid!")
        sender = text(article, "From")
        if sender:
            try:
                parse_address_list(sender)
            except ValidationFailed as error:
                raise self.invalid("Article->From parameter is invalid!") from error
        history = text(article, "HistoryType")
        if history and history not in HISTORY_TYPES:
            raise self.invalid("Article->HistoryType parameter is invalid!")
        units = text(article, "TimeUnit")
        if units and not _TIME_UNIT.match(units):
            raise self.invalid("Article->TimeUnit parameter is invalid!")
        if "NoAgentNotify" in article and text(article, "NoAgentNotify") not in ("", "1"):
            raise self.invalid("Article->NoAgent parameter is invalid!")
        for key in NOTIFICATION_KEYS:
            for user_id in as_list(article.get(key)):
                ident = scalar_text(user_id)
                if not ident.isdigit() or get_user(self.session, int(ident)) is None:
                    raise self.invalid(f"Article->{key} UserID={ident} parameter is invalid!")

    def _time_seconds(self, article: dict[str, Any]) -> int:
        units = text(article, "TimeUnit").replace(",", ".")
        return int(Decimal(units) * 60) if units else 0

    def _mailing(self, article: dict[str, Any]) -> Mailing | None:
        if not truthy(article.get("ArticleSend")):
            return None
        try:
            to = parse_address_list(text(article, "To"))
            cc = parse_address_list(text(article, "Cc"))
            bcc = parse_address_list(text(article, "Bcc"))
        except ValidationFailed:
            to = []
        if not to:
            # TicketUpdate answers with TicketCreate's code here (spec §5.3, a product quirk).
            raise self.invalid(
                "Article->To parameter must be a valid email address when Article->ArticleSend is set!",
                op="TicketCreate",
            )
        for key in ("Sign", "Crypt"):
            if article.get(key):
                raise self.invalid(
                    f"Article->{key} is not possible: no S/MIME or PGP key is configured on "
                    "this system!"
                )
        return Mailing(to, cc, bcc)

    # --- dynamic fields ----------------------------------------------------------------------

    def dynamic_fields(self, given: Any) -> dict[int, str]:
        """Field id -> the core's text for the value (lists joined for multi-select)."""
        entries = hash_or_list(given)
        if entries is None:
            raise self.missing("DynamicField parameter is missing or not valid!")
        gap = "  " if self.spaced else " "
        values: dict[int, str] = {}
        for entry in entries:
            if not isinstance(entry, dict) or not entry:
                raise _structure_fault(self.op, "Ticket->DynamicField parameter is invalid!")
            name = text(entry, "Name")
            if not name:
                raise self.missing(f"DynamicField->Name{gap}parameter is missing!")
            custom_field = get_field_by_name(self.session, name)
            if custom_field is None:
                raise self.invalid("DynamicField->Name parameter is invalid!")
            values[custom_field.id] = _field_text(entry.get("Value"), custom_field.field_type)
        return values

    # --- attachments -------------------------------------------------------------------------

    def attachments(self, given: Any) -> list[FilePlan]:
        entries = hash_or_list(given)
        if entries is None:
            raise self.missing("Attachment parameter is missing or not valid!")
        gap = "  " if self.spaced else " "
        files = []
        for entry in entries:
            if not isinstance(entry, dict) or not entry:
                raise _structure_fault(self.op, "Ticket->Attachment parameter is invalid!")
            for key in ("Content", "ContentType", "Filename"):
                if not text(entry, key):
                    raise self.missing(f"Attachment->{key}{gap}parameter is missing!")
            mime = text(entry, "ContentType").split(";")[0].strip().lower()
            if not re.match(r"^\w+/\w+", mime):
                raise self.invalid("Attachment->ContentType is invalid!")
            try:
                data = base64.b64decode(text(entry, "Content"), validate=False)
            except (binascii.Error, ValueError) as error:
                raise self.invalid("Attachment->Content parameter is invalid!") from error
            files.append(FilePlan(text(entry, "Filename"), text(entry, "ContentType"), data))
        return files


def _structure_fault(op: str, message: str) -> OperationFault:
    """Validators that return a hash without ``Success`` end as a 500 fault (spec §4.2)."""
    return OperationFault(f"{op}: {message}")


def _charset_ok(charset: str) -> bool:
    try:
        codecs.lookup(charset)
    except LookupError:
        return False
    return True


def _field_text(value: Any, kind: FieldType) -> str:
    items = [scalar_text(item) for item in as_list(value)]
    if kind is FieldType.MULTI_LIST:
        return ",".join(items)
    return items[0] if items else ""
