"""A raw message as the pipeline needs it: headers decoded (RFC 2047), the text and HTML
bodies in their declared charsets, and the files (attachments and inline images) byte-exact."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import getaddresses, parseaddr

from polydesk.core.errors import ValidationFailed

#: Headers that mark a message no one should answer (RFC 3834, and what the common
#: autoresponders send); the pipeline drops such a message (see docs/mail-in.md).
_BULK_PRECEDENCE = {"bulk", "junk", "list"}
_IDS = re.compile(r"<[^<>\s]+>")


@dataclass(frozen=True)
class MailFile:
    filename: str
    data: bytes
    content_type: str
    inline: bool
    content_id: str = ""


@dataclass(frozen=True)
class ParsedMail:
    message_id: str
    from_address: str
    from_name: str
    to: list[str]
    cc: list[str]
    subject: str
    text: str
    html: str
    files: list[MailFile] = field(default_factory=list)
    in_reply_to: str = ""
    references: list[str] = field(default_factory=list)
    is_automatic: bool = False

    @property
    def body(self) -> tuple[str, str]:
        """The article's body and its type: the text part, else the HTML part as HTML."""
        if self.text.strip():
            return self.text, "text/plain"
        if self.html.strip():
            return self.html, "text/html"
        return "(no text)", "text/plain"


def parse_message(raw: bytes) -> ParsedMail:
    """``mail.unparseable`` when the bytes are no message (no From address, no headers)."""
    try:
        message = message_from_bytes(raw, policy=policy.default)
        assert isinstance(message, EmailMessage)
        sender = str(message.get("From", ""))
    except Exception as exc:  # the email package raises many kinds on broken input
        raise ValidationFailed("mail.unparseable", f"unreadable message: {exc}") from exc
    name, address = parseaddr(sender)
    if "@" not in address:
        raise ValidationFailed("mail.unparseable", "the message has no From address")
    text, html, files = _parts(message)
    return ParsedMail(
        message_id=_first_id(str(message.get("Message-ID", ""))) or _digest_id(raw),
        from_address=address.strip(), from_name=name.strip(),
        to=_addresses(message, "To"), cc=_addresses(message, "Cc"),
        subject=" ".join(str(message.get("Subject", "")).split())[:900],
        text=text, html=html, files=files,
        in_reply_to=_first_id(str(message.get("In-Reply-To", ""))),
        references=_IDS.findall(str(message.get("References", ""))),
        is_automatic=is_automatic(message),
    )  # fmt: skip


def is_automatic(message: EmailMessage) -> bool:
    auto = str(message.get("Auto-Submitted", "no")).strip().lower()
    precedence = str(message.get("Precedence", "")).strip().lower()
    return (
        auto not in ("", "no")
        or precedence in _BULK_PRECEDENCE
        or "X-Autoreply" in message
        or "X-Autorespond" in message
    )


def _parts(message: EmailMessage) -> tuple[str, str, list[MailFile]]:
    text = html = ""
    files: list[MailFile] = []
    for part in message.walk():
        if part.is_multipart():
            continue
        kind = part.get_content_type()
        disposition = part.get_content_disposition()
        if disposition is None and kind in ("text/plain", "text/html"):
            if kind == "text/plain" and not text:
                text = _text(part)
                continue
            if kind == "text/html" and not html:
                html = _text(part)
                continue
        files.append(_file(part, len(files)))
    return text, html, files


def _text(part: EmailMessage) -> str:
    """The part decoded in its charset; an unknown charset falls back to Latin-1, which maps
    every byte, so nothing is lost to a mislabelled message."""
    data = part.get_payload(decode=True) or b""
    assert isinstance(data, bytes)
    charset = part.get_content_charset() or "us-ascii"
    try:
        return data.decode(charset, errors="replace")
    except LookupError:
        return data.decode("latin-1")


def _file(part: EmailMessage, index: int) -> MailFile:
    data = part.get_payload(decode=True) or b""
    assert isinstance(data, bytes)
    kind = part.get_content_type()
    subtype = kind.split("/", 1)[1] if "/" in kind else "bin"
    name = part.get_filename() or f"part-{index + 1}.{subtype}"
    return MailFile(
        filename=name[:255], data=data, content_type=kind,
        inline=part.get_content_disposition() != "attachment",
        content_id=str(part.get("Content-ID", "")).strip(),
    )  # fmt: skip


def _addresses(message: EmailMessage, header: str) -> list[str]:
    values = [str(value) for value in message.get_all(header, [])]
    return [address for _, address in getaddresses(values) if address]


def _first_id(value: str) -> str:
    found = _IDS.findall(value)
    return found[0][:998] if found else ""


def _digest_id(raw: bytes) -> str:
    """A message without a Message-ID is known by its content, so a rerun still skips it."""
    return f"<{hashlib.sha256(raw).hexdigest()}@no-message-id.polydesk.invalid>"
