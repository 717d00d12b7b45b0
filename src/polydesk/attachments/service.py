"""Attachment use cases: attach a file to a ticket, list, read.

The bytes are written to the store before the row; a rolled-back transaction can leave an
unreferenced file behind, never a row without its file.
"""

from __future__ import annotations

import hashlib

from sqlalchemy.orm import Session

from polydesk.attachments.store import FileStore
from polydesk.authz.tickets import require_change
from polydesk.core.actor import Actor
from polydesk.core.clock import utcnow
from polydesk.core.errors import TooLarge, ValidationFailed, not_found
from polydesk.core.pagination import Page, PageRequest
from polydesk.history.service import record_event
from polydesk.models.attachments import Attachment
from polydesk.models.comments import Comment
from polydesk.models.history import EventKind
from polydesk.tickets.service import list_ticket_parts, require_ticket


def add_attachment(
    session: Session,
    actor: Actor,
    store: FileStore,
    *,
    ticket_id: int,
    filename: str,
    data: bytes,
    max_bytes: int,
    content_type: str = "application/octet-stream",
    comment_id: int | None = None,
    description: str = "",
) -> Attachment:
    ticket = require_ticket(session, actor, ticket_id)
    if not actor.is_customer:
        require_change(actor, ticket)
    _check_upload(filename, data, max_bytes)
    if comment_id is not None:
        comment = session.get(Comment, comment_id)
        if comment is None or comment.ticket_id != ticket.id:
            raise not_found("comment", comment_id)
    attachment = Attachment(
        ticket_id=ticket.id,
        comment_id=comment_id,
        uploaded_by_id=actor.user_id,
        filename=filename,
        content_type=content_type or "application/octet-stream",
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        storage_key=store.put(data),
        description=description,
        created_at=utcnow(),
    )
    session.add(attachment)
    session.flush()
    ticket.updated_at = attachment.created_at
    record_event(
        session,
        actor,
        ticket_id=ticket.id,
        kind=EventKind.ATTACHMENT_ADDED,
        related_id=attachment.id,
        new=filename,
    )
    return attachment


def list_attachments(
    session: Session, actor: Actor, ticket_id: int, page: PageRequest
) -> Page[Attachment]:
    return list_ticket_parts(session, actor, ticket_id, Attachment, page, Attachment.id)


def require_attachment(session: Session, actor: Actor, attachment_id: int) -> Attachment:
    attachment = session.get(Attachment, attachment_id)
    if attachment is None or attachment.ticket_id is None:
        raise not_found("attachment", attachment_id)
    require_ticket(session, actor, attachment.ticket_id)
    if actor.is_customer and not attachment.is_public:
        raise not_found("attachment", attachment_id)
    return attachment


def read_content(store: FileStore, attachment: Attachment) -> bytes:
    return store.get(attachment.storage_key)


def _check_upload(filename: str, data: bytes, max_bytes: int) -> None:
    if not filename or len(filename) > 255 or "/" in filename or "\x00" in filename:
        raise ValidationFailed("attachment.invalid_filename", "invalid file name")
    if len(data) > max_bytes:
        raise TooLarge("attachment.too_large", f"file exceeds {max_bytes} bytes", limit=max_bytes)
