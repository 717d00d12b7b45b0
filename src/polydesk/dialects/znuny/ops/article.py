"""The ``Article``, ``DynamicField`` and ``Attachment`` parts of TicketCreate / TicketUpdate
(spec §5.2-5.3), checked in the product's order and turned into core commands.

The order of the article checks is ``_CheckArticle``'s: Subject, Body, AutoResponseType,
CommunicationChannel, SenderType, From, the ArticleSend ``To``, ContentType / MimeType / Charset,
HistoryType, TimeUnit, NoAgentNotify, the notification user ids. Polydesk adds one check at the
end: ArticleSend with ``Sign`` or ``Crypt`` is refused, because it keeps no S/MIME or PGP keys.
"""

from __future__ import annotations

import base64
import codecs
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from polydesk.comments.schemas import CommentCreate
from polydesk.core.errors import ValidationFailed
from polydesk.customfields.service import get_field_by_name
from polydesk.db import Session
from polydesk.dialects._kit.hostile import row_id
from polydesk.dialects.znuny.errors import OperationError, OperationFault
from polydesk.dialects.znuny.ops.history_names import ARTICLE_TYPE_IDS
from polydesk.dialects.znuny.values import as_list, scalar_text, text, truthy
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
#: Every history type of a fresh install (Znuny checks HistoryType by a lookup in that table).
HISTORY_TYPES = frozenset(ARTICLE_TYPE_IDS)
NOTIFICATION_KEYS = (
    "ForceNotificationToUserID",
    "ExcludeNotificationToUserID",
    "ExcludeMuteNotificationToUserID",
)
CONTENT_TYPE_MISSING = (
    "Article->ContentType or Ticket->MimeType and Article->Charset parameters are required!"
)
TO_INVALID = "Article->To parameter must be a valid email address when Article->ArticleSend is set!"
_MIME = re.compile(r"^\w+/[\w.+-]+$")
_MIME_PREFIX = re.compile(r"^\w+/\w+")
_CHARSET = re.compile(r"charset=[\"']?([^;\"'\s]*)", re.IGNORECASE)
_TIME_UNIT = re.compile(r"^[0-9]{1,9}([.,][0-9]{1,9})?$")
_NOT_BASE64 = re.compile(r"[^A-Za-z0-9+/]")


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

    def missing(self, message: str) -> OperationError:
        return OperationError(f"{self.op}.MissingParameter", f"{self.op}: {message}")

    def invalid(self, message: str, op: str | None = None) -> OperationError:
        op = op or self.op
        return OperationError(f"{op}.InvalidParameter", f"{op}: {message}")

    @property
    def gap(self) -> str:
        return "  " if self.spaced else " "

    def check_structure(self, data: dict[str, Any]) -> None:
        """``DynamicField`` and ``Attachment``, when given, are an object or a non-empty list."""
        for key in ("DynamicField", "Attachment"):
            if data.get(key) is not None and entries(data[key]) is None:
                raise self.missing(f"{key} parameter is missing or not valid!")

    # --- article -----------------------------------------------------------------------------

    def article(self, given: dict[str, Any]) -> ArticlePlan:
        article = trimmed(given)
        for key in ("Subject", "Body"):
            if not text(article, key):
                raise self.missing(f"Article->{key} parameter is missing!")
        auto = text(article, "AutoResponseType")
        if auto and auto not in AUTO_RESPONSE_TYPES:
            raise self.invalid("Article->AutoResponseType parameter is invalid!")
        channel = self._channel(article)
        sender = self._sender(article)
        self._check_from(article)
        mailing = self._mailing(article)
        mime, charset = self._content_type(article)
        history = text(article, "HistoryType")
        if history and history not in HISTORY_TYPES:
            raise self.invalid("Article->HistoryType parameter is invalid!")
        seconds = self._time_seconds(article)
        self._check_notifications(article)
        if mailing is not None:
            self._check_signing(article)
            channel = Channel.EMAIL  # ArticleSend is only possible on the Email channel
        comment = self._comment(article, channel, sender, mime, charset)
        return ArticlePlan(comment, seconds, mailing)

    def _comment(
        self, article: dict[str, Any], channel: Channel, sender: SenderType, mime: str, charset: str
    ) -> CommentCreate:
        visible = article.get("IsVisibleForCustomer")
        return CommentCreate(
            body=text(article, "Body"),
            subject=text(article, "Subject"),
            # Customers write public articles only (the core's rule; Znuny would store it).
            is_public=self.is_customer or visible is None or truthy(visible),
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
            no_agent_notify=perl_true(article.get("NoAgentNotify")),
            notify_user_ids=_user_ids(article.get("ForceNotificationToUserID")),
            # Both exclude lists end in the notification's skip list (Znuny 6.5; the "mute"
            # one kept the agent on an old agent notification's To: line, which has no
            # counterpart here: each notification mail goes to one person).
            exclude_user_ids=sorted(
                set(_user_ids(article.get("ExcludeNotificationToUserID")))
                | set(_user_ids(article.get("ExcludeMuteNotificationToUserID")))
            ),
            auto_response_type=text(article, "AutoResponseType"),
            history_type=text(article, "HistoryType"),
            # ticket_history.name holds 200 characters.
            history_comment=text(article, "HistoryComment")[:200],
        )

    def _channel(self, article: dict[str, Any]) -> Channel:
        ident, name = text(article, "CommunicationChannelID"), text(article, "CommunicationChannel")
        if not ident and not name:
            return Channel.NOTE
        channel = CHANNELS.get(name.lower()) if name else CHANNEL_IDS.get(ident)
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

    def _check_from(self, article: dict[str, Any]) -> None:
        sender = text(article, "From")
        if not sender:
            return
        try:
            parse_address_list(sender)
        except ValidationFailed as error:
            raise self.invalid("Article->From parameter is invalid!") from error

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
            raise self.invalid(TO_INVALID, op="TicketCreate")
        return Mailing(to, cc, bcc)

    def _content_type(self, article: dict[str, Any]) -> tuple[str, str]:
        """``MimeType`` + ``Charset``, else what ``ContentType`` says; both checked if given."""
        content_type = " ".join(text(article, "ContentType").split()).lower()
        mime, charset = text(article, "MimeType").lower(), text(article, "Charset").lower()
        if not content_type and not mime and not charset:
            raise self.missing(CONTENT_TYPE_MISSING)
        if mime and not charset:
            raise self.missing("Article->Charset is required!")
        if charset and not mime:
            raise self.missing("Article->MimeType is required!")
        if mime and not _MIME.match(mime):
            raise self.invalid("Article->MimeType is invalid!")
        if charset and not _charset_ok(charset):
            raise self.invalid("Article->Charset is invalid!")
        if content_type:
            parsed = _parse_content_type(content_type)
            if parsed is None:
                raise self.invalid("Article->ContentType is invalid!")
            mime, charset = mime or parsed[0], charset or parsed[1]
        return mime, charset

    def _time_seconds(self, article: dict[str, Any]) -> int:
        units = text(article, "TimeUnit")
        if not truthy(units):
            return 0
        if not _TIME_UNIT.match(units):
            raise self.invalid("Article->TimeUnit parameter is invalid!")
        return int(Decimal(units.replace(",", ".")) * 60)

    def _check_notifications(self, article: dict[str, Any]) -> None:
        flag = article.get("NoAgentNotify")
        if perl_true(flag) and scalar_text(flag) != "1":
            raise self.invalid("Article->NoAgent parameter is invalid!")
        for key in NOTIFICATION_KEYS:
            value = article.get(key)
            if value is None:
                continue
            if isinstance(value, dict) and value:
                raise self.invalid(f"Article->{key} parameter is invalid!")
            for user_id in value if isinstance(value, list) and value else [value]:
                if not self._user_exists(scalar_text(user_id)):
                    raise self.invalid(
                        f"Article->{key} UserID={scalar_text(user_id)} parameter is invalid!"
                    )

    def _user_exists(self, ident: str) -> bool:
        user = get_user(self.session, row_id(ident))
        return user is not None and user.is_enabled

    def _check_signing(self, article: dict[str, Any]) -> None:
        for key in ("Sign", "Crypt"):
            if perl_true(article.get(key)):
                raise self.invalid(
                    f"Article->{key} is not possible: no S/MIME or PGP key is configured on "
                    "this system!"
                )

    # --- dynamic fields ----------------------------------------------------------------------

    def dynamic_fields(self, given: Any) -> dict[int, str]:
        """Field id -> the core's text for the value (lists joined for multi-select)."""
        values: dict[int, str] = {}
        for entry in entries(given) or []:
            if not isinstance(entry, dict) or not entry:
                raise _structure_fault(self.op, "Ticket->DynamicField parameter is invalid!")
            entry = trimmed(entry)
            for key in ("Name", "Value"):
                if _no_value(entry.get(key)):
                    raise self.missing(f"DynamicField->{key}{self.gap}parameter is missing!")
            name = entry["Name"]
            custom_field = get_field_by_name(self.session, name) if isinstance(name, str) else None
            if custom_field is None:
                raise self.invalid("DynamicField->Name parameter is invalid!")
            values[custom_field.id] = _field_text(entry["Value"], custom_field.field_type)
        return values

    # --- attachments -------------------------------------------------------------------------

    def attachments(self, given: Any, *, has_article: bool = True) -> list[FilePlan]:
        files = []
        for entry in entries(given) or []:
            if not isinstance(entry, dict) or not entry:
                raise _structure_fault(self.op, "Ticket->Attachment parameter is invalid!")
            if not has_article:
                raise self.missing("To create an attachment an article is needed!")
            files.append(self._file(trimmed(entry)))
        return files

    def _file(self, entry: dict[str, Any]) -> FilePlan:
        for key in ("Content", "ContentType", "Filename"):
            if not text(entry, key):
                raise self.missing(f"Attachment->{key}{self.gap}parameter is missing!")
        content_type = " ".join(text(entry, "ContentType").split()).lower()
        found = _CHARSET.search(content_type)
        charset = found.group(1) if found else ""
        if (charset and not _charset_ok(charset)) or not _MIME_PREFIX.match(content_type):
            raise self.invalid("Attachment->ContentType is invalid!")
        return FilePlan(
            text(entry, "Filename"), content_type, decode_base64(text(entry, "Content"))
        )


def entries(value: Any) -> list[Any] | None:
    """An object or a non-empty list (``IsHashRefWithData || IsArrayRefWithData``)."""
    if isinstance(value, dict) and value:
        return [value]
    if isinstance(value, list) and value:
        return value
    return None


def trimmed(given: dict[str, Any]) -> dict[str, Any]:
    """Leading and trailing white space goes from every scalar, as Znuny strips them."""
    return {key: value.strip() if isinstance(value, str) else value for key, value in given.items()}


def perl_true(value: Any) -> bool:
    """Perl truth of a decoded JSON value: every reference (list, object) is true."""
    return isinstance(value, list | dict) or truthy(value)


def decode_base64(content: str) -> bytes:
    """Lenient, like Perl's ``decode_base64``: other characters are skipped, padding is optional."""
    cleaned = _NOT_BASE64.sub("", content.partition("=")[0])
    cleaned = cleaned[: len(cleaned) - 1] if len(cleaned) % 4 == 1 else cleaned
    return base64.b64decode(cleaned + "=" * (-len(cleaned) % 4))


def _user_ids(value: Any) -> list[int]:
    """The ids of a checked ``*NotificationToUserID`` (a scalar or a list)."""
    if value is None:
        return []
    ids = (row_id(scalar_text(item)) for item in (value if isinstance(value, list) else [value]))
    return sorted({ident for ident in ids if ident})


def _structure_fault(op: str, message: str) -> OperationFault:
    """Validators that return a hash without ``Success`` end as a 500 fault (spec §4.2)."""
    return OperationFault(f"{op}: {message}")


def _no_value(value: Any) -> bool:
    """``!defined || (!IsString && ref ne 'ARRAY')``: null, objects and JSON booleans."""
    return value is None or isinstance(value, dict | bool)


def _parse_content_type(content_type: str) -> tuple[str, str] | None:
    """``text/plain; charset=utf8`` -> (mime, charset); None unless both parts are valid."""
    found = _CHARSET.search(content_type)
    charset = found.group(1) if found else ""
    if not charset or not _charset_ok(charset) or not _MIME_PREFIX.match(content_type):
        return None
    return content_type.partition(";")[0].strip(), charset


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
