"""Queue outgoing mail: an outbox row in the caller's transaction, sent by the worker after commit.

Everything that could make the SMTP step fail for good (bad addresses, header injection, unknown
attachments) is refused here, while the edge can still report it to its caller.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from email.utils import getaddresses, make_msgid

from sqlalchemy import select
from sqlalchemy.orm import Session

from polydesk.core.clock import utcnow
from polydesk.core.errors import ValidationFailed, not_found
from polydesk.models.attachments import Attachment
from polydesk.models.jobs import JobStatus, OutgoingMail

MIME_TYPES = frozenset({"text/plain", "text/html"})
#: Headers the sender writes itself; an edge may not set them through ``headers``.
RESERVED_HEADERS = frozenset(
    {"from", "to", "cc", "bcc", "subject", "date", "mime-version", "content-type",
     "content-transfer-encoding", "content-disposition"}
)  # fmt: skip
_HEADER_NAME = re.compile(r"[!-9;-~]{1,76}")  # printable ASCII without ":" (RFC 5322 ftext)
_SPECIALS = re.compile(r'[][\\()<>@,:;".]')  # a display name with these must be quoted
_MAX_ADDRESS = 1000


def queue_mail(
    session: Session,
    *,
    from_address: str,
    to: Sequence[str],
    cc: Sequence[str] = (),
    bcc: Sequence[str] = (),
    subject: str,
    body: str,
    mime_type: str = "text/plain",
    ticket_id: int | None = None,
    comment_id: int | None = None,
    headers: dict[str, str] | None = None,
    attachment_ids: list[int] | None = None,
) -> OutgoingMail:
    """Write a pending mail, due now; ``headers["Message-ID"]`` is set so edges can thread on it."""
    sender = _one_address(from_address)
    to_list, cc_list, bcc_list = (_addresses(part) for part in (to, cc, bcc))
    if not (to_list or cc_list or bcc_list):
        raise ValidationFailed("mail.invalid_address", "a mail needs at least one recipient")
    kind = _mime_type(mime_type)
    extra = _headers(headers or {})
    if not any(name.lower() == "message-id" for name in extra):
        extra["Message-ID"] = make_msgid(domain=_domain(sender))
    ids = list(attachment_ids or [])
    _require_attachments(session, ids)
    now = utcnow()
    mail = OutgoingMail(
        ticket_id=ticket_id, comment_id=comment_id, from_address=sender,
        to_addresses=", ".join(to_list), cc_addresses=", ".join(cc_list),
        bcc_addresses=", ".join(bcc_list), subject=" ".join(subject.splitlines()), body=body,
        mime_type=kind, headers=extra, attachment_ids=ids, status=JobStatus.PENDING,
        attempts=0, next_attempt_at=now, last_error="", created_at=now,
    )  # fmt: skip
    session.add(mail)
    session.flush()
    return mail


def parse_address_list(text: str) -> list[str]:
    """Split a header-style list (``"A <a@x>, b@y"``) into formatted addresses; [] if blank."""
    if not text.strip():
        return []
    pieces = [piece for piece in _split(text) if piece != ("", "")]
    if not pieces or any(not _valid(address) for _name, address in pieces):
        raise ValidationFailed("mail.invalid_address", f"not a valid address list: {text!r}")
    return [_format(name, address) for name, address in pieces]


def envelope_addresses(formatted: str) -> list[str]:
    """The bare addresses (for the SMTP envelope) of a stored, comma-separated address list."""
    return [address for _name, address in getaddresses([formatted]) if address]


def _split(text: str) -> list[tuple[str, str]]:
    if "\r" in text or "\n" in text or len(text) > 100 * _MAX_ADDRESS:
        raise ValidationFailed("mail.invalid_address", "address lists are one line")
    return getaddresses([text])


def _addresses(entries: Iterable[str]) -> list[str]:
    return [_one_address(entry) for entry in entries]


def _one_address(entry: str) -> str:
    """One address (``"Name <a@x>"`` or ``"a@x"``), formatted; a list of several is refused."""
    pieces = _split(entry)
    if len(pieces) != 1 or not _valid(pieces[0][1]) or len(entry) > _MAX_ADDRESS:
        raise ValidationFailed("mail.invalid_address", f"not a valid e-mail address: {entry!r}")
    return _format(*pieces[0])


def _valid(address: str) -> bool:
    local, at, domain = address.rpartition("@")
    return bool(at and local and domain) and not any(c.isspace() or c in "<>," for c in address)


def _format(name: str, address: str) -> str:
    """Like ``email.utils.formataddr`` but keeps non-ASCII names readable (encoded on send)."""
    if not name:
        return address
    if _SPECIALS.search(name):
        name = '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"{name} <{address}>"


def _domain(formatted: str) -> str:
    address = envelope_addresses(formatted)[0]
    domain = address.rpartition("@")[2]
    return domain if domain.isascii() else "polydesk.localhost"


def _mime_type(mime_type: str) -> str:
    kind = mime_type.partition(";")[0].strip().lower()
    if kind not in MIME_TYPES:
        raise ValidationFailed("mail.invalid_mime_type", f"cannot send a {mime_type!r} body")
    return kind


def _headers(headers: dict[str, str]) -> dict[str, str]:
    """Copy the extra headers, refusing names we own and any value that could inject lines."""
    for name, value in headers.items():
        if not _HEADER_NAME.fullmatch(name) or name.lower() in RESERVED_HEADERS:
            raise ValidationFailed("mail.invalid_header", f"header {name!r} cannot be set")
        if "\r" in value or "\n" in value:
            raise ValidationFailed("mail.invalid_header", f"header {name!r} has a line break")
    return dict(headers)


def _require_attachments(session: Session, ids: list[int]) -> None:
    if not ids:
        return
    found = set(session.scalars(select(Attachment.id).where(Attachment.id.in_(ids))))
    missing = [attachment_id for attachment_id in ids if attachment_id not in found]
    if missing:
        raise not_found("attachment", missing[0])
